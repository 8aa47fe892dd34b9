/* test_dashboard.c - the surge dashboard (issue 14) over the API, on a
 * world made for it: three communities, three languages, cases expected
 * and arrived in every week of the dashboard, open cases with and without
 * an agency or a worker, sponsor groups. Each count shown is the true one
 * (worked out here from the cases) rounded to fives and above the
 * threshold; a community's page and the province's show the same values;
 * an attacker given every page of two successive days, and more (which
 * hidden counts are small, which counts did not change between the days),
 * works out no hidden count exactly (GLPK, tests/attack.c); no answer
 * carries a name or a case; the CSV holds the same numbers; who may read
 * which dashboard, and the rest refused with an audit record. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <glpk.h>

#include "../../src/domain/dashboard.h"
#include "../../src/domain/disclosure.h"
#include "../../src/lib/buf.h"
#include "../../src/store/db.h"
#include "../attack.h"
#include "harness.h"

enum { NC = 3, NL = 3, NS = DASHBOARD_STREAMS, NW = DASHBOARD_WEEKS, T = DISCLOSURE_THRESHOLD, ALL = -1,
       MAX_VARS = 64, MAX_TARGETS = 4096, WORKER_ID = 3 };

/* The finest counts the dashboard is made of, one cell each: cases still
 * expected (m 0) or arrived (1) by week, community and stream; the same
 * by community and language over the 24 weeks; open cases by community,
 * language, without an agency or not, without a worker or not; sponsor
 * groups by community, active or not. */
enum {
	X0 = 0, Y0 = X0 + 2 * NW * NC * NS, O0 = Y0 + 2 * NC * NL, G0 = O0 + NC * NL * 4, CELLS = G0 + NC * 2
};

static int cx(int m, int w, int c, int s)
{
	return X0 + ((m * NW + w) * NC + c) * NS + s;
}

static int cy(int m, int c, int l)
{
	return Y0 + (m * NC + c) * NL + l;
}

static int co(int c, int l, int without_spo, int without_worker)
{
	return O0 + ((c * NL + l) * 2 + without_spo) * 2 + without_worker;
}

static int cg(int c, int inactive)
{
	return G0 + c * 2 + inactive;
}

/* The families' languages; the worker speaks the first two, so the
 * dashboard's rows are theirs and then "other", for the third. */
static const char *const langs[NL] = { "ar", "ti", "so" };
static const char *const rows_of[NL] = { "ar", "ti", DASHBOARD_OTHER };

/* The true counts, cell by cell. */
struct truth {
	char today[CLOCK_DATE_LEN];
	int64_t first;                       /* the first week's Monday */
	int64_t n[CELLS];
};

/* The attacker's unknown for each cell, on one day. */
struct vars {
	int v[CELLS];
};

/* A hidden value to work out: the sum of its unknowns. */
struct target {
	int vars[MAX_VARS], n;
	int64_t truth;
	char what[96];
};

static struct th_server srv;
static struct th_client evaluator, lip, worker;
static char db[256], pg_name[32];
static struct target targets[MAX_TARGETS];
static int n_targets;

static unsigned rnd(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 16) & 0x7fff;
}

static void today_of(char *out)
{
	clock_date_format(clock_day(clock_now()), out);
}

/* The Monday of the dashboard's first week, as of day. */
static int64_t first_monday(int64_t day)
{
	return day - ((day % 7 + 7 + 3) % 7) - 7 * DASHBOARD_WEEKS_BACK;
}

/* The cases: in every week, stream and language, some due by today have
 * arrived, the rest are still expected (in a week gone by, late; in this
 * week, from today); open with or without an agency or a worker, a few
 * closed; PSR cases with one of two of their community's three sponsor
 * groups (ids 10c, 10c + 1, 10c + 2). One week is made so that the rule's
 * companions are needed. */
