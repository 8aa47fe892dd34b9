/* test_arrivals.c - arrival notices (issue 14): a notice makes a case; the
 * same notices again, by the API or the command line, leave every table as
 * it was (compared by each table's digest); an amended notice moves the
 * expected date and the due dates and says so in the case's history; a late
 * notice moves the pre-arrival meeting's due date on the case page and on
 * Today alike; a cancelled one withdraws the case; each bad row is reported
 * with its line and column and the others applied; who may send notices,
 * and whose cases they may change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "harness.h"

static struct th_server srv;
static struct th_client manager, other_manager, worker, sah, lip, sponsor;
static long long hamilton, spo_org, worker_id;

static int setup(void **state)
{
	(void)state;
	if (th_server_start(&srv) || th_login(&manager, &srv, "manager@tandem.example") != 200
	    || th_login(&worker, &srv, "worker@tandem.example") != 200
	    || th_login(&sah, &srv, "sah@tandem.example") != 200
	    || th_login(&lip, &srv, "lip@tandem.example") != 200
	    || th_login(&sponsor, &srv, "sponsor@tandem.example") != 200)
		return -1;
	hamilton = th_sql(&srv, "SELECT id FROM communities WHERE name = 'Hamilton'");
	spo_org = th_sql(&srv, "SELECT m.org_id FROM memberships m JOIN users u ON u.id = m.user_id"
			 " WHERE u.email = 'manager@tandem.example'");
	worker_id = th_sql(&srv, "SELECT id FROM users WHERE email = 'worker@tandem.example'");
	if (th_login_of(&other_manager, &srv, th_sqlf(&srv, "SELECT min(id) FROM organizations WHERE kind = 'spo'"
						      " AND id <> %lld", spo_org), "spo_manager") != 200)
		return -1;
	return hamilton > 0 && spo_org > 0 && worker_id > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return th_server_stop(&srv);
}

/* The day d days from today (UTC), YYYY-MM-DD, in a static buffer of 4. */
static const char *day(int d)
{
	static char out[4][11];
	static int k;
	time_t t = time(NULL) + (time_t)d * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	k = (k + 1) % 4;
	strftime(out[k], sizeof out[k], "%Y-%m-%d", &tm);
	return out[k];
}

/* The day n working days (Monday to Friday) after today + d, worked out
 * here apart from the server's own reckoning. */
static const char *working_days_after(int d, int n)
{
	time_t t = time(NULL) + (time_t)d * 86400;
	struct tm tm;

	while (n > 0) {
		t += 86400;
		gmtime_r(&t, &tm);
		if (tm.tm_wday != 0 && tm.tm_wday != 6)
			n--;
	}
	return day((int)((t - time(NULL)) / 86400));
}

static json_t *call(struct th_client *c, const char *method, const char *path, const char *body,
		    const char *extra, long want)
{
	struct th_resp r;
	json_t *out;

	assert_int_equal(th_request(c, &srv, method, path, body, extra, &r), want);
	out = json_incref(r.json);
	th_resp_free(&r);
	return out;
}

static json_t *send_notices(struct th_client *c, const char *notices)
{
	char body[20000];

	snprintf(body, sizeof body, "{\"notices\": [%s]}", notices);
	return call(c, "POST", "/api/v1/arrivals", body, NULL, 200);
}

static long long count_of(const json_t *report, const char *outcome)
{
	return json_integer_value(json_object_get(report, outcome));
}

static const json_t *row_of(const json_t *report, size_t i)
{
	return json_array_get(json_object_get(report, "rows"), i);
}

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* A GAR notice of the manager's own agency, with key given the JSON value
 * instead (NULL: none), and extra fields (NULL: none). */
