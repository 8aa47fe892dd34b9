/* test_indicators.c - the indicators (issue 14, docs/indicators.md) on a
 * small world made here, each worked out by hand from what it holds: two
 * communities, two SPOs, families arrived in the last quarter that is over
 * with pre-arrival meetings on time, late, on time only by their notice,
 * needs assessed so many days after arrival, workers who do or do not speak
 * the family's language, matched by the matcher or by hand, urgent needs
 * referred in time or not, sponsors' ratings, an event's survey, workers
 * trained. Counts come rounded to fives and hidden up to five, workers'
 * exactly; a median or a mean only beside a count shown; the CSV says the
 * same; who reads which indicators; a period that is no quarter of the
 * window refused. Then sponsors' ratings and workers' training over the
 * API. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../src/lib/buf.h"
#include "../../src/lib/clock.h"
#include "harness.h"

enum { ARRIVED = 20, ALDER = 1, BIRCH = 2, SPO_A = 3, SPO_B = 4, GROUP = 10, DAY = 86400 };

static struct th_server srv;
static struct th_client evaluator, lip, worker, manager, manager_b, sponsor;
static char db[256], pg_name[32];
static char q_from[CLOCK_DATE_LEN], q_to[CLOCK_DATE_LEN];   /* the last quarter that is over */
static int64_t q_first;                                      /* its first day */
static long long w1, w2, w3, sponsor_id;

/* The last quarter that is over, as of today. */
static void last_quarter(void)
{
	char today[CLOCK_DATE_LEN], next[CLOCK_DATE_LEN];
	int64_t end;
	int y, m;

	clock_date_format(clock_day(clock_now()), today);
	assert_int_equal(sscanf(today, "%d-%d", &y, &m), 2);
	m = (m - 1) / 3 * 3 + 1;
	snprintf(next, sizeof next, "%04d-%02d-01", y, m);
	assert_true(clock_date_parse(next, &end));
	if ((m -= 3) < 1)
		m += 12, y--;
	snprintf(q_from, sizeof q_from, "%04d-%02d-01", y, m);
	assert_true(clock_date_parse(q_from, &q_first));
	clock_date_format(end - 1, q_to);
}

static void user(const char *email, const char *role, const char *how, const char *id, const char *langs)
{
	struct th_run run;

	assert_int_equal(th_tandem(&run, DEMO_PASSWORD "\n", "user", "add", "--db", db, "--email", email, "--name", "Ind",
				   "--role", role, how, id, "--languages", langs, "--password-stdin", NULL), 0);
}

/* Case k of Alder at SPO A arrived on day arrival of the quarter, its
 * worker, language and notice as the table below says. */
static void add_case(struct buf *sql, int k, int64_t arrival, long long worker_id, const char *lang)
{
	char day[CLOCK_DATE_LEN];

	clock_date_format(arrival, day);
	buf_printf(sql, "INSERT INTO cases (id, family_name, preferred_language, stream, status, actual_arrival,"
		   " sponsor_group_id, community_id, spo_org_id, worker_id, created_at, updated_at) VALUES (%d, 'F%d',"
		   " '%s', 'PSR', 'active', '%s', %d, %d, %d, %lld, 1, 1);", k, k, lang, day, GROUP, ALDER, SPO_A,
		   worker_id);
}

static void meeting(struct buf *sql, int k, const char *kind, int64_t day)
{
	buf_printf(sql, "INSERT INTO meetings (case_id, kind, starts_at, ends_at, mode, status, created_at, updated_at)"
		   " VALUES (%d, '%s', %lld, %lld, 'phone', 'held', 1, 1);", k, kind, (long long)(day * DAY + 36000),
		   (long long)(day * DAY + 39600));
}