static void add_cases(struct buf *sql, unsigned *seed)
{
	char today[CLOCK_DATE_LEN], day[CLOCK_DATE_LEN];
	int64_t now;
	int k = 0;

	today_of(today);
	assert_true(clock_date_parse(today, &now));
	for (int c = 0; c < NC; c++)
		for (int s = 0; s < NS; s++)
			for (int l = 0; l < NL; l++)
				for (int w = 0; w < NW; w++) {
					/* one line that gives its hidden count away unless
					 * another is hidden with it: 6 GAR, 6 PSR, 0 BVOR
					 * arrived, 12 in all (shown 5, 5, 10) */
					bool crafted = c == 0 && w == 3;
					int n = crafted ? 2 * (s < 2) : rnd(seed) % 3 ? (int)(rnd(seed) % 3) : (int)(rnd(seed) % 12);
					for (int i = 0; i < n; i++, k++) {
						int64_t d = first_monday(now) + 7 * w + (crafted ? 1 : rnd(seed) % 7);
						bool arrived = d <= now && (crafted || rnd(seed) % 6);
						const char *status = arrived ? (rnd(seed) % 9 ? "active" : "closed") : "referred";
						if (!arrived && d < now && w >= DASHBOARD_WEEKS_BACK)
							d = now;
						clock_date_format(d, day);
						buf_printf(sql, "INSERT INTO cases (family_name, preferred_language, stream, status,"
							   " expected_arrival, actual_arrival, sponsor_group_id, community_id,"
							   " spo_org_id, worker_id, created_at, updated_at) VALUES ('Qzx%d', '%s',"
							   " '%s', '%s', '%s', ", k, langs[l], dashboard_streams[s], status, day);
						buf_printf(sql, arrived ? "'%s', " : "%sNULL, ", arrived ? day : "");
						buf_printf(sql, s == 1 ? "%d, " : "NULL, ", 10 * (c + 1) + (int)(rnd(seed) % 2));
						buf_printf(sql, "%d, %s, ", c + 1, rnd(seed) % 4 ? "3" : "NULL");
						buf_printf(sql, rnd(seed) % 3 ? "NULL, 1, 1);" : "%d, 1, 1);", WORKER_ID);
					}
				}
}

static int setup(void **state)
{
	static const char *const users[][4] = {
		{ "evaluator@dash.example", "evaluator", "--org", "2" },
		{ "lip@dash.example", "lip_coordinator", "--org", "1" },
		{ "worker@dash.example", "worker", "--org", "3" },
	};
	static const char *const fresh[] = { "--dashboard-refresh", "0", NULL };
	struct th_run run;
	struct buf sql;
	unsigned seed = 2016;
	int rc;

	(void)state;
	if (th_db_new("dash", db, sizeof db, pg_name))
		return -1;
	if (th_sql_script_file(db, "INSERT INTO organizations (id, name, kind) VALUES (1, 'Alder LIP', 'lip'),"
			       " (2, 'Province', 'funder'), (3, 'Settlement', 'spo');"
			       "INSERT INTO communities (id, name, region, lip_org_id) VALUES (1, 'Alder', 'Ontario', 1),"
			       " (2, 'Birch', 'Ontario', NULL), (3, '=Cedar', 'Ontario', NULL);"
			       "INSERT INTO organization_communities (org_id, community_id) VALUES (1, 1), (3, 1), (3, 2),"
			       " (3, 3)"))
		return -1;
	for (size_t i = 0; i < sizeof users / sizeof *users; i++)
		if (th_tandem(&run, DEMO_PASSWORD "\n", "user", "add", "--db", db, "--email", users[i][0], "--name",
			      "Dash", "--role", users[i][1], users[i][2], users[i][3], "--languages", "ar,ti",
			      "--password-stdin", NULL))
			return -1;
	buf_init(&sql, 64u << 20);
	buf_printf(&sql, "INSERT INTO worker_profiles (user_id, capacity) VALUES (%d, 1000);", WORKER_ID);
	for (int c = 1; c <= NC; c++)
		for (int g = 0; g < 3; g++)
			buf_printf(&sql, "INSERT INTO sponsor_groups (id, name, kind, community_id) VALUES (%d, 'G%d', 'g5',"
				   " %d);", 10 * c + g, 10 * c + g, c);
	add_cases(&sql, &seed);
	rc = th_sql_script_file(db, sql.data);
	buf_free(&sql);
	/* tables worked out again on every read: the days below change them */
	if (rc || th_server_start_on_with(&srv, db, fresh) || th_login(&evaluator, &srv, "evaluator@dash.example") != 200
	    || th_login(&lip, &srv, "lip@dash.example") != 200 || th_login(&worker, &srv, "worker@dash.example") != 200)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	th_server_stop(&srv);
	if (pg_name[0])
		return th_pg_drop(pg_name);
	return getenv("DASH_KEEP") ? 0 : unlink(db);
}

static int open_status(const char *s)
{
	return strcmp(s, "sponsorship_ended") && strcmp(s, "closed");
}

static int lang_of(const char *code)
{
	for (int l = 0; l < NL; l++)
		if (!strcmp(langs[l], code))
			return l;
	fail_msg("a case in %s, which the world has not", code);
	return -1;
}