static const char *gar_but(const char *ref, int received, int expected, const char *key, const char *value,
			   const char *extra)
{
	static char out[2][2048];
	static int k;
	char rap[24], rec[16], exp[16], refq[64];
	const char *fields[][2] = {
		{ "reference", refq }, { "received", rec }, { "stream", "\"GAR\"" }, { "family_size", "3" },
		{ "birth_years", "[1984, 1990, 2016]" }, { "language", "\"ar\"" }, { "community", "\"Hamilton\"" },
		{ "expected_arrival", exp }, { "rap_holder", rap },
	};
	size_t n = sizeof fields / sizeof fields[0];
	bool replaced = false;

	k = !k;
	snprintf(refq, sizeof refq, "\"%s\"", ref);
	snprintf(rec, sizeof rec, "\"%s\"", day(received));
	snprintf(exp, sizeof exp, "\"%s\"", day(expected));
	snprintf(rap, sizeof rap, "%lld", spo_org);
	snprintf(out[k], sizeof out[k], "{");
	for (size_t i = 0; i < n; i++) {
		bool mine = key && !strcmp(key, fields[i][0]);
		replaced |= mine;
		snprintf(out[k] + strlen(out[k]), sizeof out[k] - strlen(out[k]), "%s\"%s\": %s", i ? ", " : "",
			 fields[i][0], mine ? value : fields[i][1]);
	}
	if (key && !replaced)
		snprintf(out[k] + strlen(out[k]), sizeof out[k] - strlen(out[k]), ", \"%s\": %s", key, value);
	snprintf(out[k] + strlen(out[k]), sizeof out[k] - strlen(out[k]), "%s%s}", extra ? ", " : "",
		 extra ? extra : "");
	return out[k];
}

static const char *gar(const char *ref, int received, int expected, const char *extra)
{
	return gar_but(ref, received, expected, NULL, NULL, extra);
}

/* Each table's row count and digest, as tandem copy reads them, into out:
 * the database copied to a new SQLite file (from either store). */
static void digests(const char *name, char *out, size_t size)
{
	char target[256];
	struct th_run r;
	const char *end;

	snprintf(target, sizeof target, "%s/%s.db", srv.dir, name);
	assert_int_equal(th_tandem(&r, NULL, "init", "--db", target, NULL), 0);
	assert_int_equal(th_tandem(&r, NULL, "copy", "--from", srv.db, "--to", target, NULL), 0);
	end = strstr(r.out, "\ncopied ");
	assert_non_null(end);
	snprintf(out, size, "%.*s", (int)(end - r.out), r.out);
}

/* The digests but the sessions' line: a request touches its own session,
 * whatever it asks for. */
static void without_sessions(char *lines)
{
	char *s = strstr(lines, "\nsessions ");
	char *end = s ? strchr(s + 1, '\n') : NULL;

	if (s)
		memmove(s, end ? end : s + strlen(s), strlen(end ? end : s + strlen(s)) + 1);
}

