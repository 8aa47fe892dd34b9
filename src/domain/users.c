/* users.c - account creation: a role is held in the kind of place DESIGN.md
 * gives it (an SPO, a SAH, a LIP, a funder, a sponsor group, a case). */
#include "users.h"

#include <string.h>

#include "../lib/clock.h"
#include "../lib/text.h"
#include "audit.h"
#include "role.h"

static int check_place(struct store *st, const struct user_spec *s, enum role role, struct arena *a,
		       struct tandem_err *e)
{
	const char *kind = role_org_kind(role);
	struct org_rec org;
	struct group_rec g;
	struct tandem_err ig;

	if (kind) {
		if (!s->org_id || s->group_id)
			return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "org",
						 "A %s belongs to an organization of kind %s (--org ID).",
						 role_name(role), kind);
		if (st->ops->org_get(st, s->org_id, a, &org, &ig) || strcmp(org.kind, kind) != 0)
			return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "org",
						 "Organization %lld is not an organization of kind %s.",
						 (long long)s->org_id, kind);
		return 0;
	}
	if (role == ROLE_SPONSOR) {
		if (!s->group_id || s->org_id)
			return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "group",
						 "A sponsor belongs to a sponsor group (--group ID).");
		if (st->ops->group_get(st, s->group_id, a, &g, &ig))
			return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "group",
						 "There is no sponsor group %lld.", (long long)s->group_id);
		return 0;
	}
	if (s->org_id || s->group_id)
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "org",
					 "A %s holds no organization or group membership.", role_name(role));
	return 0;
}

int users_check(struct store *st, const struct user_spec *s, struct tandem_err *e)
{
	struct arena *a = arena_new();
	int role = role_parse(s->role), rc;

	if (!a)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	if (!s->email || !text_email_valid(s->email))
		rc = tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "email", "%s is not an e-mail address.",
				       s->email ? s->email : "(none)");
	else if (role < 0)
		rc = tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "role", "%s is not a role.",
				       s->role ? s->role : "(none)");
	else if (!s->name || !s->name[0] || strlen(s->name) > 100 || !text_utf8_valid(s->name, strlen(s->name)))
		rc = tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "name", "A name has 1 to 100 characters.");
	else if (s->person_id && role != ROLE_REFUGEE)
		rc = tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "person",
				       "Only a refugee account is linked to a person of a case.");
	else
		rc = check_place(st, s, (enum role)role, a, e);
	arena_free(a);
	return rc;
}

int users_insert(struct store *st, const struct user_spec *s, int64_t *id, struct tandem_err *e)
{
	struct user_rec u = {
		.email = s->email, .name = s->name, .role = s->role, .language = s->language ? s->language : "en",
		.pwhash = s->pwhash, .created_at = clock_now(),
	};
	int rc = st->ops->user_create(st, &u, e);

	if (!rc && (s->org_id || s->group_id))
		rc = st->ops->membership_add(st, u.id, s->org_id, s->group_id, e);
	if (!rc && s->person_id)
		rc = st->ops->person_set_user(st, s->person_id, u.id, e);
	if (!rc)
		*id = u.id;
	return rc;
}

struct creation {
	const struct user_spec *spec;
	int64_t *id;
};

static int create_fn(struct store *st, void *arg, struct tandem_err *e)
{
	const struct creation *c = arg;
	return users_insert(st, c->spec, c->id, e);
}

int users_create(struct store *st, const struct user_spec *s, int64_t *id, struct tandem_err *e)
{
	int rc = users_check(st, s, e);

	return rc ? rc : audit_run(st, create_fn, &(struct creation){ s, id }, NULL, 0, e);
}

int users_list(struct store *st, struct arena *a, struct user_rec **rows, size_t *n, struct tandem_err *e)
{
	return st->ops->user_list(st, a, rows, n, e);
}