/* The truth on today's date, from the cases themselves. */
static void truth_of(struct truth *t)
{
	struct tandem_err e;
	struct db *d;
	struct db_stmt *q;
	int64_t now;

	memset(t, 0, sizeof *t);
	today_of(t->today);
	assert_true(clock_date_parse(t->today, &now));
	t->first = first_monday(now);
	assert_int_equal(db_open(db, false, &d, &e), 0);
	q = db_stmt_new(d, "SELECT community_id, stream, preferred_language, expected_arrival, actual_arrival, status,"
			" CASE WHEN spo_org_id IS NULL THEN 1 ELSE 0 END, CASE WHEN worker_id IS NULL THEN 1 ELSE 0 END"
			" FROM cases", &e);
	assert_non_null(q);
	while (db_step(q, &e) == 1) {
		int c = (int)db_int(q, 0) - 1, s = -1, l = lang_of(db_peek(q, 2));
		const char *expected = db_null(q, 3) ? NULL : db_peek(q, 3), *status = db_peek(q, 5);
		const char *arrived = db_null(q, 4) ? NULL : db_peek(q, 4);
		int64_t day;
		for (int i = 0; i < NS; i++)
			if (!strcmp(dashboard_streams[i], db_peek(q, 1)))
				s = i;
		assert_true(c >= 0 && c < NC && s >= 0);
		if (arrived && clock_date_parse(arrived, &day) && day >= t->first && day < t->first + 7 * NW) {
			t->n[cx(1, (int)(day - t->first) / 7, c, s)]++;
			t->n[cy(1, c, l)]++;
		}
		if (!arrived && open_status(status) && expected && clock_date_parse(expected, &day) && day >= t->first
		    && day < t->first + 7 * NW) {
			t->n[cx(0, (int)(day - t->first) / 7, c, s)]++;
			t->n[cy(0, c, l)]++;
		}
		if (open_status(status))
			t->n[co(c, l, (int)db_int(q, 6), (int)db_int(q, 7))]++;
	}
	db_stmt_free(q);
	q = db_stmt_new(d, "SELECT g.community_id, CASE WHEN EXISTS (SELECT 1 FROM cases c WHERE"
			" c.sponsor_group_id = g.id AND c.status NOT IN ('sponsorship_ended', 'closed')) THEN 0 ELSE 1 END"
			" FROM sponsor_groups g", &e);
	assert_non_null(q);
	while (db_step(q, &e) == 1)
		t->n[cg((int)db_int(q, 0) - 1, (int)db_int(q, 1))]++;
	db_stmt_free(q);
	db_close(d);
}

static void new_vars(struct attack *k, struct vars *v)
{
	for (int i = 0; i < CELLS; i++)
		v->v[i] = attack_var(k);
}

/* Adds what the page shows of one value (a sum of unknowns whose true
 * count is truth): a shown v is the true count rounded, so within
 * [v - 2, v + 2] and above the threshold; a hidden one is a target, and
 * the attacker is told whether it is small. */
static void learn(struct attack *k, const json_t *shown, const int *vars, int n, int64_t truth, const char *what)
{
	if (json_is_null(shown)) {
		struct target *tg = &targets[n_targets++];
		assert_true(n_targets <= MAX_TARGETS);
		memcpy(tg->vars, vars, (size_t)n * sizeof *vars);
		tg->n = n;
		tg->truth = truth;
		snprintf(tg->what, sizeof tg->what, "%s", what);
		attack_fact(k, vars, NULL, n, 0, truth <= T ? T : ATTACK_BIG);
		return;
	}
	if (!json_is_integer(shown))
		fail_msg("%s: %s", what, "neither a count nor null");
	if (json_integer_value(shown) != disclosure_one(truth, T))
		fail_msg("%s: shown %lld, true %lld", what, (long long)json_integer_value(shown), (long long)truth);
	attack_fact(k, vars, NULL, n, (double)(json_integer_value(shown) - 2 > T + 1 ? json_integer_value(shown) - 2
									      : T + 1),
		    (double)json_integer_value(shown) + 2);
}

/* The unknowns (and their true sum) under community c and stream s, each
 * an index or ALL, of week w's table m. */
static int week_sum(const struct vars *v, const struct truth *t, int m, int w, int c, int s, int *out, int64_t *sum)
{
	int n = 0;

	*sum = 0;
	for (int i = 0; i < NC; i++)
		for (int j = 0; j < NS; j++)
			if ((c == ALL || c == i) && (s == ALL || s == j))
				out[n++] = v->v[cx(m, w, i, j)], *sum += t->n[cx(m, w, i, j)];
	return n;
}

static int lang_sum(const struct vars *v, const struct truth *t, int m, int c, int l, int *out, int64_t *sum)
{
	int n = 0;

	*sum = 0;
	for (int i = 0; i < NC; i++)
		if (c == ALL || c == i)
			out[n++] = v->v[cy(m, i, l)], *sum += t->n[cy(m, i, l)];
	return n;
}

/* Open cases of c and l (each an index or ALL) whose agency (a) and
 * worker (b) are as asked: 0 or 1 for without, -1 for either. */
static int open_sum(const struct vars *v, const struct truth *t, int c, int l, int a, int b, int *out, int64_t *sum)
{
	int n = 0;

	*sum = 0;
	for (int i = 0; i < NC; i++)
		for (int j = 0; j < NL; j++)
			for (int p = 0; p < 2; p++)
				for (int r = 0; r < 2; r++)
					if ((c == ALL || c == i) && (l == ALL || l == j) && (a < 0 || a == p) && (b < 0 || b == r))
						out[n++] = v->v[co(i, j, p, r)], *sum += t->n[co(i, j, p, r)];
	return n;
}