static void test_a_notice_makes_a_case_and_again_changes_nothing(void **state)
{
	static char before[16384], after[16384];
	char csv[2048], path[256];
	json_t *r;
	long long id;
	struct th_run run;
	FILE *f;

	(void)state;
	r = send_notices(&manager, gar("NAT-A-1", -2, 30, "\"family_name\": \"Haddad\""));
	assert_int_equal(count_of(r, "created"), 1);
	id = json_integer_value(json_object_get(row_of(r, 0), "case_id"));
	assert_true(id > 0);
	json_decref(r);
	assert_int_equal(th_sqlf(&srv, "SELECT count(*) FROM cases WHERE id = %lld AND family_name = 'Haddad'"
				 " AND stream = 'GAR' AND status = 'referred' AND spo_org_id = %lld AND community_id = %lld"
				 " AND expected_arrival = '%s' AND preferred_language = 'ar'", id, spo_org, hamilton,
				 day(30)), 1);
	assert_int_equal(th_sqlf(&srv, "SELECT count(*) FROM arrival_notices WHERE case_id = %lld AND"
				 " birth_years = '1984 1990 2016' AND family_size = 3", id), 1);

	digests("before", before, sizeof before);
	r = send_notices(&manager, gar("NAT-A-1", -2, 30, "\"family_name\": \"Haddad\""));
	assert_int_equal(count_of(r, "unchanged"), 1);
	assert_int_equal(count_of(r, "created") + count_of(r, "amended"), 0);
	json_decref(r);
	digests("after", after, sizeof after);
	without_sessions(before);
	without_sessions(after);
	assert_string_equal(before, after);

	/* The same notice as the command line's CSV file: nothing at all moves. */
	snprintf(csv, sizeof csv, "reference,received,stream,family_size,birth_years,language,community,"
		 "expected_arrival,rap_holder,family_name\r\nNAT-A-1,%s,GAR,3,\"1984;1990;2016\",ar,hamilton,%s,%lld,"
		 "Haddad\r\n", day(-2), day(30), spo_org);
	snprintf(path, sizeof path, "%s/notices.csv", srv.dir);
	assert_non_null(f = fopen(path, "w"));
	fputs(csv, f);
	fclose(f);
	digests("cli-before", before, sizeof before);
	assert_int_equal(th_tandem(&run, NULL, "import", "arrivals", path, "--as", "manager@tandem.example", "--db",
				   srv.db, NULL), 0);
	assert_non_null(strstr(run.out, "0 created, 0 amended, 0 cancelled, 1 unchanged, 0 rejected"));
	digests("cli-after", after, sizeof after);
	assert_string_equal(before, after);
}

static json_t *case_of(long long id)
{
	char path[64];

	snprintf(path, sizeof path, "/api/v1/cases/%lld", id);
	return call(&manager, "GET", path, NULL, NULL, 200);
}

static const char *due_of(json_t *c, const char *which)
{
	return json_string_value(json_object_get(json_object_get(c, "due"), which));
}

static void test_an_amended_notice_moves_the_dates_and_says_so(void **state)
{
	char path[96];
	json_t *r, *c, *h, *last;
	long long id;

	(void)state;
	r = send_notices(&manager, gar("NAT-B-1", 0, 40, NULL));
	id = json_integer_value(json_object_get(row_of(r, 0), "case_id"));
	json_decref(r);
	c = case_of(id);
	assert_string_equal(due_of(c, "pre_arrival_meeting"), day(26));   /* 14 days before */
	json_decref(c);

	r = send_notices(&manager, gar("NAT-B-1", 0, 60, NULL));
	assert_int_equal(count_of(r, "amended"), 1);
	assert_int_equal(json_integer_value(json_object_get(row_of(r, 0), "case_id")), id);
	json_decref(r);
	c = case_of(id);
	assert_string_equal(str(c, "expected_arrival"), day(60));
	assert_string_equal(due_of(c, "pre_arrival_meeting"), day(46));
	assert_string_equal(due_of(c, "needs_assessment"), day(67));
	json_decref(c);
	/* said in the history as the notice's, not as a move of the lifecycle
	 * (which the follow-ups and the indicators read) */
	assert_int_equal(th_sqlf(&srv, "SELECT count(*) FROM case_transitions WHERE case_id = %lld", id), 0);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/history", id);
	h = call(&manager, "GET", path, NULL, NULL, 200);
	last = json_array_get(json_object_get(h, "history"), json_array_size(json_object_get(h, "history")) - 1);
	assert_string_equal(str(last, "event"), "notice");
	assert_string_equal(str(last, "reference"), "NAT-B-1");
	assert_string_equal(str(last, "expected_from"), day(40));
	assert_string_equal(str(last, "expected_to"), day(60));
	assert_string_equal(json_string_value(json_array_get(json_object_get(last, "columns"), 0)), "expected_arrival");
	json_decref(h);
	/* special needs alone: changed on the case, not named in the history,
	 * which readers of the case's status read */
	r = send_notices(&manager, gar("NAT-B-1", 0, 60, "\"special_needs\": true"));
	assert_int_equal(count_of(r, "amended"), 1);
	json_decref(r);
	assert_int_equal(th_sqlf(&srv, "SELECT count(*) FROM cases WHERE id = %lld AND high_needs", id), 1);
	assert_int_equal(th_sqlf(&srv, "SELECT count(*) FROM arrival_notice_changes WHERE case_id = %lld", id), 1);
}

