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
/* Each candidate with what counts in its score, through the filters, and
 * its place in the index (key), by which ties go as on SQLite. */
#define FOUND \
	" found AS (SELECT s.id, s.name, s.description, s.status, s.assured_date, o.id AS oid, o.name AS oname," \
	" b.rel AS rel," \
	" EXISTS (SELECT 1 FROM service_categories c WHERE c.service_id = s.id AND c.category" IN_CATEGORIES ") AS cat," \
	" EXISTS (SELECT 1 FROM service_languages l WHERE l.service_id = s.id AND l.code = ?3) AS lang," \
	" EXISTS (SELECT 1 FROM service_languages l WHERE l.service_id = s.id AND l.code = ?5) AS fam," \
	" " AT_LOCATION("l.community_id = ?6") " AS near," \
	" " AT_LOCATION("l.location_type = 'virtual'") " AS virt," \
	" coalesce(s.assured_date < ?11, TRUE) AS stale," \
	" k.key" \
	" FROM best b JOIN services s ON s.id = b.sid JOIN resource_organizations o ON o.id = s.organization_id" \
	" JOIN service_search k ON k.service_id = s.id" \
	" WHERE (?13 OR s.status <> 'defunct')" \
	" AND (?7 IS NULL OR EXISTS (SELECT 1 FROM service_categories c WHERE c.service_id = s.id AND c.category = ?7))" \
	" AND (?8 IS NULL OR EXISTS (SELECT 1 FROM service_languages l WHERE l.service_id = s.id AND l.code = ?8))" \
	" AND (?9 IS NULL OR " AT_LOCATION("(l.community_id = ?9 OR l.location_type = 'virtual')") "))," \
	" scored AS (SELECT *, (100 * rel + (CASE WHEN cat THEN ?14 ELSE 0 END + CASE WHEN lang THEN ?15 ELSE 0 END" \
	" + CASE WHEN fam THEN ?16 ELSE 0 END + CASE WHEN near THEN ?17 ELSE 0 END" \
	" + CASE WHEN virt THEN ?18 ELSE 0 END)) * (CASE WHEN stale THEN ?19 ELSE 100 END) / 10000.0 AS score" \
	" FROM found WHERE (?10 < 0 OR virt = (?10 = 1)) AND (NOT ?12 OR stale))," \
	" page AS (SELECT * FROM scored ORDER BY CASE WHEN ?12 THEN coalesce(assured_date, '') END, score DESC," \
	" key LIMIT ?20 OFFSET ?21)" \
	" SELECT id, name, description, status, assured_date, oid, oname, virt, stale, score, key,"
/* Then each page's languages, categories and communities, in the page's order. */
#define ORDER " FROM page ORDER BY CASE WHEN ?12 THEN coalesce(assured_date, '') END, score DESC, key"

/* On SQLite, one FTS5 query finds the candidates and applies the filters
 * (fts_query below), over the words of each service's document and its tags
 * (sql/012_resources.sql); what counts in the score is read from the tags
 * the row carries, with no join, so that scoring the thousands of services
 * of a category stays cheap; the relevance is tandem_relevance's over the
 * query's first ?22 phrases, its words (db_sqlite_rank.c). Ties go in the
 * index's order (its rowid, the key). Only the page is joined to its
 * service, through service_search_keys: the index's own service_id would
 * be read from each candidate's stored row while sorting. */
#define PAGE_SQLITE(ORDER) \
	" SELECT s.id, s.name, s.description, s.status, s.assured_date, o.id, o.name, page.virt, page.stale," \
	" page.score, page.k," \
	" (SELECT group_concat(code, ',') FROM (SELECT code FROM service_languages WHERE service_id = s.id" \
	"  ORDER BY code))," \
	" (SELECT group_concat(category, ',') FROM (SELECT category FROM service_categories WHERE service_id = s.id" \
	"  ORDER BY category))," \
	" (SELECT json_group_array(DISTINCT l.community_id) FROM service_at_location x JOIN locations l" \
	"  ON l.id = x.location_id WHERE x.service_id = s.id AND l.community_id IS NOT NULL)" \
	" FROM page JOIN service_search_keys sk ON sk.key = page.k JOIN services s ON s.id = sk.service_id" \
	" JOIN resource_organizations o ON o.id = s.organization_id ORDER BY " ORDER
