/* test_actions.c - every object of a case lists what its reader may do, and
 * the list tells the truth: for the assigned worker, the SPO's manager, a
 * sponsor, the family, the SAH and a partner SPO's worker, each listed
 * action's request passes the policy (it may still fail on its input or
 * state, never with 403) and each unlisted one is refused with 403. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"

static struct th_server srv;
static struct th_client worker, manager, sponsor, refugee, sah, partner;
static long long fam;   /* the demo refugee's case */

static const struct reader {
	const char *name;
	struct th_client *c;
} readers[] = {
	{"worker", &worker}, {"manager", &manager}, {"sponsor", &sponsor},
	{"refugee", &refugee}, {"sah", &sah}, {"partner", &partner},
};
enum { N_READERS = sizeof readers / sizeof readers[0] };

static int checks;   /* requests compared with their listing */

/* The case's address with suffix, and /sub when sub is not 0. */
static const char *case_path(const char *suffix, long long sub)
{
	static char p[200];

	if (sub)
		snprintf(p, sizeof p, "/api/v1/cases/%lld%s/%lld", fam, suffix, sub);
	else
		snprintf(p, sizeof p, "/api/v1/cases/%lld%s", fam, suffix);
	return p;
}

/* {"key": value} as text; the caller frees it. */
static char *body_of(const char *key, json_t *value)
{
	json_t *o = json_pack("{s:O}", key, value);
	char *s = json_dumps(o, JSON_COMPACT);

	json_decref(o);
	return s;
}

static int setup(void **state)
{
	struct th_resp r;
	long st;

	(void)state;
	if (th_server_start(&srv))
		return -1;
	fam = th_sql(&srv, "SELECT p.case_id FROM persons p JOIN users u ON u.id = p.user_id"
		     " WHERE u.email = 'refugee@tandem.example'");
	if (th_login(&worker, &srv, "worker@tandem.example") != 200
	    || th_login(&manager, &srv, "manager@tandem.example") != 200
	    || th_login(&sponsor, &srv, "sponsor@tandem.example") != 200
	    || th_login(&refugee, &srv, "refugee@tandem.example") != 200
	    || th_login(&sah, &srv, "sah@tandem.example") != 200
	    || th_login_partner(&partner, &srv) != 200)
		return -1;
	/* The family shares its contact details with the partner SPO, which
	 * can then open the case. */
	st = th_request(&refugee, &srv, "POST", case_path("/consents", 0),
			"{\"audience\":\"partner_spo\",\"data_class\":\"contact\"}", NULL, &r);
	th_resp_free(&r);
	return st == 201 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	print_message("# %d requests checked against their listed actions\n", checks);
	return th_server_stop(&srv);
}

static bool lists(json_t *obj, const char *action)
{
	json_t *v, *actions = json_object_get(obj, "actions");
	size_t i;

	assert_true(json_is_array(actions));
	json_array_foreach(actions, i, v)
		if (strcmp(json_string_value(v), action) == 0)
			return true;
	return false;
}

/* The request passes the policy exactly when its action is listed. */
static void expect(const struct reader *rd, const char *what, bool listed, const char *method, const char *path,
		   const char *body)
{
	struct th_resp r;
	long st = th_request(rd->c, &srv, method, path, body, NULL, &r);

	checks++;
	if ((st == 403) == listed)
		fail_msg("%s: %s %s %s (%s) answered %ld: %s", rd->name, what, listed ? "listed" : "not listed", method,
			 path, r.body ? r.body : "");
	th_resp_free(&r);
}

/* The reader's view of the case; the caller frees it. */
static json_t *case_of(const struct reader *rd)
{
	struct th_resp r;
	json_t *o;

	assert_int_equal(th_request(rd->c, &srv, "GET", case_path("", 0), NULL, NULL, &r), 200);
	o = json_incref(r.json);
	th_resp_free(&r);
	return o;
}