/* A notice received 4 days ago for an arrival in 12: 14 days before arrival
 * is already past, so the meeting is due 3 working days after the notice,
 * on the case page and on the worker's Today alike. */
static void test_a_late_notice_counts_from_its_receipt(void **state)
{
	char body[96], path[64];
	json_t *r, *c, *f;
	const char *want = working_days_after(-4, 3);
	long long id;
	size_t i;
	bool found = false;

	(void)state;
	r = send_notices(&manager, gar("NAT-C-1", -4, 12, NULL));
	id = json_integer_value(json_object_get(row_of(r, 0), "case_id"));
	json_decref(r);
	snprintf(path, sizeof path, "/api/v1/cases/%lld", id);
	snprintf(body, sizeof body, "{\"worker_id\": %lld}", worker_id);
	json_decref(call(&manager, "PATCH", path, body, NULL, 200));
	c = case_of(id);
	assert_string_equal(due_of(c, "pre_arrival_meeting"), want);
	json_decref(c);
	f = call(&worker, "GET", "/api/v1/followups", NULL, NULL, 200);
	for (i = 0; i < json_array_size(json_object_get(f, "followups")); i++) {
		json_t *row = json_array_get(json_object_get(f, "followups"), i);
		if (json_integer_value(json_object_get(row, "case_id")) == id
		    && !strcmp(str(row, "kind"), "pre_arrival_overdue")) {
			assert_string_equal(str(row, "due"), want);
			found = true;
		}
	}
	json_decref(f);
	/* Overdue only once the three working days are over. */
	assert_int_equal(found, strcmp(want, day(0)) < 0);
}

static void test_a_cancelled_notice_withdraws_its_case(void **state)
{
	json_t *r;
	long long id;

	(void)state;
	r = send_notices(&manager, gar("NAT-D-1", 0, 20, NULL));
	id = json_integer_value(json_object_get(row_of(r, 0), "case_id"));
	json_decref(r);
	r = send_notices(&manager, gar("NAT-D-1", 0, 20, "\"cancelled\": true"));
	assert_int_equal(count_of(r, "cancelled"), 1);
	json_decref(r);
	assert_int_equal(th_sqlf(&srv, "SELECT count(*) FROM cases WHERE id = %lld AND status = 'closed'", id), 1);
	assert_int_equal(th_sqlf(&srv, "SELECT count(*) FROM case_transitions WHERE case_id = %lld AND"
				 " to_state = 'closed' AND reason = 'Arrival notice NAT-D-1 cancelled.'", id), 1);
	/* Cancelled again: nothing more; not cancelled: the closed case stays closed. */
	r = send_notices(&manager, gar("NAT-D-1", 0, 20, "\"cancelled\": true"));
	assert_int_equal(count_of(r, "unchanged"), 1);
	json_decref(r);
	r = send_notices(&manager, gar("NAT-D-1", 0, 20, NULL));
	assert_int_equal(count_of(r, "rejected"), 1);
	assert_string_equal(str(row_of(r, 0), "field"), "cancelled");
	json_decref(r);
	/* A case its worker withdrew already: the cancelled notice is kept, the
	 * case stays as it is and nothing more is said in its history. */
	r = send_notices(&manager, gar("NAT-D-3", 0, 20, NULL));
	id = json_integer_value(json_object_get(row_of(r, 0), "case_id"));
	json_decref(r);
	{
		char path[96];
		snprintf(path, sizeof path, "/api/v1/cases/%lld/transitions", id);
		json_decref(call(&manager, "POST", path, "{\"to\": \"closed\", \"reason\": \"family stayed\"}", NULL,
				 200));
	}
	r = send_notices(&manager, gar("NAT-D-3", 0, 20, "\"cancelled\": true"));
	assert_int_equal(count_of(r, "cancelled"), 1);
	assert_string_equal(str(row_of(r, 0), "message"), "The case was closed already.");
	json_decref(r);
	assert_int_equal(th_sqlf(&srv, "SELECT count(*) FROM case_transitions WHERE case_id = %lld", id), 1);
	assert_int_equal(th_sqlf(&srv, "SELECT count(*) FROM arrival_notices WHERE case_id = %lld AND cancelled", id), 1);
	/* A notice cancelled before it made a case makes none. */
	r = send_notices(&manager, gar("NAT-D-2", 0, 20, "\"cancelled\": \"yes\""));
	assert_int_equal(count_of(r, "unchanged"), 1);
	json_decref(r);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM arrival_notices WHERE reference = 'NAT-D-2'"), 0);
}

