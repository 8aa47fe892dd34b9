/* role.h - the eight roles of DESIGN.md section 2, as named in the API, the
 * CLI and the data. */
#ifndef TANDEM_ROLE_H
#define TANDEM_ROLE_H

enum role {
	ROLE_WORKER,
	ROLE_SPO_MANAGER,
	ROLE_SPONSOR,
	ROLE_SAH_COORDINATOR,
	ROLE_REFUGEE,
	ROLE_LIP_COORDINATOR,
	ROLE_EVALUATOR,
	ROLE_ADMIN,
	ROLE__MAX
};

/* Returns the role named s, or -1. */
int role_parse(const char *s);
const char *role_name(enum role r);
/* The organization kind a role's membership must be in ("spo", "sah",
 * "lip", "funder"), NULL for roles held in a sponsor group or none. */
const char *role_org_kind(enum role r);

#endif