static int group_sum(const struct vars *v, const struct truth *t, int c, bool active_only, int *out, int64_t *sum)
{
	int n = 0;

	*sum = 0;
	for (int i = 0; i < NC; i++)
		for (int a = 0; a < (active_only ? 1 : 2); a++)
			if (c == ALL || c == i)
				out[n++] = v->v[cg(i, a)], *sum += t->n[cg(i, a)];
	return n;
}

static json_t *get(struct th_client *who, const char *path, struct th_resp *r)
{
	long st = th_request(who, &srv, "GET", path, NULL, NULL, r);

	if (st != 200)
		fail_msg("GET %s: %ld", path, st);
	return r->json;
}

static const json_t *language_row(const json_t *page, int l)
{
	const json_t *rows = json_object_get(page, "languages");

	assert_int_equal(json_array_size(rows), NL);
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, (size_t)l), "language")), rows_of[l]);
	return json_array_get(rows, (size_t)l);
}

/* Every value of one page: a community's (c) or the province's (ALL). */
static void learn_page(struct attack *k, const struct vars *v, const struct truth *t, const json_t *page, int c,
		       int day)
{
	static const char *const measure[2] = { "expected", "arrived" };
	const json_t *open = json_object_get(page, "open_cases"), *groups = json_object_get(page, "sponsor_groups");
	int vars[MAX_VARS], n;
	int64_t sum;
	char what[96], start[CLOCK_DATE_LEN];

	assert_string_equal(json_string_value(json_object_get(page, "today")), t->today);
	assert_int_equal(json_array_size(json_object_get(page, "arrivals_by_week")), NW);
	for (int w = 0; w < NW; w++) {
		const json_t *week = json_array_get(json_object_get(page, "arrivals_by_week"), (size_t)w);
		clock_date_format(t->first + 7 * w, start);
		assert_string_equal(json_string_value(json_object_get(week, "week")), start);
		for (int m = 0; m < 2; m++)
			for (int s = ALL; s < NS; s++) {
				n = week_sum(v, t, m, w, c, s, vars, &sum);
				snprintf(what, sizeof what, "day %d, community %d, week %d, %s %s", day, c, w, measure[m],
					 s == ALL ? "all" : dashboard_streams[s]);
				learn(k, json_object_get(json_object_get(week, measure[m]),
							 s == ALL ? "all" : dashboard_streams[s]), vars, n, sum, what);
			}
	}
	for (int l = 0; l < NL; l++) {
		const json_t *row = language_row(page, l);
		for (int m = 0; m < 2; m++) {
			n = lang_sum(v, t, m, c, l, vars, &sum);
			snprintf(what, sizeof what, "day %d, community %d, %s %s", day, c, measure[m], langs[l]);
			learn(k, json_object_get(row, measure[m]), vars, n, sum, what);
		}
		n = open_sum(v, t, c, l, -1, 1, vars, &sum);
		snprintf(what, sizeof what, "day %d, community %d, waiting %s", day, c, langs[l]);
		learn(k, json_object_get(row, "waiting"), vars, n, sum, what);
	}
	snprintf(what, sizeof what, "day %d, community %d, open cases", day, c);
	n = open_sum(v, t, c, ALL, -1, -1, vars, &sum);
	learn(k, json_object_get(open, "open"), vars, n, sum, what);
	n = open_sum(v, t, c, ALL, 1, -1, vars, &sum);
	learn(k, json_object_get(open, "without_partner"), vars, n, sum, what);
	n = open_sum(v, t, c, ALL, -1, 1, vars, &sum);
	learn(k, json_object_get(open, "without_worker"), vars, n, sum, what);
	snprintf(what, sizeof what, "day %d, community %d, sponsor groups", day, c);
	n = group_sum(v, t, c, true, vars, &sum);
	learn(k, json_object_get(groups, "active"), vars, n, sum, what);
	n = group_sum(v, t, c, false, vars, &sum);
	learn(k, json_object_get(groups, "all"), vars, n, sum, what);
}

/* What an attacker knows of the world beyond the pages: a community's
 * arrivals by language add up to its arrivals by week. */
static void learn_world(struct attack *k, const struct vars *v)
{
	for (int m = 0; m < 2; m++)
		for (int c = 0; c < NC; c++) {
			int vars[NL + NW * NS], coef[NL + NW * NS], n = 0;
			for (int l = 0; l < NL; l++)
				vars[n] = v->v[cy(m, c, l)], coef[n++] = 1;
			for (int w = 0; w < NW; w++)
				for (int s = 0; s < NS; s++)
					vars[n] = v->v[cx(m, w, c, s)], coef[n++] = -1;
			attack_fact(k, vars, coef, n, 0, 0);
		}
}

/* And, given more than anyone could know, which counts stayed the same
 * from one day to the next. */