/* The world, each indicator's cases as its comment says. */
static void world(struct buf *sql)
{
	static const int needs_days[] = { 1, 2, 2, 3, 3, 3, 4, 5, 6, 7, 8, 30 };   /* median (3 + 4) / 2 = 4 */
	static const int ratings[] = { 5, 5, 4, 4, 5, 3, 5 };                      /* mean 31 / 7 = 4.4 */
	char day[CLOCK_DATE_LEN];

	for (int k = 1; k <= ARRIVED; k++) {
		int64_t arrival = q_first + 20 + k;
		/* 14 families speak the worker's Arabic, 6 Tigrinya, which w1 does not */
		add_case(sql, k, arrival, w1, k <= 14 ? "ar" : "ti");
		/* pre-arrival meetings: 10 held 20 days ahead (on time); 4 held 10
		 * days ahead, the day their notice came (on time by the notice
		 * alone); 2 held 3 days ahead with no notice (late); 4 none */
		if (k <= 10)
			meeting(sql, k, "pre_arrival", arrival - 20);
		else if (k <= 14)
			meeting(sql, k, "pre_arrival", arrival - 10);
		else if (k <= 16)
			meeting(sql, k, "pre_arrival", arrival - 3);
		if (k >= 11 && k <= 14) {
			clock_date_format(arrival - 10, day);
			buf_printf(sql, "INSERT INTO arrival_notices (reference, case_id, received, stream, family_size,"
				   " birth_years, language, community_id, expected_arrival, sponsor_group_id, updated_by,"
				   " updated_at) VALUES ('N%d', %d, '%s', 'PSR', 1, '1990', 'ar', %d, '%s', %d, %lld, 1);", k,
				   k, day, ALDER, day, GROUP, w1);
		}
		/* 12 families' needs assessed (the days above after arrival); the
		 * others' once before arrival, which does not count */
		buf_printf(sql, "INSERT INTO needs (case_id, domain, level, assessed_at) VALUES (%d, 'housing', '%s',"
			   " %lld);", k, k <= 12 ? "urgent" : "low", (long long)((k <= 12 ? arrival + needs_days[k - 1]
									       : arrival - 2) * DAY + 3600));
		/* 12 urgent needs (k 1 to 12): 7 referred within 7 days, 3 after
		 * 10, 2 only by a referral declined */
		if (k <= 12) {
			clock_date_format(arrival + needs_days[k - 1] + (k <= 7 ? 2 : 10), day);
			buf_printf(sql, "INSERT INTO referrals (case_id, service, domain, status, sent_on, updated_at)"
				   " VALUES (%d, 'Housing help', 'housing', '%s', '%s', 1);", k, k > 10 ? "declined" : "sent",
				   day);
		}
		/* 8 matched by the matcher, the others by hand */
		buf_printf(sql, "INSERT INTO case_transitions (case_id, from_state, to_state, at, reason) VALUES (%d,"
			   " 'referred', 'assigned', 1, '%s');", k, k <= 8 ? "matched" : "worker assigned");
		/* post-arrival meetings held for 9 families, 7 of them rated */
		if (k <= 9)
			meeting(sql, k, "post_arrival", arrival + 1);
		if (k <= 7)
			buf_printf(sql, "INSERT INTO sponsor_ratings (case_id, user_id, moment, rating, created_at) VALUES"
				   " (%d, %lld, 'post_arrival', %d, %lld);", k, sponsor_id, ratings[k - 1],
				   (long long)((arrival + 3) * DAY));
	}
	/* Birch: three families of SPO B, too few to show */
	for (int k = 21; k <= 23; k++) {
		clock_date_format(q_first + 30, day);
		buf_printf(sql, "INSERT INTO cases (id, family_name, preferred_language, stream, status, actual_arrival,"
			   " community_id, spo_org_id, created_at, updated_at) VALUES (%d, 'B%d', 'so', 'GAR', 'active',"
			   " '%s', %d, %d, 1, 1);", k, k, day, BIRCH, SPO_B);
		buf_printf(sql, "INSERT INTO needs (case_id, domain, level, assessed_at) VALUES (%d, 'income', 'low',"
			   " %lld);", k, (long long)((q_first + 32) * DAY));
	}
	/* an event in Alder: 10 answers, 7 of them 4 or 5, 3 of them 3 */
	buf_printf(sql, "INSERT INTO events (id, title, topic, starts_at, ends_at, mode, place, audience, community_id,"
		   " languages, capacity, created_by, created_at, updated_at) VALUES (1, 'E', 'housing', %lld, %lld,"
		   " 'in_person', 'Hall', 'sponsors', %d, 'en', 50, %lld, 1, 1);", (long long)((q_first + 5) * DAY),
		   (long long)((q_first + 5) * DAY + 3600), ALDER, w1);
	for (int i = 0; i < 10; i++)
		buf_printf(sql, "INSERT INTO event_survey_answers (id, event_id, helpful, learned_service) VALUES (%d, 1,"
			   " %d, FALSE);", 100 + i, i < 7 ? 4 + i % 2 : 3);
	/* trained: w1 last year, w2 in the quarter, w3 never */
	clock_date_format(q_first - 200, day);
	buf_printf(sql, "INSERT INTO worker_trainings (user_id, completed_on, provider, hours, recorded_by, created_at)"
		   " VALUES (%lld, '%s', 'LIP', 6, %lld, 1);", w1, day, w1);
	clock_date_format(q_first + 3, day);
	buf_printf(sql, "INSERT INTO worker_trainings (user_id, completed_on, provider, hours, recorded_by, created_at)"
		   " VALUES (%lld, '%s', 'LIP', 6, %lld, 1);", w2, day, w2);
}

