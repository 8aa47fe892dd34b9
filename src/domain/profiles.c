/* profiles.c - the workers of an SPO as their managers see them, and checking
 * and saving a worker's matching profile. */
#include "profiles.h"

#include <string.h>

#include "../lib/text.h"
#include "audit.h"
#include "cases.h"
#include "languages.h"
#include "match.h"
#include "needs.h"
#include "users.h"

static int invalid(struct tandem_err *e, const char *field, const char *msg)
{
	return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", field, "%s", msg);
}

int profiles_spo(struct store *st, const struct actor *ac, int64_t worker_id, struct arena *a, int64_t *spo,
		 struct tandem_err *e)
{
	struct user_rec u;
	struct user_facts f;
	struct tandem_err ignored;

	*spo = 0;
	if (!st->ops->user_get(st, worker_id, a, &u, &ignored) && strcmp(u.role, "worker") == 0 &&
	    !st->ops->user_facts(st, worker_id, "", a, &f, &ignored))
		for (size_t i = 0; i < f.n_org_ids && !*spo; i++)
			if (policy_worker_profile(&ac->policy, f.org_ids[i]))
				*spo = f.org_ids[i];
	if (!*spo)
		return cases_refuse(st, ac, "worker.profile", 0, NULL, e,
				    "Only the managers of a worker's SPO and the administrators see and change their profile.");
	return 0;
}

static int profiles_check(struct store *st, const struct profile_change *c, struct arena *a, struct tandem_err *e)
{
	const char *p = c->specialisations;
	struct community_rec cm;
	struct tandem_err ignored;

	if (c->languages && languages_list_check(c->languages, "languages", a, e))
		return TANDEM_EINVAL;
	if (c->capacity != -1 && (c->capacity < 0 || c->capacity > MATCH_CASELOAD_MAX))
		return invalid(e, "capacity", "capacity is a number of cases from 0 to 1000.");
	while (p && *p) {
		size_t n = strcspn(p, ",");
		char *domain = arena_strndup(a, p, n);
		if (!domain || text_lookup(needs_domains, domain) < 0)
			return invalid(e, "specialisations", "Each specialisation is a needs domain, such as mental_health.");
		p += n + (p[n] == ',');
	}
	for (size_t i = 0; c->communities_set && i < c->n_communities; i++)
		if (st->ops->community_get(st, c->community_ids[i], a, &cm, &ignored))
			return invalid(e, "community_ids", "community_ids names no community.");
	return 0;
}

static const struct match_worker_rec *profiles_find(struct match_worker_rec *w, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (w[i].id == id)
			return &w[i];
	return NULL;
}

/* The profile as it is now, with the change made. */
static int profiles_merge(struct store *st, int64_t spo, int64_t worker_id, const struct profile_change *c,
			  struct arena *a, struct worker_profile *out, struct tandem_err *e)
{
	struct match_worker_rec *all;
	const struct match_worker_rec *w;
	size_t n;
	int rc = st->ops->match_workers(st, spo, a, &all, &n, e);

	if (rc)
		return rc;
	if (!(w = profiles_find(all, n, worker_id)))
		return tandem_fail(e, TANDEM_ENOTFOUND, "not_found", "Worker %lld is not active.", (long long)worker_id);
	*out = (struct worker_profile){
		.capacity = c->capacity != -1 ? c->capacity : w->capacity,
		.virtual_ok = c->virtual_ok != -1 ? c->virtual_ok : w->virtual_ok,
		.specialisations = c->specialisations ? c->specialisations : w->specialisations,
	};
	/* Unchanged: keep the list the matcher reads, whether set or the SPO's. */
	out->community_ids = c->communities_set ? c->community_ids : w->community_ids;
	out->n_communities = c->communities_set ? c->n_communities : w->n_communities;
	return 0;
}

struct setting {
	int64_t spo, worker_id;
	const struct profile_change *change;
	struct arena *a;
	struct match_worker_rec *out;   /* the profile as the matcher reads it, once written */
};

/* Merges the change into the stored profile, writes it, and reads it back. */
static int set_fn(struct store *st, void *arg, struct tandem_err *e)
{
	struct setting *x = arg;
	struct match_worker_rec *all;
	struct worker_profile p;
	size_t n;
	int rc = profiles_merge(st, x->spo, x->worker_id, x->change, x->a, &p, e);

	if (!rc)
		rc = st->ops->worker_profile_put(st, x->worker_id, &p, e);
	if (!rc && x->change->languages)
		rc = st->ops->user_set_languages(st, x->worker_id, x->change->languages, e);
	if (!rc)
		rc = st->ops->match_workers(st, x->spo, x->a, &all, &n, e);
	if (!rc)
		*x->out = *profiles_find(all, n, x->worker_id);
	return rc;
}

int profiles_get(struct store *st, const struct actor *ac, int64_t worker_id, struct arena *a,
		 struct match_worker_rec *out, int64_t *spo, struct tandem_err *e)
{
	struct match_worker_rec *all;
	const struct match_worker_rec *w;
	size_t n;
	int rc = profiles_spo(st, ac, worker_id, a, spo, e);

	if (!rc)
		rc = st->ops->match_workers(st, *spo, a, &all, &n, e);
	if (rc)
		return rc;
	if (!(w = profiles_find(all, n, worker_id)))
		return tandem_fail(e, TANDEM_ENOTFOUND, "not_found", "Worker %lld is not active.", (long long)worker_id);
	*out = *w;
	return 0;
}

int profiles_set(struct store *st, const struct actor *ac, int64_t worker_id, const struct profile_change *c,
		 struct arena *a, struct match_worker_rec *out, int64_t *spo, struct tandem_err *e)
{
	struct audit_rec ar;
	int rc = profiles_spo(st, ac, worker_id, a, spo, e);

	if (!rc)
		rc = profiles_check(st, c, a, e);
	if (rc)
		return rc;
	ar = audit_entry(ac->user.id, "worker.profile", 0, "status", "allowed",
			 arena_printf(a, "worker %lld", (long long)worker_id));
	return audit_run(st, set_fn, &(struct setting){ *spo, worker_id, c, a, out }, &ar, 1, e);
}

int profiles_worker_list(struct store *st, const struct actor *ac, struct arena *a, struct worker_load **rows,
			 unsigned **actions, size_t *n, struct tandem_err *e)
{
	int rc = st->ops->worker_loads(st, ac->policy.org_ids, ac->policy.n_org_ids, a, rows, n, e);

	if (rc)
		return rc;
	if (!(*actions = arena_alloc(a, (*n + 1) * sizeof **actions)))
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	for (size_t i = 0; i < *n; i++)
		(*actions)[i] = policy_worker_profile(&ac->policy, (*rows)[i].spo_org_id) ? 1u << USERS_ACTION_SET_PROFILE
											    : 0;
	return 0;
}
