/* users.c - account creation: a role is held in the kind of place DESIGN.md
 * gives it (an SPO, a SAH, a LIP, a funder, a sponsor group, a case). */
#include "users.h"

#include <string.h>

#include "../lib/clock.h"
#include "../lib/text.h"
#include "account.h"
#include "audit.h"
#include "languages.h"
#include "role.h"

enum { USERS_QUERY_MAX = 100 };   /* bytes of a search's text */

const char *const users_action_names[USERS_ACTION__MAX + 1] = { "disable", "enable", "set_profile", NULL };

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
	if (!rc && s->languages)
		rc = languages_list_check(s->languages, "languages", a, e);
	arena_free(a);
	return rc;
}

int users_insert(struct store *st, const struct user_spec *s, int64_t *id, struct tandem_err *e)
{
	struct user_rec u = {
		.email = s->email, .name = s->name, .role = s->role, .language = s->language ? s->language : "en",
		.languages = s->languages, .pwhash = s->pwhash, .created_at = clock_now(),
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

/* The text as a LIKE pattern that finds it anywhere, folded as the store
 * folds names and e-mails, with '!' escaping LIKE's own characters. */
static const char *pattern_of(const char *q, struct arena *a)
{
	char *folded = arena_alloc(a, strlen(q) + 1), *out = arena_alloc(a, 2 * strlen(q) + 3), *o = out;

	if (!folded || !out)
		return NULL;
	text_fold(q, folded);
	*o++ = '%';
	for (const char *p = folded; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '!')
			*o++ = '!';
		*o++ = *p;
	}
	*o++ = '%';
	*o = '\0';
	return out;
}

static unsigned actions_of(const struct actor *ac, const struct user_row *r)
{
	unsigned set = 0;

	if (policy_role_can(ac->role, POLICY_ACCOUNT_DISABLE) && r->user.id != ac->user.id)
		set |= 1u << (r->user.disabled ? USERS_ACTION_ENABLE : USERS_ACTION_DISABLE);
	/* The matcher reads active workers only. */
	if (!strcmp(r->user.role, "worker") && !r->user.disabled && policy_worker_profile(&ac->policy, r->org_id))
		set |= 1u << USERS_ACTION_SET_PROFILE;
	return set;
}

static int with_actions(const struct actor *ac, struct arena *a, struct users_page *out, struct tandem_err *e)
{
	out->actions = arena_alloc(a, (out->n + 1) * sizeof *out->actions);
	if (!out->actions)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	for (size_t i = 0; i < out->n; i++)
		out->actions[i] = actions_of(ac, &out->rows[i]);
	return 0;
}

int users_search(struct store *st, const struct actor *ac, const struct users_query *in, struct arena *a,
		 struct users_page *out, struct tandem_err *e)
{
	struct user_filter f = {
		.role = in->role, .org_id = in->org_id, .disabled = in->disabled, .limit = in->limit,
		.offset = in->offset,
	};
	int rc;

	*out = (struct users_page){0};
	if (in->role && role_parse(in->role) < 0)
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_parameter", "role", "%.40s is not a role.", in->role);
	if (in->q && (strlen(in->q) > USERS_QUERY_MAX || !text_utf8_valid(in->q, strlen(in->q))))
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_parameter", "q",
					 "q is a text of at most %d bytes.", USERS_QUERY_MAX);
	if (in->q && in->q[0] && !(f.pattern = pattern_of(in->q, a)))
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	rc = st->ops->user_search(st, &f, a, &out->rows, &out->n, &out->total, e);
	return rc ? rc : with_actions(ac, a, out, e);
}

/* The account as a list shows it: where its role is held. */
static int row_get(struct store *st, int64_t user_id, struct arena *a, struct user_row *r, struct tandem_err *e)
{
	struct user_facts f;
	int rc = st->ops->user_get(st, user_id, a, &r->user, e);

	if (!rc)
		rc = st->ops->user_facts(st, user_id, "", a, &f, e);
	if (rc)
		return rc;
	r->user.pwhash = NULL;
	r->org_id = f.n_org_ids ? f.org_ids[0] : 0;
	r->group_id = f.n_group_ids ? f.group_ids[0] : 0;
	return 0;
}

int users_set_disabled(struct store *st, const struct actor *ac, int64_t user_id, bool disabled, struct arena *a,
		       struct users_page *out, struct tandem_err *e)
{
	struct user_row *r = arena_alloc(a, sizeof *r);
	struct tandem_err ig;
	int rc;

	*out = (struct users_page){0};
	if (!r)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	if (st->ops->user_get(st, user_id, a, &r->user, &ig))
		return tandem_fail(e, TANDEM_ENOTFOUND, "not_found", "There is no account %lld.", (long long)user_id);
	/* An administrator who could lock themselves out could lock out the last one. */
	if (user_id == ac->user.id)
		return tandem_fail(e, TANDEM_ECONFLICT, "own_account",
				   "You cannot disable or enable your own account; another administrator can.");
	rc = account_set_disabled(st, ac->user.id, user_id, disabled, e);
	if (!rc)
		rc = row_get(st, user_id, a, r, e);
	if (rc)
		return rc;
	*out = (struct users_page){ .rows = r, .n = 1, .total = 1 };
	return with_actions(ac, a, out, e);
}