static const char *const notice_tables =
	"SELECT (SELECT count(*) FROM cases) * 1000 + (SELECT count(*) FROM arrival_notices)";

/* Each bad row is reported by its place and column, and the good ones
 * between them are applied. */
static void test_bad_rows_are_each_reported_and_the_others_applied(void **state)
{
	static const struct { const char *key, *value; } bad[] = {
		{ "stream", "\"XYZ\"" },
		{ "family_size", "0" },
		{ "birth_years", "[1984, 1990]" },
		{ "birth_years", "\"1984 1990 2999\"" },
		{ "language", "\"arabic language\"" },
		{ "community", "\"Atlantis\"" },
		{ "rap_holder", "\"Nobody Settlement\"" },
		{ "sponsor_group", "1" },
		{ "special_needs", "\"maybe\"" },
		{ "received", "\"2026-02-30\"" },
		{ "reference", "\"NAT E 1\"" },
	};
	char notices[16384] = "";
	size_t n = sizeof bad / sizeof bad[0];
	long long before = th_sql(&srv, notice_tables);
	json_t *r;

	(void)state;
	for (size_t i = 0; i < n; i++) {
		char ref[16];
		snprintf(ref, sizeof ref, "NAT-E-%zu", i);
		snprintf(notices + strlen(notices), sizeof notices - strlen(notices), "%s%s", i ? ", " : "",
			 gar_but(ref, 0, 20, bad[i].key, bad[i].value, NULL));
	}
	snprintf(notices + strlen(notices), sizeof notices - strlen(notices), ", %s", gar("NAT-E-good", 0, 20, NULL));
	/* the same reference again, other fields: only the first counts */
	snprintf(notices + strlen(notices), sizeof notices - strlen(notices), ", %s", gar("NAT-E-good", 0, 30, NULL));
	r = send_notices(&manager, notices);
	assert_int_equal(count_of(r, "rejected"), (long long)n + 1);
	assert_int_equal(count_of(r, "created"), 1);
	assert_string_equal(str(row_of(r, n + 1), "code"), "duplicate_reference");
	assert_int_equal(th_sqlf(&srv, "SELECT count(*) FROM cases c JOIN arrival_notices a ON a.case_id = c.id WHERE"
				 " a.reference = 'NAT-E-good' AND c.expected_arrival = '%s'", day(20)), 1);
	for (size_t i = 0; i < n; i++) {
		const json_t *row = row_of(r, i);
		assert_int_equal(json_integer_value(json_object_get(row, "line")), (long long)i + 1);
		assert_string_equal(str(row, "outcome"), "rejected");
		assert_string_equal(str(row, "field"), bad[i].key);
		assert_non_null(str(row, "message"));
	}
	json_decref(r);
	assert_int_equal(th_sql(&srv, notice_tables), before + 1001);
}