static void test_the_case_lists_what_each_reader_may_do(void **state)
{
	static const struct {
		int reader;
		const char *action;
		bool listed;
	} want[] = {
		{0, "schedule_meeting", 1}, {0, "assess_needs", 1}, {0, "refer", 1}, {0, "manage_plan", 1},
		{0, "read_audit", 1}, {0, "message", 1}, {0, "grant_consent", 1},
		{1, "schedule_meeting", 1}, {1, "read_audit", 1},
		{2, "read_messages", 1}, {2, "message", 1}, {2, "schedule_meeting", 0}, {2, "update", 0},
		{2, "grant_consent", 0}, {2, "manage_plan", 0},
		{3, "update", 1}, {3, "grant_consent", 1}, {3, "message", 1}, {3, "assess_needs", 0},
		{3, "read_audit", 0},
		{4, "update", 1}, {4, "add_person", 1}, {4, "read_messages", 0}, {4, "schedule_meeting", 0},
		{5, "schedule_meeting", 0}, {5, "assess_needs", 0}, {5, "read_messages", 0}, {5, "update", 0},
	};
	json_t *views[N_READERS];

	(void)state;
	for (int i = 0; i < N_READERS; i++)
		views[i] = case_of(&readers[i]);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (lists(views[want[i].reader], want[i].action) != want[i].listed)
			fail_msg("%s: %s should%s be listed", readers[want[i].reader].name, want[i].action,
				 want[i].listed ? "" : " not");
	/* A partner SPO reads what the family shared with it, and does nothing. */
	assert_int_equal(json_array_size(json_object_get(views[5], "actions")), 0);
	assert_non_null(json_object_get(views[5], "contact_phone"));
	for (int i = 0; i < N_READERS; i++)
		json_decref(views[i]);
}

static void test_each_case_action_passes_the_policy_exactly_when_listed(void **state)
{
	static const struct {
		const char *action, *method, *suffix, *body;
	} reqs[] = {
		/* bodies that pass the policy and then fail on their input or the
		 * case's state, so that nothing changes, but for the one below */
		{"add_person", "POST", "/people", "{\"given_name\":\"A\",\"family_name\":\"B\",\"relationship\":\"cousin\","
		 "\"birth_year\":1901}"},
		{"schedule_meeting", "POST", "/meetings", "{}"},
		{"assess_needs", "POST", "/needs", "{\"assessments\":[]}"},
		{"manage_plan", "POST", "/plan", NULL},
		/* passes for the worker and managers, who add the task */
		{"manage_plan", "POST", "/plan/tasks", "{\"title\":\"Winter clothing\",\"responsible\":\"sponsor\"}"},
		{"refer", "POST", "/referrals", "{}"},
		{"read_messages", "GET", "/messages", NULL},
		{"read_messages", "POST", "/messages/read", "{\"up_to\":1}"},
		{"message", "POST", "/messages", "{\"body\":\" \"}"},
		{"grant_consent", "POST", "/consents", "{\"audience\":\"nobody\",\"data_class\":\"needs\"}"},
	};
	char audit[80], *same_name, *same_phone;
	json_t *full = case_of(&readers[0]);

	(void)state;
	snprintf(audit, sizeof audit, "/api/v1/audit?case=%lld", fam);
	/* an update that changes nothing: the values the case has */
	same_name = body_of("family_name", json_object_get(full, "family_name"));
	same_phone = body_of("contact_phone", json_object_get(full, "contact_phone"));
	for (int i = 0; i < N_READERS; i++) {
		const struct reader *rd = &readers[i];
		json_t *v = case_of(rd);
		struct th_resp a, b;
		bool listed = lists(v, "update");
		long s1 = th_request(rd->c, &srv, "PATCH", case_path("", 0), same_name, NULL, &a);
		long s2 = th_request(rd->c, &srv, "PATCH", case_path("", 0), same_phone, NULL, &b);

		checks += 2;
		/* listed when some class of the case is the reader's to change */
		if ((s1 != 403 || s2 != 403) != listed)
			fail_msg("%s: update %s, PATCH answered %ld and %ld", rd->name, listed ? "listed" : "not listed",
				 s1, s2);
		th_resp_free(&a);
		th_resp_free(&b);
		for (size_t k = 0; k < sizeof reqs / sizeof reqs[0]; k++)
			expect(rd, reqs[k].action, lists(v, reqs[k].action), reqs[k].method, case_path(reqs[k].suffix, 0),
			       reqs[k].body);
		expect(rd, "read_audit", lists(v, "read_audit"), "GET", audit, NULL);
		json_decref(v);
	}
	free(same_name);
	free(same_phone);
	json_decref(full);
}

