/* store_resource_search.c - searching the directory with each store's own
 * full-text index (SQLite FTS5, PostgreSQL's tsvector; see
 * sql/012_resources.sql), scored as the domain's query says: the same
 * candidates, filters and score on both, written for each engine. */
#include "store_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* On PostgreSQL: the candidates, services whose text has a word, of a
 * recognised category or language, or, with nothing to search by, every one
 * the category filter passes; each with the relevance of its text, scaled
 * to [0, 1). */
#define HITS(TEXT_HITS) \
	"WITH hit(sid, rel) AS (" TEXT_HITS \
	" UNION ALL SELECT service_id, 0 FROM service_categories WHERE category" IN_CATEGORIES \
	" UNION ALL SELECT service_id, 0 FROM service_languages WHERE code = ?3" \
	" UNION ALL SELECT service_id, 0 FROM service_categories WHERE ?4 AND category = ?7" \
	" UNION ALL SELECT id, 0 FROM services WHERE ?4 AND ?7 IS NULL)," \
	" best(sid, rel) AS (SELECT sid, max(rel) FROM hit WHERE sid IS NOT NULL GROUP BY sid),"
#define AT_LOCATION(COND) \
	"EXISTS (SELECT 1 FROM service_at_location x JOIN locations l ON l.id = x.location_id" \
	" WHERE x.service_id = s.id AND " COND ")"
/* Each candidate with what counts in its score, through the filters. */
#define FOUND \
	" found AS (SELECT s.id, s.name, s.description, s.status, s.assured_date, o.id AS oid, o.name AS oname," \
	" b.rel AS rel," \
	" EXISTS (SELECT 1 FROM service_categories c WHERE c.service_id = s.id AND c.category" IN_CATEGORIES ") AS cat," \
	" EXISTS (SELECT 1 FROM service_languages l WHERE l.service_id = s.id AND l.code = ?3) AS lang," \
	" EXISTS (SELECT 1 FROM service_languages l WHERE l.service_id = s.id AND l.code = ?5) AS fam," \
	" " AT_LOCATION("l.community_id = ?6") " AS near," \
	" " AT_LOCATION("l.location_type = 'virtual'") " AS virt," \
	" coalesce(s.assured_date < ?11, TRUE) AS stale" \
	" FROM best b JOIN services s ON s.id = b.sid JOIN resource_organizations o ON o.id = s.organization_id" \
	" WHERE (?13 OR s.status <> 'defunct')" \
	" AND (?7 IS NULL OR EXISTS (SELECT 1 FROM service_categories c WHERE c.service_id = s.id AND c.category = ?7))" \
	" AND (?8 IS NULL OR EXISTS (SELECT 1 FROM service_languages l WHERE l.service_id = s.id AND l.code = ?8))" \
	" AND (?9 IS NULL OR " AT_LOCATION("(l.community_id = ?9 OR l.location_type = 'virtual')") "))," \
	" scored AS (SELECT *, (100 * rel + CASE WHEN cat THEN ?14 ELSE 0 END + CASE WHEN lang THEN ?15 ELSE 0 END" \
	" + CASE WHEN fam THEN ?16 ELSE 0 END + CASE WHEN near THEN ?17 ELSE 0 END" \
	" + CASE WHEN virt THEN ?18 ELSE 0 END) * (CASE WHEN stale THEN ?19 ELSE 100 END) / 10000.0 AS score" \
	" FROM found WHERE (?10 < 0 OR virt = (?10 = 1)) AND (NOT ?12 OR stale))," \
	" page AS (SELECT * FROM scored ORDER BY CASE WHEN ?12 THEN coalesce(assured_date, '') END, score DESC," \
	" name, id LIMIT ?20 OFFSET ?21)" \
	" SELECT id, name, description, status, assured_date, oid, oname, virt, stale, score,"
/* Then each page's languages, categories and communities, in the page's order. */
#define ORDER " FROM page ORDER BY CASE WHEN ?12 THEN coalesce(assured_date, '') END, score DESC, name, id"

/* On SQLite, one FTS5 query finds the candidates and applies the filters
 * (fts_query below), over the words of each service's document and its tags
 * (sql/012_resources.sql); what counts in the score is read from the tags
 * the row carries, with no join, so that scoring the thousands of services
 * of a category stays cheap. Only the page is joined to its service. */