static void learn_unchanged(struct attack *k, const struct vars *a, const struct vars *b, const struct truth *ta,
			    const struct truth *tb)
{
	for (int i = 0; i < CELLS; i++)
		if (ta->n[i] == tb->n[i]) {
			int pair[2] = { a->v[i], b->v[i] }, coef[2] = { 1, -1 };
			attack_fact(k, pair, coef, 2, 0, 0);
		}
}

/* The province's page and every community's, as the evaluator reads them;
 * the province's table of communities says what their pages say. */
static void learn_day(struct attack *k, const struct vars *v, const struct truth *t, int day)
{
	static const char *const same[] = { "open", "without_partner", "without_worker" };
	struct th_resp prov, comm[NC];
	char path[64];

	learn_page(k, v, t, get(&evaluator, "/api/v1/province/dashboard", &prov), ALL, day);
	assert_true(json_is_null(json_object_get(prov.json, "community")));
	for (int c = 0; c < NC; c++) {
		const json_t *rows = json_object_get(prov.json, "communities"), *row = NULL, *each;
		size_t at;
		json_array_foreach(rows, at, each)
			if (json_integer_value(json_object_get(each, "id")) == c + 1)
				row = each;
		assert_int_equal(json_array_size(rows), NC);
		assert_non_null(row);
		snprintf(path, sizeof path, "/api/v1/communities/%d/dashboard", c + 1);
		learn_page(k, v, t, get(&evaluator, path, &comm[c]), c, day);
		for (size_t i = 0; i < sizeof same / sizeof *same; i++)
			assert_true(json_equal(json_object_get(row, same[i]),
					       json_object_get(json_object_get(comm[c].json, "open_cases"), same[i])));
		assert_true(json_equal(json_object_get(row, "sponsor_groups_active"),
				       json_object_get(json_object_get(comm[c].json, "sponsor_groups"), "active")));
		assert_null(json_object_get(comm[c].json, "communities"));
		th_resp_free(&comm[c]);
	}
	th_resp_free(&prov);
}

/* The truth rounded where it shows, and an attacker with every page of
 * two days, and what did not change between them, works out nothing
 * hidden. */
static void test_no_hidden_count_is_worked_out_over_two_days(void **state)
{
	static struct truth t1, t2;
	struct attack *k = attack_new();
	struct vars v1, v2;
	int pinned = 0;

	(void)state;
	n_targets = 0;
	truth_of(&t1);
	new_vars(k, &v1);
	learn_world(k, &v1);
	learn_day(k, &v1, &t1, 1);
	/* The next day: three families expected this week arrive, a notice
	 * comes for next week, two families get their worker. */
	assert_true(th_sqlf(&srv, "UPDATE cases SET actual_arrival = '%s', status = 'arrived' WHERE id IN (SELECT id"
			    " FROM cases WHERE actual_arrival IS NULL AND expected_arrival >= '%s' ORDER BY id LIMIT 3)",
			    t1.today, t1.today) >= 0);
	assert_true(th_sqlf(&srv, "INSERT INTO cases (family_name, preferred_language, stream, status, expected_arrival,"
			    " community_id, created_at, updated_at) VALUES ('Qzx-new', 'so', 'GAR', 'referred', '%s', 2, 1, 1)",
			    t1.today) >= 0);
	assert_true(th_sqlf(&srv, "UPDATE cases SET worker_id = %d WHERE id IN (SELECT id FROM cases WHERE worker_id IS NULL"
			    " AND status = 'active' ORDER BY id LIMIT 2)", WORKER_ID) >= 0);
	truth_of(&t2);
	assert_string_equal(t1.today, t2.today);
	new_vars(k, &v2);
	learn_world(k, &v2);
	learn_day(k, &v2, &t2, 2);
	learn_unchanged(k, &v1, &v2, &t1, &t2);
	assert_true(n_targets > 100);
	for (int i = 0; i < n_targets; i++)
		if (attack_pinned_at(k, targets[i].vars, targets[i].n, (double)targets[i].truth)) {
			fprintf(stderr, "worked out: %s (%lld)\n", targets[i].what, (long long)targets[i].truth);
			pinned++;
		}
	attack_free(k);
	assert_int_equal(pinned, 0);
}