/* The first meeting of the case as each reader sees it, listed and alone. */
static void test_meetings_list_update_and_record_for_the_worker_and_managers_only(void **state)
{
	(void)state;
	for (int i = 0; i < N_READERS; i++) {
		const struct reader *rd = &readers[i];
		struct th_resp r, one;
		json_t *m;
		long long mid;
		char *record, *update;

		assert_int_equal(th_request(rd->c, &srv, "GET", case_path("/meetings", 0), NULL, NULL, &r), 200);
		m = json_array_get(json_object_get(r.json, "meetings"), 0);
		assert_non_null(m);
		mid = json_integer_value(json_object_get(m, "id"));
		assert_int_equal(th_request(rd->c, &srv, "GET", case_path("/meetings", mid), NULL, NULL, &one), 200);
		assert_true(json_equal(json_object_get(m, "actions"), json_object_get(one.json, "actions")));
		assert_int_equal(lists(m, "record"), i < 2);
		record = body_of("status", json_object_get(m, "status"));
		update = body_of("mode", json_object_get(m, "mode"));
		expect(rd, "record", lists(m, "record"), "PATCH", case_path("/meetings", mid), record);
		expect(rd, "update", lists(m, "update"), "PATCH", case_path("/meetings", mid), update);
		free(record);
		free(update);
		th_resp_free(&one);
		th_resp_free(&r);
	}
}

/* The task of the plan with this template key, as the reader sees it. */
static json_t *task_of(json_t *plan, const char *key)
{
	json_t *t;
	size_t i;

	json_array_foreach(json_object_get(plan, "tasks"), i, t)
		if (json_is_string(json_object_get(t, "key")) && !strcmp(json_string_value(json_object_get(t, "key")), key))
			return t;
	fail_msg("no task %s", key);
	return NULL;
}

static void test_tasks_list_progress_for_their_party_and_manage_for_the_worker(void **state)
{
	static const char *const keys[] = { "bank_account", "family_doctor", "sin", "health_coverage" };
	/* progress, by reader and task: the policy's task table */
	static const bool progress[N_READERS][4] = {
		{1, 1, 1, 1}, {1, 1, 1, 1}, {1, 0, 0, 1}, {0, 0, 1, 1}, {0, 0, 0, 0}, {0, 0, 0, 0},
	};

	(void)state;
	for (int i = 0; i < N_READERS; i++) {
		const struct reader *rd = &readers[i];
		struct th_resp r;

		assert_int_equal(th_request(rd->c, &srv, "GET", case_path("/plan", 0), NULL, NULL, &r), 200);
		for (int k = 0; k < 4; k++) {
			json_t *t = task_of(r.json, keys[k]);
			long long tid = json_integer_value(json_object_get(t, "id"));
			char *status = body_of("status", json_object_get(t, "status"));

			if (lists(t, "progress") != progress[i][k])
				fail_msg("%s: progress on %s should%s be listed", rd->name, keys[k], progress[i][k] ? "" : " not");
			assert_int_equal(lists(t, "manage"), i < 2);
			expect(rd, "progress", lists(t, "progress"), "PATCH", case_path("/plan/tasks", tid), status);
			expect(rd, "manage", lists(t, "manage"), "PATCH", case_path("/plan/tasks", tid),
			       "{\"due_on\":\"2030-01-15\"}");
			free(status);
		}
		th_resp_free(&r);
	}
}

static void test_referrals_list_update_while_open_for_the_worker_and_managers(void **state)
{
	struct th_resp r;
	long long open, closed;

	(void)state;
	assert_int_equal(th_request(&worker, &srv, "POST", case_path("/referrals", 0),
				    "{\"domain\":\"housing\",\"service\":\"Housing help desk\"}", NULL, &r), 201);
	assert_true(lists(r.json, "update"));
	open = json_integer_value(json_object_get(r.json, "id"));
	th_resp_free(&r);
	closed = th_sql(&srv, "SELECT min(id) FROM referrals WHERE status IN ('completed', 'declined') AND case_id = "
			"(SELECT p.case_id FROM persons p JOIN users u ON u.id = p.user_id WHERE u.email = 'refugee@tandem.example')");
	assert_true(closed > 0);
	for (int i = 0; i < N_READERS; i++) {
		const struct reader *rd = &readers[i];
		json_t *v;
		size_t k;
		bool seen = false, listed = false;

		assert_int_equal(th_request(rd->c, &srv, "GET", case_path("/referrals", 0), NULL, NULL, &r), 200);
		json_array_foreach(json_object_get(r.json, "referrals"), k, v) {
			long long id = json_integer_value(json_object_get(v, "id"));
			/* a closed referral is done with: nobody may change it */
			if (id == closed)
				assert_false(lists(v, "update"));
			if (id == open) {
				seen = true;
				listed = lists(v, "update");
			}
		}
		th_resp_free(&r);
		/* who cannot see it (the partner, without consent to needs) may not change it either */
		assert_int_equal(listed, seen && i < 2);
		expect(rd, "update", listed, "PATCH", case_path("/referrals", open), "{\"status\":\"sent\"}");
	}
	/* not listed on a closed one, and not a refusal: a conflict */
	assert_int_equal(th_request(&worker, &srv, "PATCH", case_path("/referrals", closed), "{\"status\":\"sent\"}",
				    NULL, &r), 409);
	th_resp_free(&r);
}

