/* resources.c - searching the directory and reading one service: the
 * searcher's text understood here (search_text.c), the ranking's weights
 * decided here, the store only scoring by them. */
#include "resources.h"

#include <string.h>

#include "cases.h"
#include "languages.h"
#include "search_words.h"
#include "taxonomy.h"

const char *const resources_action_names[RESOURCES_ACTION__MAX + 1] = { "update", "verify", NULL };

/* The ranking, in hundredths of the text's relevance (which is below 1): a
 * category the text names counts three times the best text match, a
 * language it names one and a half (a doctor who speaks another language
 * is nearer the mark than a food bank that speaks Arabic); then, much
 * less, the family's language, the community, a virtual service. A stale
 * service counts half. */
enum {
	W_CATEGORY = 300, W_LANGUAGE = 150, W_FAMILY = 40, W_COMMUNITY = 20, W_VIRTUAL = 10,
	STALE_PERCENT = 50
};

static unsigned actions_of(const struct actor *ac)
{
	return policy_resource_curator(&ac->policy) ? 1u << RESOURCES_UPDATE | 1u << RESOURCES_VERIFY : 0;
}

/* The first day on which a verification made before it has lapsed: the
 * same day RESOURCES_FRESH_MONTHS earlier, or that month's last where it
 * has no such day (the 28th for a 29 February), as the lifecycle counts
 * months. today is the reader's date, always a date. */
static void stale_before(const char *today, char out[CLOCK_DATE_LEN])
{
	int64_t days = 0;

	clock_date_parse(today, &days);
	clock_date_format(clock_add_months(days, -RESOURCES_FRESH_MONTHS), out);
}

bool resources_stale(const char *assured_date, const char *today)
{
	char before[CLOCK_DATE_LEN];

	stale_before(today, before);
	return !assured_date || strcmp(assured_date, before) < 0;
}

static int invalid(struct tandem_err *e, const char *field, const char *msg)
{
	return tandem_fail_field(e, TANDEM_EINVAL, "invalid_parameter", field, "%s", msg);
}

/* The filters, checked; a language filter may be a name ("arabe"). */
static int check_filters(const struct resources_search *s, struct arena *a, const char **language,
			 struct tandem_err *e)
{
	*language = NULL;
	if (s->category && !taxonomy_known(s->category))
		return invalid(e, "category", "category is a code of the directory's taxonomy, such as food.bank.");
	if (s->language) {
		const char *w[2];
		int n = search_words_split(a, s->language, w, 2);
		*language = languages_known(s->language) ? s->language : n == 1 ? search_text_language(a, w[0]) : NULL;
		if (!*language)
			return invalid(e, "language", "language is a language code tandem knows, such as ar or prs.");
	}
	return 0;
}

/* The case's family language and community, when the reader may open the
 * case (a refusal is audited by cases_open). */
static int family_of(struct store *st, const struct actor *ac, int64_t case_id, struct arena *a,
		     struct resource_query *q, struct tandem_err *e)
{
	struct case_view v;
	int rc;

	if (!case_id)
		return 0;
	if ((rc = cases_open(st, ac, case_id, "resource.read", a, &v, e)))
		return rc;
	q->family_language = v.rec.preferred_language;
	q->near_community = v.rec.community_id;
	return 0;
}

int resources_search(struct store *st, const struct actor *ac, const struct resources_search *s, struct arena *a,
		     struct resource_hit **hits, size_t *n, struct search_text *understood, unsigned *actions,
		     struct tandem_err *e)
{
	bool curator = policy_resource_curator(&ac->policy);
	char before[CLOCK_DATE_LEN];
	const char **categories;
	struct resource_query q = {
		.community = s->community, .near_community = s->community, .is_virtual = s->is_virtual,
		.stale_only = s->stale_only, .with_defunct = curator, .stale_before = before,
		.w_category = W_CATEGORY, .w_language = W_LANGUAGE, .w_family = W_FAMILY,
		.w_community = W_COMMUNITY, .w_virtual = W_VIRTUAL, .stale_percent = STALE_PERCENT,
		.category = s->category, .limit = s->limit, .offset = s->offset,
	};
	int rc;

	if ((rc = check_filters(s, a, &q.in_language, e)))
		return rc;
	if (s->stale_only && !curator)
		return cases_refuse(st, ac, "resource.write", 0, NULL, e,
				    "Only the directory's curators list the services to verify again.");
	if ((rc = family_of(st, ac, s->case_id, a, &q, e)) || (rc = search_text_parse(s->q, a, understood, e)))
		return rc;
	if (!(categories = arena_alloc(a, (understood->n_categories + 1) * sizeof *categories)))
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	memcpy(categories, understood->categories, understood->n_categories * sizeof *categories);
	q.categories = categories;
	q.words = understood->words;
	q.language = understood->language;
	q.everything = !understood->n_words && !understood->n_categories && !understood->language;
	stale_before(ac->today, before);
	*actions = actions_of(ac);
	return st->ops->resource_search(st, &q, a, hits, n, e);
}

int resources_get(struct store *st, const struct actor *ac, const char *id, struct arena *a, struct resource_rec *out,
		  bool *stale, unsigned *actions, struct tandem_err *e)
{
	int rc = st->ops->resource_get(st, id, a, out, e);

	if (rc)
		return rc;
	if (!strcmp(out->status, "defunct") && !policy_resource_curator(&ac->policy))
		return tandem_fail(e, TANDEM_ENOTFOUND, "not_found", "There is no such service.");
	*stale = resources_stale(out->assured_date, ac->today);
	*actions = actions_of(ac);
	return 0;
}

bool resources_id_ok(const char *id)
{
	size_t n = id ? strlen(id) : 0;

	return n && n <= 64 && strspn(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == n;
}

int resources_named(struct store *st, const char *id, const char *field, struct arena *a, const char **name,
		    struct tandem_err *e)
{
	struct resource_rec r;
	int rc = st->ops->resource_get(st, id, a, &r, e);

	if (rc == TANDEM_ENOTFOUND || (!rc && !strcmp(r.status, "defunct")))
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", field,
					 "%s names no service the directory offers.", field);
	if (!rc)
		*name = r.name;
	return rc;
}