/* Keys a dashboard may carry: counts, weeks, languages, communities. */
static void only_aggregates(const json_t *j)
{
	static const char *const keys[] = { "community", "id", "name", "today", "rule", "threshold", "base",
					    "arrivals_by_week", "week", "expected", "arrived", "GAR", "PSR", "BVOR",
					    "all", "languages", "language", "waiting", "workers", "places", "families",
					    "free_places",
					    "open_cases", "open", "without_partner", "without_worker", "sponsor_groups",
					    "active", "communities", "sponsor_groups_active", "followups",
					    "pre_arrival_overdue", "needs_overdue", "referred", "unassigned",
					    "needs_without_referral", "meeting_without_outcome", "message_unanswered",
					    "task_overdue", "sponsorship_ending", NULL };
	const char *key;
	json_t *v;
	size_t i;

	if (json_is_array(j))
		json_array_foreach(j, i, v)
			only_aggregates(v);
	json_object_foreach((json_t *)j, key, v) {
		bool known = false;
		for (size_t n = 0; keys[n]; n++)
			known |= !strcmp(keys[n], key);
		if (!known)
			fail_msg("a dashboard carries \"%s\"", key);
		if (!strcmp(key, "id") && (json_integer_value(v) < 1 || json_integer_value(v) > NC))
			fail_msg("an id that is not a community's: %lld", (long long)json_integer_value(v));
		only_aggregates(v);
	}
}

/* Nothing of a family: no name, no case, no field but counts; the CSV
 * the same. */
static void test_no_answer_carries_a_name_or_a_case(void **state)
{
	static const char *const paths[] = { "/api/v1/province/dashboard", "/api/v1/communities/1/dashboard",
					     "/api/v1/province/dashboard.csv", "/api/v1/communities/2/dashboard.csv" };
	struct th_resp r;

	(void)state;
	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
		assert_int_equal(th_request(&evaluator, &srv, "GET", paths[i], NULL, NULL, &r), 200);
		assert_null(strstr(r.body, "Qzx"));
		if (r.json)
			only_aggregates(r.json);
		th_resp_free(&r);
	}
	/* a name a spreadsheet would run as a formula is written as text */
	assert_int_equal(th_request(&evaluator, &srv, "GET", "/api/v1/province/dashboard.csv", NULL, NULL, &r), 200);
	assert_non_null(strstr(r.body, "\r\ncommunities,'=Cedar,,open,"));
	assert_null(strstr(r.body, ",=Cedar"));
	th_resp_free(&r);
	assert_int_equal(th_request(&lip, &srv, "GET", "/api/v1/communities/1/dashboard", NULL, NULL, &r), 200);
	assert_null(strstr(r.body, "Qzx"));
	only_aggregates(r.json);
	th_resp_free(&r);
}

/* The CSV: one row a value, the same numbers as the JSON, an empty cell
 * where the JSON has null. */
static void test_the_csv_holds_the_same_tables(void **state)
{
	struct th_resp j, c;
	char head[128], line[256];

	(void)state;
	get(&evaluator, "/api/v1/communities/1/dashboard", &j);
	assert_int_equal(th_request(&evaluator, &srv, "GET", "/api/v1/communities/1/dashboard.csv", NULL, NULL, &c), 200);
	assert_true(th_header(&c, "Content-Type", head, sizeof head));
	assert_non_null(strstr(head, "text/csv"));
	assert_true(th_header(&c, "Content-Disposition", head, sizeof head));
	assert_non_null(strstr(head, "dashboard-1-"));
	assert_int_equal(strncmp(c.body, "table,community,row,column,count\r\n", 34), 0);
	/* the rule and the day, for a reader of the file alone */
	snprintf(line, sizeof line, "\r\nrule,Alder,%s,hidden_up_to,%d\r\nrule,Alder,%s,rounded_to,%d\r\n",
		 json_string_value(json_object_get(j.json, "today")), T, json_string_value(json_object_get(j.json, "today")),
		 DISCLOSURE_BASE);
	assert_non_null(strstr(c.body, line));
	for (int w = 0; w < NW; w++) {
		const json_t *week = json_array_get(json_object_get(j.json, "arrivals_by_week"), (size_t)w);
		const json_t *v = json_object_get(json_object_get(week, "arrived"), "all");
		char *n = json_is_null(v) ? NULL : json_dumps(v, JSON_ENCODE_ANY);
		snprintf(line, sizeof line, "\narrivals_by_week,Alder,%s,arrived all,%s\r\n",
			 json_string_value(json_object_get(week, "week")), n ? n : "");
		free(n);
		if (!strstr(c.body, line))
			fail_msg("the CSV has no line %s", line + 1);
	}
	for (int l = 0; l < NL; l++) {
		const json_t *v = json_object_get(language_row(j.json, l), "waiting");
		char *n = json_is_null(v) ? NULL : json_dumps(v, JSON_ENCODE_ANY);
		snprintf(line, sizeof line, "\nlanguages,Alder,%s,waiting,%s\r\n", rows_of[l], n ? n : "");
		free(n);
		assert_non_null(strstr(c.body, line));
	}
	th_resp_free(&j);
	th_resp_free(&c);
}

/* Open cases by kind of follow-up: here every referred case has waited
 * since the world began, so each is "unassigned", and no case has a
 * meeting, a message or a plan; each community's count as shown is its
 * truth rounded (or hidden), the province's too, and the CSV says so. */