static const char SQL_SEARCH_SQLITE[] =
	"WITH found AS (SELECT service_id, name, assured_date, -bm25(service_search, 1.0, 0.0) AS r,"
	" EXISTS (SELECT 1 FROM json_each(?2) WHERE instr(tags, value) > 0) AS cat,"
	" coalesce(instr(tags, ' l' || ?3 || ' ') > 0, 0) AS lang,"
	" coalesce(instr(tags, ' l' || ?5 || ' ') > 0, 0) AS fam,"
	" coalesce(instr(tags, ' m' || ?6 || ' ') > 0, 0) AS near,"
	" instr(tags, ' zvirtual ') > 0 AS virt,"
	" coalesce(assured_date < ?11, 1) AS stale"
	" FROM service_search WHERE service_search MATCH ?1),"
	" scored AS (SELECT *, (100 * r / (1 + r) + CASE WHEN cat THEN ?14 ELSE 0 END + CASE WHEN lang THEN ?15 ELSE 0 END"
	" + CASE WHEN fam THEN ?16 ELSE 0 END + CASE WHEN near THEN ?17 ELSE 0 END"
	" + CASE WHEN virt THEN ?18 ELSE 0 END) * (CASE WHEN stale THEN ?19 ELSE 100 END) / 10000.0 AS score"
	" FROM found WHERE NOT ?12 OR stale),"
	" page AS (SELECT * FROM scored ORDER BY CASE WHEN ?12 THEN coalesce(assured_date, '') END, score DESC,"
	" name, service_id LIMIT ?20 OFFSET ?21)"
	" SELECT s.id, s.name, s.description, s.status, s.assured_date, o.id, o.name, page.virt, page.stale, page.score,"
	" (SELECT group_concat(code, ',') FROM (SELECT code FROM service_languages WHERE service_id = s.id"
	"  ORDER BY code)),"
	" (SELECT group_concat(category, ',') FROM (SELECT category FROM service_categories WHERE service_id = s.id"
	"  ORDER BY category)),"
	" (SELECT json_group_array(DISTINCT l.community_id) FROM service_at_location x JOIN locations l"
	"  ON l.id = x.location_id WHERE x.service_id = s.id AND l.community_id IS NOT NULL)"
	" FROM page JOIN services s ON s.id = page.service_id JOIN resource_organizations o ON o.id = s.organization_id"
	" ORDER BY CASE WHEN ?12 THEN coalesce(page.assured_date, '') END, page.score DESC, page.name, page.service_id";
/* Without words to search by, PostgreSQL's query finds no text. */
#define BARE " SELECT NULL, 0 WHERE ?1 IS NOT NULL"
#define IN_CATEGORIES STORE_IN_PG(2)
#define TAIL_PG \
	FOUND \
	" (SELECT string_agg(code, ',' ORDER BY code) FROM service_languages l WHERE l.service_id = page.id)," \
	" (SELECT string_agg(category, ',' ORDER BY category) FROM service_categories c WHERE c.service_id = page.id)," \
	" (SELECT array_agg(DISTINCT l.community_id) FROM service_at_location x JOIN locations l" \
	"  ON l.id = x.location_id WHERE x.service_id = page.id AND l.community_id IS NOT NULL)" \
	ORDER
/* ts_rank's normalization 32 scales a rank r to r / (r + 1). */
static const char SQL_SEARCH_PG[] =
	HITS(" SELECT d.service_id, ts_rank(d.document, websearch_to_tsquery('simple', ?1), 32)"
	     " FROM service_search d WHERE d.document @@ websearch_to_tsquery('simple', ?1)")
	TAIL_PG;
static const char SQL_SEARCH_PG_BARE[] = HITS(BARE) TAIL_PG;
#undef IN_CATEGORIES

static void hit_read(struct arena *a, struct db_stmt *q, void *elem)
{
	struct resource_hit *h = elem;

	h->id = db_text(a, q, 0);
	h->name = db_text(a, q, 1);
	h->description = db_text(a, q, 2);
	h->status = db_text(a, q, 3);
	h->assured_date = db_text(a, q, 4);
	h->organization_id = db_text(a, q, 5);
	h->organization_name = db_text(a, q, 6);
	h->is_virtual = db_bool(q, 7);
	h->stale = db_bool(q, 8);
	h->score = strtod(db_peek(q, 9), NULL);
	h->languages = db_null(q, 10) ? "" : db_text(a, q, 10);
	h->categories = db_null(q, 11) ? "" : db_text(a, q, 11);
	db_ints(a, q, 12, &h->community_ids, &h->n_community_ids);
}