static int setup(void **state)
{
	struct buf sql;
	int rc;

	(void)state;
	last_quarter();
	if (th_db_new("ind", db, sizeof db, pg_name)
	    || th_sql_script_file(db, "INSERT INTO organizations (id, name, kind) VALUES (1, 'Alder LIP', 'lip'),"
				  " (2, 'Province', 'funder'), (3, 'Settle A', 'spo'), (4, 'Settle B', 'spo');"
				  "INSERT INTO communities (id, name, region, lip_org_id) VALUES (1, 'Alder', 'Ontario', 1),"
				  " (2, 'Birch', 'Ontario', NULL);"
				  "INSERT INTO organization_communities (org_id, community_id) VALUES (1, 1), (3, 1),"
				  " (4, 2);"
				  "INSERT INTO sponsor_groups (id, name, kind, community_id) VALUES (10, 'G', 'g5', 1)"))
		return -1;
	user("evaluator@ind.example", "evaluator", "--org", "2", "en");
	user("lip@ind.example", "lip_coordinator", "--org", "1", "en");
	user("w1@ind.example", "worker", "--org", "3", "ar");
	user("w2@ind.example", "worker", "--org", "3", "ti");
	user("w3@ind.example", "worker", "--org", "4", "so");
	user("manager@ind.example", "spo_manager", "--org", "3", "en");
	user("manager-b@ind.example", "spo_manager", "--org", "4", "en");
	user("sponsor@ind.example", "sponsor", "--group", "10", "en");
	w1 = th_sql_file(db, "SELECT id FROM users WHERE email = 'w1@ind.example'");
	w2 = th_sql_file(db, "SELECT id FROM users WHERE email = 'w2@ind.example'");
	w3 = th_sql_file(db, "SELECT id FROM users WHERE email = 'w3@ind.example'");
	sponsor_id = th_sql_file(db, "SELECT id FROM users WHERE email = 'sponsor@ind.example'");
	buf_init(&sql, 1u << 20);
	world(&sql);
	rc = th_sql_script_file(db, sql.data);
	buf_free(&sql);
	if (rc || th_server_start_on(&srv, db) || th_login(&evaluator, &srv, "evaluator@ind.example") != 200
	    || th_login(&lip, &srv, "lip@ind.example") != 200 || th_login(&worker, &srv, "w1@ind.example") != 200
	    || th_login(&manager, &srv, "manager@ind.example") != 200
	    || th_login(&manager_b, &srv, "manager-b@ind.example") != 200
	    || th_login(&sponsor, &srv, "sponsor@ind.example") != 200)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	th_server_stop(&srv);
	return th_db_drop(db, pg_name);
}