static void test_followups_are_counted_by_kind(void **state)
{
	long long total = 0, truth[NC];
	struct th_resp p, c;
	char path[64], line[96];

	(void)state;
	get(&evaluator, "/api/v1/province/dashboard", &p);
	for (int k = 0; k < NC; k++) {
		const json_t *v;
		truth[k] = th_sqlf(&srv, "SELECT count(*) FROM cases WHERE community_id = %d AND status = 'referred'", k + 1);
		total += truth[k];
		snprintf(path, sizeof path, "/api/v1/communities/%d/dashboard", k + 1);
		get(&evaluator, path, &c);
		v = json_object_get(json_object_get(c.json, "followups"), "unassigned");
		if (!json_is_null(v))
			assert_int_equal(json_integer_value(v), (truth[k] + 2) / 5 * 5);
		assert_true(truth[k] > T || json_is_null(v));
		assert_true(json_is_null(json_object_get(json_object_get(c.json, "followups"), "message_unanswered")));
		th_resp_free(&c);
	}
	assert_true(total > T);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(p.json, "followups"), "unassigned")),
			 (total + 2) / 5 * 5);
	th_resp_free(&p);
	assert_int_equal(th_request(&evaluator, &srv, "GET", "/api/v1/province/dashboard.csv", NULL, NULL, &c), 200);
	snprintf(line, sizeof line, "\r\nfollowups,province,,unassigned,%lld\r\n", (total + 2) / 5 * 5);
	assert_non_null(strstr(c.body, line));
	th_resp_free(&c);
	/* seven open families of each community with two plan tasks overdue
	 * each are seven, not fourteen (shown 5, not 15); then taken back */
	for (int k = 1; k <= NC; k++) {
		char sql[512];
		snprintf(sql, sizeof sql, "INSERT INTO plan_tasks (case_id, title, responsible, due_on, created_at,"
			 " updated_at) SELECT id, 'Overdue', 'worker', '2000-01-01', 1, 1 FROM (SELECT id FROM cases"
			 " WHERE community_id = %d AND status = 'active' ORDER BY id LIMIT 7) c,"
			 " (SELECT 1 AS k UNION ALL SELECT 2) twice", k);
		assert_int_equal(th_sql_script_file(db, sql), 0);
	}
	get(&evaluator, "/api/v1/communities/1/dashboard", &c);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(c.json, "followups"), "task_overdue")), 5);
	th_resp_free(&c);
	assert_int_equal(th_sql_script_file(db, "DELETE FROM plan_tasks WHERE title = 'Overdue'"), 0);
}

/* The workers who speak a language and their places, exactly: they are
 * staff; the families they have, as a count of families; their free
 * places, what is left. A language no worker speaks is "other". */
static void test_capacity_counts_the_workers_who_speak_each_language(void **state)
{
	struct th_resp r;
	long long open = th_sqlf(&srv, "SELECT count(*) FROM cases WHERE worker_id = %d AND status NOT IN"
				 " ('sponsorship_ended', 'closed')", WORKER_ID);
	int64_t families = disclosure_one(open, T);

	(void)state;
	assert_true(open > T && open < 1000);
	get(&evaluator, "/api/v1/communities/2/dashboard", &r);
	for (int l = 0; l < NL; l++) {
		const json_t *row = language_row(r.json, l);
		bool speaks = l < 2;
		assert_int_equal(json_integer_value(json_object_get(row, "workers")), speaks);
		assert_int_equal(json_integer_value(json_object_get(row, "places")), speaks ? 1000 : 0);
		if (!speaks) {
			/* no worker has a case of theirs: 0, nothing hidden */
			assert_int_equal(json_integer_value(json_object_get(row, "families")), 0);
			assert_int_equal(json_integer_value(json_object_get(row, "free_places")), 0);
			continue;
		}
		assert_int_equal(json_integer_value(json_object_get(row, "families")), families);
		assert_int_equal(json_integer_value(json_object_get(row, "free_places")), 1000 - families);
	}
	th_resp_free(&r);
}

/* A LIP coordinator reads their community's page (the same as the
 * evaluator's) and no other, nor the province's; a worker none; each
 * refusal audited; an unknown community is 404. */
static void test_who_reads_which_dashboard(void **state)
{
	struct th_resp a, b;
	long long before = th_sql(&srv, "SELECT count(*) FROM audit WHERE outcome = 'refused'");

	(void)state;
	get(&lip, "/api/v1/communities/1/dashboard", &a);
	get(&evaluator, "/api/v1/communities/1/dashboard", &b);
	assert_true(json_equal(a.json, b.json));
	th_resp_free(&a);
	th_resp_free(&b);
	assert_int_equal(th_request(&lip, &srv, "GET", "/api/v1/communities/2/dashboard", NULL, NULL, &a), 403);
	assert_string_equal(th_error_code(&a), "forbidden");
	th_resp_free(&a);
	assert_int_equal(th_request(&lip, &srv, "GET", "/api/v1/province/dashboard.csv", NULL, NULL, &a), 403);
	th_resp_free(&a);
	assert_int_equal(th_request(&worker, &srv, "GET", "/api/v1/communities/1/dashboard", NULL, NULL, &a), 403);
	th_resp_free(&a);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM audit WHERE outcome = 'refused'"), before + 3);
	assert_int_equal(th_request(&evaluator, &srv, "GET", "/api/v1/communities/99/dashboard", NULL, NULL, &a), 404);
	th_resp_free(&a);
	assert_int_equal(th_request(&evaluator, &srv, "GET", "/api/v1/communities/x/dashboard", NULL, NULL, &a), 404);
	th_resp_free(&a);
}