/* Appends text to the buffer at *p (room counted by the caller). */
static void put(char **p, const char *text)
{
	*p = stpcpy(*p, text);
}

/* A word with any quote or backslash dropped: the domain gives bare words,
 * and a quote left would end a string early. */
static void put_word(char **p, const char *w)
{
	for (; *w; w++)
		if (*w != '"' && *w != '\'' && *w != '\\')
			*(*p)++ = *w;
	**p = 0;
}

/* A code as a tag's letters: a category's without its dots and underscores. */
static void put_letters(char **p, char kind, const char *code)
{
	*(*p)++ = kind;
	for (; *code; code++)
		if ((*code >= 'a' && *code <= 'z') || (*code >= '0' && *code <= '9'))
			*(*p)++ = *code;
	**p = 0;
}

/* The same as an FTS5 string. */
static void put_tag(char **p, char kind, const char *code)
{
	put(p, "\"");
	put_letters(p, kind, code);
	put(p, "\"");
}

/* The words for PostgreSQL's web search (w or w2), NULL for none. */
static const char *pg_query(struct arena *a, const char *const *words)
{
	size_t len = 1;
	char *out, *p;

	if (!words || !words[0])
		return NULL;
	for (size_t i = 0; words[i]; i++)
		len += strlen(words[i]) + 4;
	if (!(out = p = arena_alloc(a, len)))
		return NULL;
	for (size_t i = 0; words[i]; i++) {
		if (i)
			put(&p, " or ");
		put_word(&p, words[i]);
	}
	return out;
}

/* The FTS5 query of a search on SQLite: (its words in the document, or a
 * recognised category or language in the tags, or every service) AND each
 * filter, NOT defunct unless asked, NOT virtual when virtual=0. Only this
 * code writes its syntax; a searcher's words are quoted strings in it. */
static const char *fts_query(struct arena *a, const struct resource_query *q)
{
	size_t len = 512;
	const char *or = "";
	char *out, *p, num[24];

	for (size_t i = 0; q->words && q->words[i]; i++)
		len += strlen(q->words[i]) + 8;
	for (size_t i = 0; q->categories && q->categories[i]; i++)
		len += strlen(q->categories[i]) + 8;
	len += (q->category ? strlen(q->category) : 0) + (q->language ? strlen(q->language) : 0) +
	       (q->in_language ? strlen(q->in_language) : 0);
	if (!(out = p = arena_alloc(a, len)))
		return NULL;
	put(&p, "(((");
	if (q->words && q->words[0]) {
		put(&p, "document : (");
		for (size_t i = 0; q->words[i]; i++) {
			put(&p, i ? " OR \"" : "\"");
			put_word(&p, q->words[i]);
			put(&p, "\"");
		}
		put(&p, ")");
		or = " OR ";
	}
	if ((q->categories && q->categories[0]) || q->language) {
		put(&p, or);
		put(&p, "tags : (");
		or = "";
		for (size_t i = 0; q->categories && q->categories[i]; i++, or = " OR ")
			put(&p, or), put_tag(&p, 'c', q->categories[i]);
		if (q->language)
			put(&p, or), put_tag(&p, 'l', q->language);
		put(&p, ")");
		or = " OR ";
	}
	if (q->everything)
		put(&p, or), put(&p, "tags : \"zall\"");
	put(&p, ")");
	if (q->category)
		put(&p, " AND tags : "), put_tag(&p, 'c', q->category);
	if (q->in_language)
		put(&p, " AND tags : "), put_tag(&p, 'l', q->in_language);
	if (q->community) {
		snprintf(num, sizeof num, "%lld", (long long)q->community);
		put(&p, " AND tags : (\"zvirtual\" OR "), put_tag(&p, 'm', num), put(&p, ")");
	}
	if (q->is_virtual == 1)
		put(&p, " AND tags : \"zvirtual\"");
	put(&p, ")");
	if (q->is_virtual == 0)
		put(&p, " NOT tags : \"zvirtual\"");
	put(&p, ")");
	if (!q->with_defunct)
		put(&p, " NOT tags : \"zdefunct\"");
	return out;
}