static json_t *get(struct th_client *c, const char *path, long want)
{
	struct th_resp r;
	json_t *out;

	assert_int_equal(th_request(c, &srv, "GET", path, NULL, NULL, &r), want);
	out = json_incref(r.json);
	th_resp_free(&r);
	return out;
}

static const json_t *indicator(const json_t *answer, const char *name)
{
	const json_t *list = json_object_get(answer, "indicators");

	for (size_t i = 0; i < json_array_size(list); i++)
		if (!strcmp(json_string_value(json_object_get(json_array_get(list, i), "name")), name))
			return json_array_get(list, i);
	fail_msg("no indicator %s", name);
	return NULL;
}

/* A count as shown: hidden (null) up to 5, else to the nearest five. */
static void assert_count(const json_t *o, const char *key, int truth)
{
	const json_t *v = json_object_get(o, key);

	if (truth <= 5) {
		assert_true(json_is_null(v));
		return;
	}
	assert_true(json_is_integer(v));
	assert_int_equal(json_integer_value(v), (truth + 2) / 5 * 5);
}

/* A share of counts as shown, from the counts shown. */
static void assert_share(const json_t *answer, const char *name, int num, int den)
{
	const json_t *o = indicator(answer, name);

	assert_count(o, "numerator", num);
	assert_count(o, "denominator", den);
	assert_true(json_is_real(json_object_get(o, "value")));
	assert_float_equal(json_real_value(json_object_get(o, "value")),
			   (double)((num + 2) / 5 * 5) / (double)((den + 2) / 5 * 5), 1e-9);
}

static json_t *of_quarter(struct th_client *c, const char *more, long want)
{
	char path[256];

	snprintf(path, sizeof path, "/api/v1/indicators?from=%s&to=%s%s", q_from, q_to, more ? more : "");
	return get(c, path, want);
}

/* The whole window: every family of the world is in its last quarter. */
static void test_each_indicator_is_what_the_world_holds(void **state)
{
	json_t *r = get(&evaluator, "/api/v1/indicators", 200);
	const json_t *o;

	(void)state;
	assert_string_equal(json_string_value(json_object_get(r, "to")), q_to);
	/* 23 arrived in all (20 in Alder, 3 in Birch): 16 meetings held, 14
	 * on time, 10 of them by 14 days and 4 by their notice (without it,
	 * 10 would show as 10, not 15) */
	assert_share(r, "pre_arrival_meeting", 16, 23);
	assert_share(r, "pre_arrival_meeting_on_time", 14, 23);
	/* 12 assessed after arrival in Alder and 3 in Birch (2 days each): the
	 * median of 1,2,2,2,2,2,3,3,3,4,5,6,7,8,30 is 3 */
	o = indicator(r, "days_to_needs_assessment");
	assert_count(o, "count", 15);
	assert_float_equal(json_real_value(json_object_get(o, "value")), 3, 0);
	assert_share(r, "worker_speaks_language", 14, 20);
	assert_share(r, "matched_by_matcher", 8, 20);
	/* 7 of 12 in time: 5 of 10 shown (counting the late or the declined
	 * ones would show 10) */
	assert_share(r, "urgent_needs_referred_in_7_days", 7, 12);
	o = indicator(r, "sponsor_rating");
	assert_count(o, "count", 7);
	assert_float_equal(json_real_value(json_object_get(o, "value")), 4.4, 1e-9);
	assert_float_equal(json_real_value(json_object_get(json_object_get(o, "compare"), "pilots")), 4.9, 1e-9);
	/* 4 or 5 is helpful: 7 (5 shown); counting the 3s would show 10 */
	assert_share(r, "events_helpful", 7, 10);
	/* workers: staff, exactly; w1 trained before, w2 in the quarter */
	o = indicator(r, "workers_trained");
	assert_true(json_is_true(json_object_get(o, "exact")));
	assert_int_equal(json_integer_value(json_object_get(o, "numerator")), 2);
	assert_int_equal(json_integer_value(json_object_get(o, "denominator")), 3);
	json_decref(r);
}