/* Every count of families the page shows, at least `least`; how many
 * it shows. */
static int shown_at_least(const json_t *j, long long least)
{
	static const char *const exact[] = { "id", "threshold", "base", "workers", "places", "free_places", NULL };
	const char *key;
	json_t *v;
	size_t i;
	int shown = 0;

	if (json_is_array(j))
		json_array_foreach(j, i, v)
			shown += shown_at_least(v, least);
	json_object_foreach((json_t *)j, key, v) {
		bool staff = false;
		for (size_t n = 0; exact[n]; n++)
			staff |= !strcmp(exact[n], key);
		/* (the cases of no worker are 0, exactly) */
		if (!strcmp(key, "families") && json_integer_value(v) == 0)
			continue;
		if (json_is_integer(v) && !staff && json_integer_value(v) < least)
			fail_msg("\"%s\" shows %lld", key, (long long)json_integer_value(v));
		shown += json_is_integer(v) && !staff;
		shown += shown_at_least(v, least);
	}
	return shown;
}

/* The tables are reused all day (or for serve --dashboard-refresh
 * seconds): notices that come in the meantime show at the next working
 * out, not before. */
static void test_the_tables_are_reused_until_they_are_refreshed(void **state)
{
	static const char *const hour[] = { "--dashboard-refresh", "3600", NULL };
	/* (by default, the day: an hour is as good for the test) */
	struct th_server cached;
	struct th_client ev;
	struct th_resp a, b;
	char day[CLOCK_DATE_LEN];
	int64_t now;

	(void)state;
	today_of(day);
	assert_true(clock_date_parse(day, &now));
	clock_date_format(now + 7, day);
	assert_int_equal(th_server_start_with(&cached, NULL, hour), 0);
	assert_int_equal(th_login(&ev, &cached, "evaluator@tandem.example"), 200);
	assert_int_equal(th_request(&ev, &cached, "GET", "/api/v1/province/dashboard", NULL, NULL, &a), 200);
	for (int i = 0; i < 40; i++)
		assert_true(th_sqlf(&cached, "INSERT INTO cases (family_name, preferred_language, stream, status,"
				    " expected_arrival, community_id, created_at, updated_at) VALUES ('Qzx', 'ar', 'GAR',"
				    " 'referred', '%s', 1, 1, 1)", day) >= 0);
	assert_int_equal(th_request(&ev, &cached, "GET", "/api/v1/province/dashboard", NULL, NULL, &b), 200);
	assert_true(json_equal(a.json, b.json));
	th_resp_free(&a);
	th_resp_free(&b);
	assert_int_equal(th_server_stop(&cached), 0);
}

/* An operator raises the threshold (serve --small-counts 10): counts up
 * to 10 are hidden, so nothing shown is below 10. */
static void test_the_threshold_may_be_raised(void **state)
{
	static const char *const extra[] = { "--small-counts", "10", NULL };
	struct th_server raised;
	struct th_client ev;
	struct th_resp r;

	(void)state;
	assert_int_equal(th_server_start_with(&raised, NULL, extra), 0);
	assert_int_equal(th_login(&ev, &raised, "evaluator@tandem.example"), 200);
	assert_int_equal(th_request(&ev, &raised, "GET", "/api/v1/province/dashboard", NULL, NULL, &r), 200);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(r.json, "rule"), "threshold")), 10);
	assert_true(shown_at_least(r.json, 10) > 10);
	th_resp_free(&r);
	assert_int_equal(th_server_stop(&raised), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_who_reads_which_dashboard),
		cmocka_unit_test(test_no_answer_carries_a_name_or_a_case),
		cmocka_unit_test(test_the_csv_holds_the_same_tables),
		cmocka_unit_test(test_capacity_counts_the_workers_who_speak_each_language),
		cmocka_unit_test(test_followups_are_counted_by_kind),
		cmocka_unit_test(test_the_threshold_may_be_raised),
		cmocka_unit_test(test_the_tables_are_reused_until_they_are_refreshed),
		cmocka_unit_test(test_no_hidden_count_is_worked_out_over_two_days),
	};
	int failed = cmocka_run_group_tests_name("dashboard", tests, setup, teardown);

	glp_free_env();
	return failed;
}