static const char SQL_SEARCH_SQLITE[] =
	"WITH found AS (SELECT rowid AS k, assured_date, tandem_relevance(service_search, ?22) AS r,"
	" EXISTS (SELECT 1 FROM json_each(?2) WHERE instr(tags, value) > 0) AS cat,"
	" coalesce(instr(tags, ' l' || ?3 || ' ') > 0, 0) AS lang,"
	" coalesce(instr(tags, ' l' || ?5 || ' ') > 0, 0) AS fam,"
	" coalesce(instr(tags, ' m' || ?6 || ' ') > 0, 0) AS near,"
	" instr(tags, ' zvirtual ') > 0 AS virt,"
	" coalesce(assured_date < ?11, 1) AS stale"
	" FROM service_search WHERE service_search MATCH ?1),"
	" scored AS (SELECT *, (100 * r / (1 + r) + (CASE WHEN cat THEN ?14 ELSE 0 END + CASE WHEN lang THEN ?15 ELSE 0 END"
	" + CASE WHEN fam THEN ?16 ELSE 0 END + CASE WHEN near THEN ?17 ELSE 0 END"
	" + CASE WHEN virt THEN ?18 ELSE 0 END)) * (CASE WHEN stale THEN ?19 ELSE 100 END) / 10000.0 AS score"
	" FROM found WHERE NOT ?12 OR stale),"
	" page AS (SELECT * FROM scored ORDER BY CASE WHEN ?12 THEN coalesce(assured_date, '') END, score DESC,"
	" k LIMIT ?20 OFFSET ?21)"
	PAGE_SQLITE("CASE WHEN ?12 THEN coalesce(page.assured_date, '') END, page.score DESC, page.k");
/* One tier's best (tiered below): its rows carry the same tags (virtual
 * or not, ?6), weighing ?3 together, and are all fresh or all stale (?2,
 * counting ?4 percent), all read from the index, not the rows; so only the
 * text's relevance tells them apart, and without words nothing does: the
 * index's own order then lets FTS5 stop after the page (?5 rows). The
 * weights are added together before the relevance, in the whole query too,
 * so that both compute a score to the same last bit. */
#define TIER_SQLITE(REL, ORDER) \
	"WITH found AS (SELECT rowid AS k, " REL " AS r FROM service_search WHERE service_search MATCH ?1)," \
	" page AS (SELECT k, ?2 AS stale, ?6 AS virt, (100 * r / (1 + r) + ?3) * ?4 / 10000.0 AS score" \
	" FROM found ORDER BY " ORDER " LIMIT ?5)" \
	PAGE_SQLITE("page.score DESC, page.k")
static const char SQL_TIER_WORDS[] = TIER_SQLITE("tandem_relevance(service_search, ?7)", "score DESC, k");
static const char SQL_TIER_BARE[] = TIER_SQLITE("0", "k");
/* Up to ?2 candidates, counted in the index's order: FTS5 stops there. */
static const char SQL_FEW[] =
	"SELECT count(*) FROM (SELECT rowid FROM service_search WHERE service_search MATCH ?1 ORDER BY rowid LIMIT ?2)";
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
	h->key = db_int(q, 10);
	h->languages = db_null(q, 11) ? "" : db_text(a, q, 11);
	h->categories = db_null(q, 12) ? "" : db_text(a, q, 12);
	db_ints(a, q, 13, &h->community_ids, &h->n_community_ids);
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