/* Birch's three families are too few: every count hidden, and the median
 * with them, though it could be worked out; its one worker is counted. */
static void test_a_small_cut_hides_its_counts_and_median(void **state)
{
	char more[64];
	json_t *r;
	const json_t *o;

	(void)state;
	snprintf(more, sizeof more, "&community=%d", BIRCH);
	r = of_quarter(&evaluator, more, 200);
	assert_string_equal(json_string_value(json_object_get(r, "from")), q_from);
	o = indicator(r, "days_to_needs_assessment");
	assert_true(json_is_null(json_object_get(o, "count")));
	assert_true(json_is_null(json_object_get(o, "value")));
	o = indicator(r, "pre_arrival_meeting");
	assert_true(json_is_null(json_object_get(o, "denominator")));
	assert_true(json_is_null(json_object_get(o, "value")));
	o = indicator(r, "workers_trained");
	assert_int_equal(json_integer_value(json_object_get(o, "denominator")), 1);
	assert_int_equal(json_integer_value(json_object_get(o, "numerator")), 0);
	json_decref(r);
	/* by SPO: the events, which are the community's, are not given */
	snprintf(more, sizeof more, "&spo=%d", SPO_A);
	r = of_quarter(&evaluator, more, 200);
	for (size_t i = 0; i < json_array_size(json_object_get(r, "indicators")); i++)
		assert_string_not_equal(json_string_value(json_object_get(json_array_get(json_object_get(r, "indicators"),
											 i), "name")), "events_helpful");
	json_decref(r);
}

/* The same numbers in the CSV, the rule in its first rows. */
static void test_the_csv_says_the_same(void **state)
{
	char path[256];
	struct th_resp r;

	(void)state;
	snprintf(path, sizeof path, "/api/v1/indicators.csv");
	assert_int_equal(th_request(&evaluator, &srv, "GET", path, NULL, NULL, &r), 200);
	assert_non_null(strstr(r.body, "indicator,from,to,community,spo,numerator,denominator_or_count,value,unit\r\n"));
	assert_non_null(strstr(r.body, "rule: hidden_up_to,"));
	/* 7 of 12 urgent needs referred in time: 5 of 10 as shown */
	assert_non_null(strstr(r.body, "\r\nurgent_needs_referred_in_7_days,"));
	assert_non_null(strstr(r.body, ",all,all,5,10,0.500,share\r\n"));
	th_resp_free(&r);
}

/* Who reads which indicators; periods that are no quarter or year. */
static void test_who_reads_them_and_bad_periods(void **state)
{
	static const char *const bad[] = {
		"?from=2026-01-02&to=2026-03-31", "?from=2026-01-01&to=2026-03-30", "?from=2026-01-01",
		"?from=2026-02-01&to=2026-04-30", "?from=1999-01-01&to=1999-03-31", "?community=x", "?spo=1",
		"?period=2026", "?from=2026-01-01&to=2026-12-31",
	};
	char path[128];
	long long refused = th_sql(&srv, "SELECT count(*) FROM audit WHERE outcome = 'refused'");

	(void)state;
	json_decref(get(&worker, "/api/v1/indicators", 403));
	json_decref(get(&manager, "/api/v1/indicators", 403));
	json_decref(get(&lip, "/api/v1/indicators", 403));
	snprintf(path, sizeof path, "/api/v1/indicators?community=%d", BIRCH);
	json_decref(get(&lip, path, 403));
	/* each refused, at the route (the worker, the manager) or by the community (the LIP) */
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM audit WHERE outcome = 'refused'"), refused + 4);
	snprintf(path, sizeof path, "/api/v1/indicators?community=%d", ALDER);
	json_decref(get(&lip, path, 200));
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct th_resp r;
		snprintf(path, sizeof path, "/api/v1/indicators%s", bad[i]);
		assert_int_equal(th_request(&evaluator, &srv, "GET", path, NULL, NULL, &r), 422);
		th_resp_free(&r);
	}
}