/* The recognised categories as the tags a row carries (" chealthprimarycare "). */
static const char **tags_of(struct arena *a, const char *const *categories)
{
	size_t n = 0;
	const char **out;

	while (categories && categories[n])
		n++;
	if (!(out = arena_alloc(a, (n + 1) * sizeof *out)))
		return NULL;
	for (size_t i = 0; i < n; i++) {
		char *t = arena_alloc(a, strlen(categories[i]) + 4), *p = t;
		if (!t)
			return NULL;
		put(&p, " ");
		put_letters(&p, 'c', categories[i]);
		put(&p, " ");
		out[i] = t;
	}
	return out;
}

/* One run of the dialect's statement with the query text: the page of
 * limit from offset. */
static int run(struct store *st, const struct resource_query *rq, const char *text, const char *const *cats,
	       int limit, int offset, struct arena *a, struct resource_hit **out, size_t *n, struct tandem_err *e)
{
	struct db *d = store_db(st);
	bool pg = db_kind(d) == DB_POSTGRES;
	struct db_stmt *q = !pg ? db_prepare(d, SQL_SEARCH_SQLITE, e)
				: db_prepare(d, text ? SQL_SEARCH_PG : SQL_SEARCH_PG_BARE, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_text(q, 1, text);
	if (db_bind_words(q, 2, a, cats)) {
		db_done(q);
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	}
	db_bind_text(q, 3, rq->language);
	db_bind_bool(q, 4, rq->everything);
	db_bind_text(q, 5, rq->family_language);
	db_bind_id(q, 6, rq->near_community);
	db_bind_text(q, 7, rq->category);
	db_bind_text(q, 8, rq->in_language);
	db_bind_id(q, 9, rq->community);
	db_bind_int(q, 10, rq->is_virtual);
	db_bind_text(q, 11, rq->stale_before);
	db_bind_bool(q, 12, rq->stale_only);
	db_bind_bool(q, 13, rq->with_defunct);
	db_bind_int(q, 14, rq->w_category);
	db_bind_int(q, 15, rq->w_language);
	db_bind_int(q, 16, rq->w_family);
	db_bind_int(q, 17, rq->w_community);
	db_bind_int(q, 18, rq->w_virtual);
	db_bind_int(q, 19, rq->stale_percent);
	db_bind_int(q, 20, limit);
	db_bind_int(q, 21, offset);
	return store_collect(q, a, sizeof **out, hit_read, (void **)out, n, e);
}

/* Tiers (SQLite). A score is the text's relevance (below 1, none without
 * words) plus the weights of the query's tags a service carries, the whole
 * halved when stale. So the services carrying exactly a given set of those
 * tags (a tier) score below the relevance's bound plus the set's weight,
 * and a page is found by running the query tier by tier, the heaviest set
 * first, each tier's best rows only, until the page's last score beats what
 * any tier left could reach: a few hundred rows scored instead of every
 * candidate of a broad category. The ranking is the same as one query's. */
enum { TAGS_MAX = 5, TIERED_MAX = 200 };

struct tag {
	const char *match;   /* the FTS5 test of the tag: tags : "lar" */
	int weight;
};

static int query_tags(struct arena *a, const struct resource_query *q, struct tag *t)
{
	char num[24], *p;
	const struct { const char *code; char kind; int weight; } one[] = {
		{ q->language, 'l', q->w_language }, { q->family_language, 'l', q->w_family },
		{ q->near_community ? num : NULL, 'm', q->w_community }, { "virtual", 'z', q->w_virtual },
	};
	int n = 0;

	snprintf(num, sizeof num, "%lld", (long long)q->near_community);

	if (q->categories && q->categories[0] && q->w_category > 0) {
		size_t len = 16;
		for (size_t i = 0; q->categories[i]; i++)
			len += strlen(q->categories[i]) + 8;
		if (!(p = arena_alloc(a, len)))
			return -1;
		t[n].match = p, t[n++].weight = q->w_category;
		put(&p, "tags : (");
		for (size_t i = 0; q->categories[i]; i++)
			put(&p, i ? " OR " : ""), put_tag(&p, 'c', q->categories[i]);
		put(&p, ")");
	}
	for (size_t i = 0; i < sizeof one / sizeof *one; i++) {
		if (!one[i].code || one[i].weight <= 0)
			continue;
		if (!(p = arena_alloc(a, strlen(one[i].code) + 16)))
			return -1;
		t[n].match = p, t[n++].weight = one[i].weight;
		put(&p, "tags : ");
		put_tag(&p, one[i].kind, one[i].code);
	}
	return n;
}

static int weight_of(const struct tag *t, int n, unsigned set)
{
	int w = 0;

	for (int i = 0; i < n; i++)
		if (set & 1u << i)
			w += t[i].weight;
	return w;
}

/* The query for the services of base carrying exactly the tags in set. */
static const char *tier_query(struct arena *a, const char *base, const struct tag *t, int n, unsigned set)
{
	size_t len = strlen(base) + 8;
	char *out, *p;

	for (int i = 0; i < n; i++)
		len += strlen(t[i].match) + 12;
	if (!(out = p = arena_alloc(a, len)))
		return NULL;
	for (int i = 0; i < n; i++)
		if (!(set & 1u << i))
			put(&p, "(");
	put(&p, "(");
	put(&p, base);
	put(&p, ")");
	for (int i = 0; i < n; i++)
		if (set & 1u << i)
			put(&p, " AND "), put(&p, t[i].match);
	for (int i = 0; i < n; i++)
		if (!(set & 1u << i))
			put(&p, " NOT "), put(&p, t[i].match), put(&p, ")");
	return out;
}

/* Best first, as the statement orders a page. */
static int by_rank(const void *x, const void *y)
{
	const struct resource_hit *a = x, *b = y;
	int c;

	if (a->score != b->score)
		return a->score < b->score ? 1 : -1;
	if ((c = strcmp(a->name, b->name)))
		return c;
	return strcmp(a->id, b->id);
}

static int tiered(struct store *st, const struct resource_query *rq, const char *base, const char *const *cats,
		  struct arena *a, struct resource_hit **out, size_t *n, struct tandem_err *e)
{
	struct tag t[TAGS_MAX];
	int k = query_tags(a, rq, t), want = rq->offset + rq->limit, rel = rq->words && rq->words[0] ? 100 : 0;
	unsigned sets[1u << TAGS_MAX];
	size_t n_sets = 0, got = 0;
	struct resource_hit *all;
	int rc = 0;

	/* the best want so far, and room for a tier's */
	if (k < 0 || !(all = arena_alloc(a, 2 * (size_t)want * sizeof *all)))
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	for (unsigned set = 0; set < 1u << k; set++)
		sets[n_sets++] = set;
	/* heaviest first (insertion sort: 32 at most) */
	for (size_t i = 1; i < n_sets; i++)
		for (size_t j = i; j > 0 && weight_of(t, k, sets[j]) > weight_of(t, k, sets[j - 1]); j--) {
			unsigned x = sets[j];
			sets[j] = sets[j - 1], sets[j - 1] = x;
		}
	for (size_t i = 0; !rc && i < n_sets; i++) {
		const char *text = tier_query(a, base, t, k, sets[i]);
		struct resource_hit *rows;
		size_t m;

		if (!text)
			return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
		if ((rc = run(st, rq, text, cats, want, 0, a, &rows, &m, e)))
			break;
		memcpy(all + got, rows, m * sizeof *rows);
		got += m;
		qsort(all, got, sizeof *all, by_rank);
		if (got > (size_t)want)
			got = (size_t)want;
		/* A tier left scores below its weight plus the relevance's bound
		 * (less a rounding's worth, so that a tie is never cut). */
		if (got == (size_t)want && i + 1 < n_sets &&
		    all[want - 1].score * 100 > rel + weight_of(t, k, sets[i + 1]) + 1e-6)
			break;
	}
	if (rc)
		return rc;
	*out = all + ((size_t)rq->offset < got ? (size_t)rq->offset : got);
	*n = got > (size_t)rq->offset ? got - (size_t)rq->offset : 0;
	if (*n > (size_t)rq->limit)
		*n = (size_t)rq->limit;
	return 0;
}

int store_resource_search(struct store *st, const struct resource_query *rq, struct arena *a,
			  struct resource_hit **out, size_t *n, struct tandem_err *e)
{
	static const char *const none[] = { NULL };
	bool pg = db_kind(store_db(st)) == DB_POSTGRES;
	const char *text = pg ? pg_query(a, rq->words) : fts_query(a, rq);
	const char *const *cats = pg ? (rq->categories ? rq->categories : none) : tags_of(a, rq->categories);

	if ((!text && (!pg || (rq->words && rq->words[0]))) || !cats)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	/* The curators' list is by date, and a deep page wants every tier. */
	if (pg || rq->stale_only || rq->offset + rq->limit > TIERED_MAX)
		return run(st, rq, text, cats, rq->limit, rq->offset, a, out, n, e);
	return tiered(st, rq, text, cats, a, out, n, e);
}