/* "Any of the words in the document", in FTS5's syntax. */
static void put_document(char **p, const char *const *words)
{
	put(p, "document : (");
	for (size_t i = 0; words[i]; i++) {
		put(p, i ? " OR \"" : "\"");
		put_word(p, words[i]);
		put(p, "\"");
	}
	put(p, ")");
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
		put_document(&p, q->words);
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

static int count_of(const char *const *words)
{
	int n = 0;

	while (words && words[n])
		n++;
	return n;
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
	if (!pg)
		db_bind_int(q, 22, count_of(rq->words));
	return store_collect(q, a, sizeof **out, hit_read, (void **)out, n, e);
}

/* Tiers (SQLite). A score is the text's relevance (below 1, none without
 * words) plus the weights of the query's tags a service carries, the whole
 * scaled down when stale. So the services carrying exactly a given set of
 * those tags, with or without the words, all fresh or all stale (a tier),
 * score below the relevance's bound plus the set's weight, times the
 * freshness's percent; a page is found by running the query tier by tier,
 * the highest bound first, each tier's best rows only, until the page's
 * last score beats what any tier left could reach: a few hundred rows
 * scored instead of every candidate of a broad category. The ranking is the
 * same as one query's. */
enum { TAGS_MAX = 6, TIERED_MAX = 200, FEW_PER_ROW = 4 };

struct tag {
	const char *match;   /* the FTS5 test of the tag: tags : "lar" */
	int weight;
	bool words;          /* the test is the query's words: relevance, not weight */
};

struct tier {
	unsigned set;        /* the tags carried, by their index */
	bool stale;
	double bound;        /* what its best could score, times 10,000 */
};

/* A tag's test, "tags : " and the tag; NULL when out of memory. */
static const char *tag_match(struct arena *a, char kind, const char *code)
{
	char *out = arena_alloc(a, strlen(code) + 16), *p = out;

	if (out) {
		put(&p, "tags : ");
		put_tag(&p, kind, code);
	}
	return out;
}

/* The query's words as a tag of their own, when a service may be found
 * without them (by a category or language the text names). */
static int words_tag(struct arena *a, const struct resource_query *q, struct tag *t)
{
	size_t len = 32;
	char *p;

	if (!q->words || !q->words[0] || !((q->categories && q->categories[0]) || q->language))
		return 0;
	for (size_t i = 0; q->words[i]; i++)
		len += strlen(q->words[i]) + 8;
	if (!(p = arena_alloc(a, len)))
		return -1;
	t->match = p, t->weight = 0, t->words = true;
	put_document(&p, q->words);
	return 1;
}

/* The tags the query weighs, virtual always (a tier then knows whether its
 * rows are), and the words; the count, or -1 when out of memory. */
static int query_tags(struct arena *a, const struct resource_query *q, struct tag *t)
{
	char num[24], *p;
	const struct { const char *code; char kind; int weight; } one[] = {
		{ q->language, 'l', q->w_language }, { q->family_language, 'l', q->w_family },
		{ q->near_community ? num : NULL, 'm', q->w_community },
	};
	int n = 0, w;

	snprintf(num, sizeof num, "%lld", (long long)q->near_community);
	if (q->categories && q->categories[0] && q->w_category > 0) {
		size_t len = 16;
		for (size_t i = 0; q->categories[i]; i++)
			len += strlen(q->categories[i]) + 8;
		if (!(p = arena_alloc(a, len)))
			return -1;
		t[n].match = p, t[n].words = false, t[n++].weight = q->w_category;
		put(&p, "tags : (");
		for (size_t i = 0; q->categories[i]; i++)
			put(&p, i ? " OR " : ""), put_tag(&p, 'c', q->categories[i]);
		put(&p, ")");
	}
	for (size_t i = 0; i < sizeof one / sizeof *one; i++) {
		if (!one[i].code || one[i].weight <= 0)
			continue;
		t[n].words = false, t[n].weight = one[i].weight;
		if (!(t[n++].match = tag_match(a, one[i].kind, one[i].code)))
			return -1;
	}
	t[n].words = false, t[n].weight = q->w_virtual;
	if (!(t[n++].match = tag_match(a, 'z', "virtual")) || (w = words_tag(a, q, &t[n])) < 0)
		return -1;
	return n + w;
}

/* The index of the virtual tag (query_tags puts it after the weighed ones). */
static int virtual_tag(const struct tag *t, int n)
{
	return n > 0 && t[n - 1].words ? n - 2 : n - 1;
}

/* The FTS5 test of "verified on or after day" (YYYY-MM-DD), over the tags
 * v and each prefix of a day's digits (sql/016_search_order.sql): the day
 * itself, or at some digit the same before it and a greater one there. */
static const char *fresh_match(struct arena *a, const char *day)
{
	char digits[9] = "", *out = arena_alloc(a, 8 * 9 * 14 + 32), *p = out;
	size_t n = 0;

	for (const char *d = day; *d && n < 8; d++)
		if (*d >= '0' && *d <= '9')
			digits[n++] = *d;
	if (!out)
		return NULL;
	put(&p, "tags : (\"v"), put(&p, digits), put(&p, "\"");
	for (size_t i = 0; i < n; i++)
		for (char x = (char)(digits[i] + 1); x <= '9'; x++) {
			put(&p, " OR \"v");
			memcpy(p, digits, i), p += i;
			*p++ = x;
			put(&p, "\"");
		}
	put(&p, ")");
	return out;
}

static int weight_of(const struct tag *t, int n, unsigned set)
{
	int w = 0;

	for (int i = 0; i < n; i++)
		if (set & 1u << i)
			w += t[i].weight;
	return w;
}

/* Whether the tier's rows have the query's words: when the words are a tag,
 * as the set says; else when there are words at all. */
static bool has_words(const struct resource_query *q, const struct tag *t, int n, unsigned set)
{
	for (int i = 0; i < n; i++)
		if (t[i].words)
			return set & 1u << i;
	return q->words && q->words[0];
}

/* The query for the services of base carrying exactly the tags in set,
 * fresh or stale as fresh says. */
static const char *tier_query(struct arena *a, const char *base, const struct tag *t, int n, unsigned set,
			      const char *fresh, bool stale)
{
	size_t len = strlen(base) + strlen(fresh) + 16;
	char *out, *p;

	for (int i = 0; i < n; i++)
		len += strlen(t[i].match) + 12;
	if (!(out = p = arena_alloc(a, len)))
		return NULL;
	for (int i = 0; i < n; i++)
		if (!(set & 1u << i))
			put(&p, "(");
	put(&p, "((");
	put(&p, base);
	put(&p, stale ? ") NOT " : ") AND ");
	put(&p, fresh);
	put(&p, ")");
	for (int i = 0; i < n; i++)
		if (set & 1u << i)
			put(&p, " AND "), put(&p, t[i].match);
	for (int i = 0; i < n; i++)
		if (!(set & 1u << i))
			put(&p, " NOT "), put(&p, t[i].match), put(&p, ")");
	return out;
}

/* Best first, as the statements order a page. */
static int by_rank(const void *x, const void *y)
{
	const struct resource_hit *a = x, *b = y;

	if (a->score != b->score)
		return a->score < b->score ? 1 : -1;
	return (a->key > b->key) - (a->key < b->key);
}

/* Every tier of k tags, the highest bound first (insertion sort: 128 at
 * most). The relevance of n words is below n (tandem_relevance), so its
 * hundredths, scaled as a score, are below 100 n / (1 + n). */
static size_t tiers_of(const struct resource_query *rq, const struct tag *t, int k, struct tier *out)
{
	double words = count_of(rq->words), rel = 100 * words / (1 + words);
	size_t n = 0;

	for (unsigned set = 0; set < 1u << k; set++)
		for (int stale = 0; stale < 2; stale++, n++) {
			out[n].set = set, out[n].stale = stale;
			out[n].bound = ((has_words(rq, t, k, set) ? rel : 0) + weight_of(t, k, set)) *
				       (stale ? rq->stale_percent : 100);
		}
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && out[j].bound > out[j - 1].bound; j--) {
			struct tier x = out[j];
			out[j] = out[j - 1], out[j - 1] = x;
		}
	return n;
}