/* A request that is not notices at all is refused whole, nothing written. */
static void test_a_bad_request_is_refused_whole(void **state)
{
	static const struct { const char *body, *extra, *code; long status; } bad[] = {
		{ "{\"notices\": 3}", NULL, "invalid_field", 422 },
		{ "{\"notices\": [], \"more\": 1}", NULL, "invalid_field", 422 },
		{ "{\"notices\": [", NULL, "invalid_json", 400 },
		{ "reference,received\r\nX,2026-01-01\r\n", "Content-Type: text/csv", "invalid_file", 422 },
		{ "reference,what\r\n", "Content-Type: text/csv", "invalid_file", 422 },
	};
	long long before = th_sql(&srv, notice_tables);
	struct th_resp r;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(th_request(&manager, &srv, "POST", "/api/v1/arrivals", bad[i].body, bad[i].extra, &r),
				 bad[i].status);
		assert_string_equal(th_error_code(&r), bad[i].code);
		th_resp_free(&r);
	}
	assert_int_equal(th_sql(&srv, notice_tables), before);
}

/* Birth years that no notice has (a number far out of range, more years
 * than a family of 30) are the row's fault, not the server's: under the
 * sanitizers this would catch a write past the row's memory. */
static void test_birth_years_out_of_all_measure_are_a_bad_row(void **state)
{
	char years[1024] = "[", notices[4096];
	long long before = th_sql(&srv, notice_tables);
	json_t *r;

	(void)state;
	for (int i = 0; i < 40; i++)
		snprintf(years + strlen(years), sizeof years - strlen(years), "%s-9223372036854775807", i ? ", " : "");
	strcat(years, "]");
	snprintf(notices, sizeof notices, "%s, ", gar_but("NAT-H-1", 0, 20, "birth_years", years, NULL));
	snprintf(notices + strlen(notices), sizeof notices - strlen(notices), "%s",
		 gar_but("NAT-H-2", 0, 20, "birth_years", "[-9223372036854775807, 1990, 2016]", NULL));
	r = send_notices(&manager, notices);
	assert_int_equal(count_of(r, "rejected"), 2);
	assert_string_equal(str(row_of(r, 0), "code"), "invalid_row");
	assert_string_equal(str(row_of(r, 1), "code"), "invalid_row");
	json_decref(r);
	assert_int_equal(th_sql(&srv, notice_tables), before);
}

/* A CSV body is read as the command line reads a file; a broken line is a
 * rejected row of its own. */
static void test_the_api_takes_the_csv_file_too(void **state)
{
	char csv[1024];
	json_t *r;

	(void)state;
	snprintf(csv, sizeof csv, "reference,received,stream,family_size,birth_years,language,community,"
		 "expected_arrival,rap_holder\nNAT-F-1,%s,GAR,1,1970,so,Hamilton,%s,%lld\nNAT-F-2,%s,G\"AR\n"
		 "NAT-F-3,%s,GAR,1,1970\n", day(0), day(15), spo_org, day(0), day(0));
	r = call(&manager, "POST", "/api/v1/arrivals", csv, "Content-Type: text/csv", 200);
	assert_int_equal(count_of(r, "created"), 1);
	assert_int_equal(count_of(r, "rejected"), 2);
	assert_int_equal(json_integer_value(json_object_get(row_of(r, 1), "line")), 3);
	assert_string_equal(str(row_of(r, 1), "code"), "invalid_row");
	assert_int_equal(json_integer_value(json_object_get(row_of(r, 2), "line")), 4);
	json_decref(r);
}

/* Only SPO managers and SAH coordinators send notices, and each notice's
 * case is theirs to make or change as any case is: another agency's
 * manager cannot move this agency's case by its reference. */