static void test_consents_list_revoke_for_the_family_and_their_worker(void **state)
{
	struct th_resp r;
	long long adult, cid = 0;
	char body[160];

	(void)state;
	adult = th_sql(&srv, "SELECT id FROM persons WHERE user_id = (SELECT id FROM users"
		       " WHERE email = 'refugee@tandem.example')");
	snprintf(body, sizeof body, "{\"audience\":\"sah\",\"data_class\":\"needs\",\"person_id\":%lld,\"verbal\":true}",
		 adult);
	assert_int_equal(th_request(&worker, &srv, "POST", case_path("/consents", 0), body, NULL, &r), 201);
	assert_true(lists(r.json, "revoke"));
	cid = json_integer_value(json_object_get(r.json, "id"));
	th_resp_free(&r);
	/* those who may not revoke it go first, the worker last, who does */
	for (int i = N_READERS - 1; i >= 0; i--) {
		const struct reader *rd = &readers[i];
		json_t *v;
		size_t k;
		bool listed = false;

		assert_int_equal(th_request(rd->c, &srv, "GET", case_path("/consents", 0), NULL, NULL, &r), 200);
		json_array_foreach(json_object_get(r.json, "consents"), k, v)
			if (json_integer_value(json_object_get(v, "id")) == cid)
				listed = lists(v, "revoke");
		th_resp_free(&r);
		assert_int_equal(listed, i == 0 || i == 1 || i == 3);
		if (!listed || i == 0)
			expect(rd, "revoke", listed, "DELETE", case_path("/consents", cid), NULL);
	}
	/* revoked, it offers nothing more */
	assert_int_equal(th_request(&refugee, &srv, "GET", case_path("/consents", 0), NULL, NULL, &r), 200);
	{
		json_t *v;
		size_t k;
		json_array_foreach(json_object_get(r.json, "consents"), k, v)
			if (json_integer_value(json_object_get(v, "id")) == cid)
				assert_int_equal(json_array_size(json_object_get(v, "actions")), 0);
	}
	th_resp_free(&r);
}

/* The choices worth offering: sponsors always see contact, so consent to
 * it changes nothing; a partner SPO sees nothing unless something is shared. */
static void test_consents_say_what_each_audience_always_sees_and_what_a_choice_changes(void **state)
{
	struct th_resp r;
	json_t *x;
	size_t i;
	int found = 0;

	(void)state;
	assert_int_equal(th_request(&refugee, &srv, "GET", case_path("/consents", 0), NULL, NULL, &r), 200);
	json_array_foreach(json_object_get(r.json, "effects"), i, x) {
		const char *aud = json_string_value(json_object_get(x, "audience"));
		char *always = json_dumps(json_object_get(x, "always"), JSON_COMPACT);
		char *choices = json_dumps(json_object_get(x, "choices"), JSON_COMPACT);
		if (!strcmp(aud, "sponsor_group")) {
			assert_string_equal(always, "[\"identity\",\"contact\",\"status\"]");
			assert_string_equal(choices, "[\"needs\",\"health\",\"messages\"]");
			found++;
		} else if (!strcmp(aud, "sah")) {
			assert_string_equal(choices, "[\"needs\"]");
			found++;
		} else if (!strcmp(aud, "partner_spo")) {
			assert_string_equal(always, "[]");
			assert_string_equal(choices, "[\"contact\",\"needs\"]");
			found++;
		}
		free(always);
		free(choices);
	}
	assert_int_equal(found, 3);
	th_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_case_lists_what_each_reader_may_do),
		cmocka_unit_test(test_each_case_action_passes_the_policy_exactly_when_listed),
		cmocka_unit_test(test_meetings_list_update_and_record_for_the_worker_and_managers_only),
		cmocka_unit_test(test_tasks_list_progress_for_their_party_and_manage_for_the_worker),
		cmocka_unit_test(test_referrals_list_update_while_open_for_the_worker_and_managers),
		cmocka_unit_test(test_consents_list_revoke_for_the_family_and_their_worker),
		cmocka_unit_test(test_consents_say_what_each_audience_always_sees_and_what_a_choice_changes),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