static json_t *send(struct th_client *c, const char *method, const char *path, const char *body, long want,
		    const char *code)
{
	struct th_resp r;
	json_t *out;

	assert_int_equal(th_request(c, &srv, method, path, body, NULL, &r), want);
	if (code)
		assert_string_equal(th_error_code(&r), code);
	out = json_incref(r.json);
	th_resp_free(&r);
	return out;
}

/* The sponsor is asked once a case's post-arrival meeting is held, for each
 * moment once; anyone else may not rate. */
static void test_a_sponsor_rates_when_asked_and_once(void **state)
{
	json_t *r;
	const json_t *asked;

	(void)state;
	r = send(&sponsor, "GET", "/api/v1/ratings", NULL, 200, NULL);
	asked = json_object_get(r, "asked");
	assert_int_equal(json_array_size(asked), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(asked, 0), "case_id")), 8);
	assert_string_equal(json_string_value(json_object_get(json_array_get(asked, 1), "moment")), "post_arrival");
	json_decref(r);
	json_decref(send(&sponsor, "POST", "/api/v1/cases/8/ratings", "{\"moment\": \"post_arrival\", \"rating\": 5}", 201,
			 NULL));
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM sponsor_ratings WHERE case_id = 8 AND rating = 5"), 1);
	json_decref(send(&sponsor, "POST", "/api/v1/cases/8/ratings", "{\"moment\": \"post_arrival\", \"rating\": 4}", 409,
			 "not_asked"));
	json_decref(send(&sponsor, "POST", "/api/v1/cases/10/ratings", "{\"moment\": \"post_arrival\", \"rating\": 4}",
			 409, "not_asked"));
	json_decref(send(&sponsor, "POST", "/api/v1/cases/10/ratings", "{\"moment\": \"month_6\", \"rating\": 4}", 409,
			 "not_asked"));
	json_decref(send(&sponsor, "POST", "/api/v1/cases/9/ratings", "{\"moment\": \"post_arrival\", \"rating\": 6}", 422,
			 "invalid_field"));
	json_decref(send(&sponsor, "POST", "/api/v1/cases/9/ratings", "{\"moment\": \"later\", \"rating\": 3}", 422,
			 "invalid_field"));
	json_decref(send(&sponsor, "POST", "/api/v1/cases/9/ratings", "{\"moment\": \"post_arrival\", \"rating\": \"5\"}",
			 422, "invalid_field"));
	json_decref(send(&manager, "POST", "/api/v1/cases/9/ratings", "{\"moment\": \"post_arrival\", \"rating\": 3}", 403,
			 NULL));
	json_decref(send(&manager, "GET", "/api/v1/ratings", NULL, 403, NULL));
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM sponsor_ratings"), 8);
}

/* Twelve ratings of one family (six raters, both moments) are two of its
 * own, and one family: neither its count nor its mean is shown. Counted
 * rating by rating, the count would pass the threshold alone. */
static void test_one_familys_ratings_are_one_family(void **state)
{
	char sql[1024], more[64];
	json_t *r;
	const json_t *o;

	(void)state;
	snprintf(sql, sizeof sql, "INSERT INTO sponsor_ratings (case_id, user_id, moment, rating, created_at)"
		 " SELECT 21, u.id, m.moment, 1, %lld FROM users u, (SELECT 'post_arrival' AS moment UNION ALL"
		 " SELECT 'month_6') m WHERE u.email LIKE '%%@ind.example' AND u.email <> 'sponsor@ind.example'",
		 (long long)((q_first + 40) * DAY));
	assert_int_equal(th_sql_script_file(db, sql), 0);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM sponsor_ratings WHERE case_id = 21"), 14);
	snprintf(more, sizeof more, "&community=%d", BIRCH);
	r = of_quarter(&evaluator, more, 200);
	o = indicator(r, "sponsor_rating");
	assert_true(json_is_null(json_object_get(o, "count")));
	assert_true(json_is_null(json_object_get(o, "value")));
	json_decref(r);
}

