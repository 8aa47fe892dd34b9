/* role.c - role names and where each role is held. */
#include "role.h"

#include "../lib/text.h"

static const char *const role_names[ROLE__MAX + 1] = {
	[ROLE_WORKER] = "worker",
	[ROLE_SPO_MANAGER] = "spo_manager",
	[ROLE_SPONSOR] = "sponsor",
	[ROLE_SAH_COORDINATOR] = "sah_coordinator",
	[ROLE_REFUGEE] = "refugee",
	[ROLE_LIP_COORDINATOR] = "lip_coordinator",
	[ROLE_EVALUATOR] = "evaluator",
	[ROLE_ADMIN] = "admin",
	[ROLE__MAX] = 0,
};

static const char *const role_kinds[ROLE__MAX] = {
	[ROLE_WORKER] = "spo",
	[ROLE_SPO_MANAGER] = "spo",
	[ROLE_SAH_COORDINATOR] = "sah",
	[ROLE_LIP_COORDINATOR] = "lip",
	[ROLE_EVALUATOR] = "funder",
};

int role_parse(const char *s)
{
	return text_lookup(role_names, s);
}

const char *role_name(enum role r)
{
	return r < ROLE__MAX ? role_names[r] : "unknown";
}

const char *role_org_kind(enum role r)
{
	return r < ROLE__MAX ? role_kinds[r] : 0;
}