/* The best limit rows of one tier, whose query is text. */
static int run_tier(struct store *st, const struct resource_query *rq, const char *text, const struct tag *t, int k,
		    const struct tier *tr, int limit, struct arena *a, struct resource_hit **out, size_t *n,
		    struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(store_db(st), has_words(rq, t, k, tr->set) ? SQL_TIER_WORDS : SQL_TIER_BARE, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_text(q, 1, text);
	db_bind_bool(q, 2, tr->stale);
	db_bind_int(q, 3, weight_of(t, k, tr->set));
	db_bind_int(q, 4, tr->stale ? rq->stale_percent : 100);
	db_bind_int(q, 5, limit);
	db_bind_bool(q, 6, tr->set & 1u << virtual_tag(t, k));
	if (has_words(rq, t, k, tr->set))
		db_bind_int(q, 7, count_of(rq->words));
	return store_collect(q, a, sizeof **out, hit_read, (void **)out, n, e);
}

static int tiered(struct store *st, const struct resource_query *rq, const char *base, struct arena *a,
		  struct resource_hit **out, size_t *n, struct tandem_err *e)
{
	struct tag t[TAGS_MAX];
	struct tier tiers[2u << TAGS_MAX];
	int k = query_tags(a, rq, t), want = rq->offset + rq->limit;
	const char *fresh = fresh_match(a, rq->stale_before);
	size_t n_tiers, got = 0;
	struct resource_hit *all;
	int rc = 0;

	/* the best want so far, and room for a tier's */
	if (k < 0 || !fresh || !(all = arena_alloc(a, 2 * (size_t)want * sizeof *all)))
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	n_tiers = tiers_of(rq, t, k, tiers);
	for (size_t i = 0; !rc && i < n_tiers; i++) {
		const char *text = tier_query(a, base, t, k, tiers[i].set, fresh, tiers[i].stale);
		struct resource_hit *rows;
		size_t m;

		if (!text)
			return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
		if ((rc = run_tier(st, rq, text, t, k, &tiers[i], want, a, &rows, &m, e)))
			break;
		memcpy(all + got, rows, m * sizeof *rows);
		got += m;
		qsort(all, got, sizeof *all, by_rank);
		if (got > (size_t)want)
			got = (size_t)want;
		/* A tier left scores below its bound (less a rounding's worth,
		 * so that a tie is never cut). */
		if (got == (size_t)want && i + 1 < n_tiers && all[want - 1].score * 10000 > tiers[i + 1].bound + 1e-6)
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

/* Whether the FTS5 query text has no more rows than FEW_PER_ROW for each
 * row of the page and those before it (SQLite): so few that scoring them
 * all costs less than asking each tier. */
static int few(struct store *st, const char *text, int want, bool *yes, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(store_db(st), SQL_FEW, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	db_bind_text(q, 1, text);
	db_bind_int(q, 2, (int64_t)want * FEW_PER_ROW + 1);
	rc = db_step(q, e);
	*yes = rc > 0 && db_int(q, 0) <= (int64_t)want * FEW_PER_ROW;
	db_done(q);
	return rc < 0 ? rc : 0;
}

int store_resource_search(struct store *st, const struct resource_query *rq, struct arena *a,
			  struct resource_hit **out, size_t *n, struct tandem_err *e)
{
	static const char *const none[] = { NULL };
	bool pg = db_kind(store_db(st)) == DB_POSTGRES;
	const char *text = pg ? pg_query(a, rq->words) : fts_query(a, rq);
	const char *const *cats = pg ? (rq->categories ? rq->categories : none) : tags_of(a, rq->categories);
	bool small = false;
	int rc;

	if ((!text && (!pg || (rq->words && rq->words[0]))) || !cats)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	/* The curators' list is by date, and a deep page wants every tier. */
	if (pg || rq->stale_only || rq->offset + rq->limit > TIERED_MAX)
		return run(st, rq, text, cats, rq->limit, rq->offset, a, out, n, e);
	/* A few candidates are scored at once sooner than tier by tier. */
	if ((rc = few(st, text, rq->offset + rq->limit, &small, e)))
		return rc;
	return small ? run(st, rq, text, cats, rq->limit, rq->offset, a, out, n, e) : tiered(st, rq, text, a, out, n, e);
}
