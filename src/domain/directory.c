/* directory.c - reading the directory, and checked, audited additions to it. */
#include "directory.h"

#include <string.h>

#include "../lib/text.h"
#include "audit.h"

static const char *const org_kinds[] = { "spo", "sah", "lip", "rap", "funder", NULL };

static int check_text(const char *field, const char *v, size_t max, struct tandem_err *e)
{
	size_t n = v ? strlen(v) : 0;

	if (!n || n > max || !text_utf8_valid(v, n) || strspn(v, " ") == n)
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", field, "%s has 1 to %zu characters.",
					 field, max);
	return 0;
}

static int run_write(struct store *st, const struct actor *ac, const char *what,
		 int (*fn)(struct store *, void *, struct tandem_err *), void *rec, struct tandem_err *e)
{
	struct audit_rec ar = audit_entry(ac->user.id, "directory.create", 0, "identity", "allowed", what);

	return audit_run(st, fn, rec, &ar, 1, e);
}

static int community_fn(struct store *st, void *rec, struct tandem_err *e)
{
	return st->ops->community_create(st, rec, e);
}

static int org_fn(struct store *st, void *rec, struct tandem_err *e)
{
	return st->ops->org_create(st, rec, e);
}

int directory_community_create(struct store *st, const struct actor *ac, struct community_rec *r,
			       struct tandem_err *e)
{
	int rc = check_text("name", r->name, 100, e);

	if (!rc)
		rc = check_text("region", r->region, 60, e);
	return rc ? rc : run_write(st, ac, "community", community_fn, r, e);
}

int directory_org_create(struct store *st, const struct actor *ac, struct org_rec *r, struct tandem_err *e)
{
	struct community_rec c;
	struct tandem_err ig;
	struct arena *a;
	int rc = check_text("name", r->name, 150, e);

	if (!rc && text_lookup(org_kinds, r->kind) < 0)
		rc = tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "kind", "kind is spo, sah, lip, rap or funder.");
	if (rc)
		return rc;
	a = arena_new();
	for (size_t i = 0; a && !rc && i < r->n_community_ids; i++)
		if (st->ops->community_get(st, r->community_ids[i], a, &c, &ig))
			rc = tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "community_ids",
					       "community_ids names a community that does not exist.");
	arena_free(a);
	return rc ? rc : run_write(st, ac, "organization", org_fn, r, e);
}

int directory_community_list(struct store *st, struct arena *a, struct community_rec **rows, size_t *n,
			  struct tandem_err *e)
{
	return st->ops->community_list(st, a, rows, n, e);
}

int directory_community_get(struct store *st, int64_t id, struct arena *a, struct community_rec *out,
			struct tandem_err *e)
{
	return st->ops->community_get(st, id, a, out, e);
}

int directory_org_list(struct store *st, struct arena *a, struct org_rec **rows, size_t *n,
			    struct tandem_err *e)
{
	return st->ops->org_list(st, a, rows, n, e);
}

int directory_org_get(struct store *st, int64_t id, struct arena *a, struct org_rec *out, struct tandem_err *e)
{
	return st->ops->org_get(st, id, a, out, e);
}

int directory_group_list(struct store *st, struct arena *a, struct group_rec **rows, size_t *n, struct tandem_err *e)
{
	return st->ops->group_list(st, a, rows, n, e);
}

int directory_group_get(struct store *st, int64_t id, struct arena *a, struct group_rec *out, struct tandem_err *e)
{
	return st->ops->group_get(st, id, a, out, e);
}