static void test_who_may_send_notices_and_change_whose_cases(void **state)
{
	struct th_client *refused[] = { &worker, &lip, &sponsor };
	char one[2048];
	long long before;
	json_t *r;
	long long group = th_sqlf(&srv, "SELECT g.id FROM sponsor_groups g JOIN memberships m ON m.org_id ="
				  " g.sah_org_id JOIN users u ON u.id = m.user_id WHERE u.email = 'sah@tandem.example'"
				  " ORDER BY g.id LIMIT 1");

	(void)state;
	snprintf(one, sizeof one, "{\"notices\": [%s]}", gar("NAT-G-1", 0, 20, NULL));
	before = th_sql(&srv, notice_tables);
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
		json_decref(call(refused[i], "POST", "/api/v1/arrivals", one, NULL, 403));
	assert_int_equal(th_sql(&srv, notice_tables), before);

	r = send_notices(&manager, gar("NAT-G-1", 0, 20, NULL));
	json_decref(r);
	before = th_sql(&srv, "SELECT count(*) FROM audit WHERE outcome = 'refused'");
	r = send_notices(&other_manager, gar("NAT-G-1", 0, 45, NULL));
	assert_int_equal(count_of(r, "rejected"), 1);
	assert_string_equal(str(row_of(r, 0), "code"), "forbidden");
	json_decref(r);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM audit WHERE outcome = 'refused'"), before + 1);
	assert_int_equal(th_sqlf(&srv, "SELECT count(*) FROM cases c JOIN arrival_notices n ON n.case_id = c.id"
				 " WHERE n.reference = 'NAT-G-1' AND c.expected_arrival = '%s'", day(20)), 1);

	/* The command line is no way around it: a sponsor's notices are refused
	 * whole, audited. */
	{
		char path[256];
		struct th_run run;
		FILE *f;
		long long refusals = th_sql(&srv, "SELECT count(*) FROM audit WHERE outcome = 'refused'");
		snprintf(path, sizeof path, "%s/sponsor.csv", srv.dir);
		assert_non_null(f = fopen(path, "w"));
		fprintf(f, "reference,received,stream,family_size,birth_years,language,community,expected_arrival\n"
			"NAT-G-9,%s,GAR,1,1980,ar,Hamilton,%s\n", day(0), day(20));
		fclose(f);
		before = th_sql(&srv, notice_tables);
		assert_int_equal(th_tandem(&run, NULL, "import", "arrivals", path, "--as", "sponsor@tandem.example", "--db",
					   srv.db, NULL), 2);
		assert_int_equal(th_sql(&srv, notice_tables), before);
		assert_int_equal(th_sql(&srv, "SELECT count(*) FROM audit WHERE outcome = 'refused'"), refusals + 1);
	}
	/* The SAH's coordinator, for one of its groups' families. */
	snprintf(one, sizeof one, "{\"reference\": \"NAT-G-2\", \"received\": \"%s\", \"stream\": \"PSR\","
		 " \"family_size\": 2, \"birth_years\": \"1991 1993\", \"language\": \"ti\", \"community\": %lld,"
		 " \"expected_arrival\": \"%s\", \"sponsor_group\": %lld}", day(0), hamilton, day(25), group);
	r = send_notices(&sah, one);
	assert_int_equal(count_of(r, "created"), 1);
	assert_int_equal(th_sqlf(&srv, "SELECT count(*) FROM cases WHERE id = %lld AND sponsor_group_id = %lld"
				 " AND stream = 'PSR'", json_integer_value(json_object_get(row_of(r, 0), "case_id")), group),
			 1);
	json_decref(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_notice_makes_a_case_and_again_changes_nothing),
		cmocka_unit_test(test_an_amended_notice_moves_the_dates_and_says_so),
		cmocka_unit_test(test_a_late_notice_counts_from_its_receipt),
		cmocka_unit_test(test_a_cancelled_notice_withdraws_its_case),
		cmocka_unit_test(test_bad_rows_are_each_reported_and_the_others_applied),
		cmocka_unit_test(test_a_bad_request_is_refused_whole),
		cmocka_unit_test(test_birth_years_out_of_all_measure_are_a_bad_row),
		cmocka_unit_test(test_the_api_takes_the_csv_file_too),
		cmocka_unit_test(test_who_may_send_notices_and_change_whose_cases),
	};

	return cmocka_run_group_tests_name("arrival notices", tests, setup, teardown);
}