/* A worker's training is kept by their managers or themselves, answered
 * about by the worker alone; another agency's manager sees none of it. */
static void test_trainings_are_kept_by_the_worker_and_their_managers(void **state)
{
	char path[96], body[160], yesterday[CLOCK_DATE_LEN], tomorrow[CLOCK_DATE_LEN];
	long long tid, before;
	json_t *r;

	(void)state;
	clock_date_format(clock_day(clock_now()) - 1, yesterday);
	clock_date_format(clock_day(clock_now()) + 1, tomorrow);
	snprintf(path, sizeof path, "/api/v1/workers/%lld/trainings", w1);
	snprintf(body, sizeof body, "{\"completed_on\": \"%s\", \"provider\": \"Alder LIP\", \"hours\": 6}", yesterday);
	r = send(&manager, "POST", path, body, 201, NULL);
	assert_int_equal(json_array_size(json_object_get(r, "trainings")), 2);
	assert_true(json_is_false(json_object_get(r, "answers_mine")));
	json_decref(r);
	before = th_sql(&srv, "SELECT count(*) FROM worker_trainings");
	json_decref(send(&manager_b, "POST", path, body, 403, NULL));
	json_decref(send(&manager_b, "GET", path, NULL, 403, NULL));
	snprintf(body, sizeof body, "{\"completed_on\": \"%s\", \"provider\": \"Alder LIP\", \"hours\": 6}", tomorrow);
	json_decref(send(&manager, "POST", path, body, 422, "invalid_field"));
	json_decref(send(&manager, "POST", path, "{\"completed_on\": \"2026-01-01\", \"provider\": \"x\", \"hours\": 0}",
			 422, "invalid_field"));
	json_decref(send(&manager, "POST", path, "{\"completed_on\": \"2026-01-01\", \"provider\": \" \", \"hours\": 2}",
			 422, "invalid_field"));
	json_decref(send(&manager, "POST", path, "{\"completed_on\": \"2026-01-01\", \"by\": 1}", 422, "unknown_field"));
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM worker_trainings"), before);

	r = send(&worker, "GET", path, NULL, 200, NULL);
	assert_true(json_is_true(json_object_get(r, "answers_mine")));
	tid = json_integer_value(json_object_get(json_array_get(json_object_get(r, "trainings"), 0), "id"));
	json_decref(r);
	snprintf(path, sizeof path, "/api/v1/workers/%lld/trainings/%lld", w1, tid);
	json_decref(send(&manager, "PATCH", path, "{\"useful\": 5, \"confident\": 4}", 403, NULL));
	json_decref(send(&worker, "PATCH", path, "{\"useful\": 6, \"confident\": 4}", 422, "invalid_field"));
	r = send(&worker, "PATCH", path, "{\"useful\": 5, \"confident\": 4}", 200, NULL);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(r, "trainings"), 0), "useful")), 5);
	json_decref(r);
	/* another worker's training is not the worker's to answer */
	snprintf(path, sizeof path, "/api/v1/workers/%lld/trainings/%lld", w2, tid);
	json_decref(send(&worker, "PATCH", path, "{\"useful\": 1, \"confident\": 1}", 403, NULL));
	snprintf(path, sizeof path, "/api/v1/workers/%lld/trainings/%lld", w1, tid + 1000);
	json_decref(send(&worker, "PATCH", path, "{\"useful\": 1, \"confident\": 1}", 404, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_indicator_is_what_the_world_holds),
		cmocka_unit_test(test_a_small_cut_hides_its_counts_and_median),
		cmocka_unit_test(test_the_csv_says_the_same),
		cmocka_unit_test(test_who_reads_them_and_bad_periods),
		cmocka_unit_test(test_a_sponsor_rates_when_asked_and_once),
		cmocka_unit_test(test_one_familys_ratings_are_one_family),
		cmocka_unit_test(test_trainings_are_kept_by_the_worker_and_their_managers),
	};

	return cmocka_run_group_tests_name("indicators", tests, setup, teardown);
}
