/* test_admin_accounts.c - the administrator's accounts: a search over names
 * and e-mails that ignores case and accents, filters by role, organization
 * and state, pages with a total; disabling and enabling an account (never
 * one's own), after which it cannot sign in and its sessions are over; and
 * the languages of a worker's matching profile, set by the administrators
 * and the SPO's managers over the API and at the command line, where the
 * matcher reads them. */
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
static struct th_client admin, manager;
static long long spo, admin_id;

static int setup(void **state)
{
	(void)state;
	if (th_server_start(&srv) || th_login(&admin, &srv, "admin@tandem.example") != 200
	    || th_login(&manager, &srv, "manager@tandem.example") != 200)
		return -1;
	spo = th_sql(&srv, "SELECT org_id FROM memberships m JOIN users u ON u.id = m.user_id"
		     " WHERE u.email = 'manager@tandem.example'");
	admin_id = th_sql(&srv, "SELECT id FROM users WHERE email = 'admin@tandem.example'");
	return spo > 0 && admin_id > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return th_server_stop(&srv);
}

/* Adds a worker of the manager's SPO at the command line; their id, or the
 * command's exit status negated. */
static long long add_worker(const char *email, const char *name, const char *languages, struct th_run *run)
{
	char org[24];

	snprintf(org, sizeof org, "%lld", spo);
	if (th_tandem(run, "a-good-password\n", "user", "add", "--db", srv.db, "--email", email, "--name", name,
		      "--role", "worker", "--org", org, "--languages", languages, "--password-stdin", NULL))
		return -run->status;
	return strncmp(run->out, "user ", 5) ? -1 : atoll(run->out + 5);
}

static long get(struct th_client *c, const char *path, struct th_resp *r)
{
	return th_request(c, &srv, "GET", path, NULL, NULL, r);
}

static long long total_of(const char *path)
{
	struct th_resp r;
	long long n;

	assert_int_equal(get(&admin, path, &r), 200);
	n = json_integer_value(json_object_get(r.json, "total"));
	th_resp_free(&r);
	return n;
}

static json_t *actions_of(json_t *user)
{
	return json_object_get(user, "actions");
}

static bool has_action(json_t *user, const char *name)
{
	json_t *a;
	size_t i;

	json_array_foreach(actions_of(user), i, a)
		if (!strcmp(json_string_value(a), name))
			return true;
	return false;
}

static void test_the_search_ignores_case_and_accents_in_names_and_emails(void **state)
{
	static const char *const finds[] = {
		"/api/v1/users?q=eleonore%20cote", "/api/v1/users?q=C%C3%94T%C3%89", "/api/v1/users?q=%C3%A9l%C3%A9o",
		"/api/v1/users?q=ELEONORE.COTE%40", "/api/v1/users?q=%20C%C3%B4t%C3%A9",
	};
	struct th_run run;
	struct th_resp r;
	json_t *u;

	(void)state;
	assert_true(add_worker("eleonore.cote@harbourfront.example", "Éléonore Côté", "fr,ar", &run) > 0);
	for (size_t i = 0; i < sizeof finds / sizeof *finds; i++) {
		assert_int_equal(get(&admin, finds[i], &r), 200);
		assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 1);
		u = json_array_get(json_object_get(r.json, "users"), 0);
		assert_string_equal(json_string_value(json_object_get(u, "name")), "Éléonore Côté");
		assert_int_equal(json_integer_value(json_object_get(u, "org_id")), spo);
		assert_true(json_is_null(json_object_get(u, "group_id")));
		assert_null(json_object_get(u, "pwhash"));
		th_resp_free(&r);
	}
	/* The e-mail's domain finds everyone of it; LIKE's own characters are only text. */
	assert_int_equal(total_of("/api/v1/users?q=%40harbourfront.example"),
			 th_sql(&srv, "SELECT count(*) FROM users WHERE email LIKE '%@harbourfront.example'"));
	assert_int_equal(total_of("/api/v1/users?q=%25"), 0);
	assert_int_equal(total_of("/api/v1/users?q=_"), 0);
	assert_int_equal(total_of("/api/v1/users?q=!"), 0);
	assert_int_equal(total_of("/api/v1/users?q="), th_sql(&srv, "SELECT count(*) FROM users"));
}

/* Whether id is among the n of seen; adds it when it is not. */
static bool seen_before(long long *seen, size_t *n, size_t max, long long id)
{
	for (size_t i = 0; i < *n; i++)
		if (seen[i] == id)
			return true;
	assert_true(*n < max);
	seen[(*n)++] = id;
	return false;
}

static void test_filters_narrow_the_list_and_pages_cover_it_once(void **state)
{
	long long total, pages = 0, seen[1024];
	char path[128], cursor[24] = "";
	size_t n = 0, i;
	struct th_resp r;
	json_t *u;

	(void)state;
	assert_int_equal(total_of("/api/v1/users?role=worker"), th_sql(&srv, "SELECT count(*) FROM users WHERE role = 'worker'"));
	snprintf(path, sizeof path, "/api/v1/users?org=%lld&role=worker", spo);
	assert_int_equal(total_of(path), th_sql(&srv, "SELECT count(*) FROM memberships m JOIN users u ON u.id = m.user_id"
						" WHERE u.role = 'worker' AND m.org_id = (SELECT org_id FROM memberships"
						" JOIN users v ON v.id = user_id WHERE v.email = 'manager@tandem.example')"));
	assert_int_equal(total_of("/api/v1/users?disabled=true"), th_sql(&srv, "SELECT count(*) FROM users WHERE disabled = TRUE"));
	assert_int_equal(total_of("/api/v1/users?disabled=false&role=admin"), 1);
	total = total_of("/api/v1/users");
	assert_true(total > 100);
	/* Forty a page, each account once, the total on each page. */
	do {
		snprintf(path, sizeof path, "/api/v1/users?limit=40%s%s", *cursor ? "&cursor=" : "", cursor);
		assert_int_equal(get(&admin, path, &r), 200);
		assert_int_equal(json_integer_value(json_object_get(r.json, "total")), total);
		json_array_foreach(json_object_get(r.json, "users"), i, u)
			assert_false(seen_before(seen, &n, sizeof seen / sizeof *seen, json_integer_value(json_object_get(u, "id"))));
		snprintf(cursor, sizeof cursor, "%s", json_is_string(json_object_get(r.json, "next_cursor"))
			 ? json_string_value(json_object_get(r.json, "next_cursor")) : "");
		th_resp_free(&r);
		pages++;
	} while (*cursor && pages < 100);
	assert_int_equal(n, total);
	assert_int_equal(pages, (total + 39) / 40);
}

static void test_bad_parameters_are_refused_naming_them(void **state)
{
	static const struct { const char *query, *code, *field; } bad[] = {
		{"role=chef", "invalid_parameter", "role"}, {"org=x", "invalid_parameter", "org"},
		{"org=0", "invalid_parameter", "org"}, {"disabled=maybe", "invalid_parameter", "disabled"},
		{"limit=0", "invalid_parameter", "limit"}, {"limit=201", "invalid_parameter", "limit"},
		{"cursor=-1", "invalid_parameter", "cursor"}, {"colour=red", "unknown_parameter", "colour"},
		{"q=%FF", "invalid_parameter", "q"}, {"q=", "invalid_parameter", "q"},
	};
	char path[256];
	struct th_resp r;
	long status;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		snprintf(path, sizeof path, "/api/v1/users?%s", bad[i].query);
		/* The last: a text of 101 bytes, one over. */
		if (i == sizeof bad / sizeof *bad - 1)
			snprintf(path, sizeof path, "/api/v1/users?q=%0101d", 0);
		status = get(&admin, path, &r);
		if (status != 422 && status != 400)
			fail_msg("%s answered %ld", path, status);
		assert_string_equal(th_error_code(&r), bad[i].code);
		assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "error"), "field")),
				    bad[i].field);
		th_resp_free(&r);
	}
	assert_int_equal(get(&manager, "/api/v1/users?q=amira", &r), 403);
	th_resp_free(&r);
}

static long patch_user(struct th_client *c, long long id, const char *body, struct th_resp *r)
{
	char path[64];

	snprintf(path, sizeof path, "/api/v1/users/%lld", id);
	return th_request(c, &srv, "PATCH", path, body, NULL, r);
}

static long sign_in(const char *email, const char *password, struct th_resp *r)
{
	char body[256];

	snprintf(body, sizeof body, "{\"email\":\"%s\",\"password\":\"%s\"}", email, password);
	return th_request(NULL, &srv, "POST", "/api/v1/session", body, NULL, r);
}

static void test_a_disabled_account_cannot_sign_in_and_its_session_ends(void **state)
{
	const char *email = "sponsor@tandem.example";
	long long id = th_sql(&srv, "SELECT id FROM users WHERE email = 'sponsor@tandem.example'");
	struct th_client sponsor;
	struct th_resp r, wrong;

	(void)state;
	assert_int_equal(th_login(&sponsor, &srv, email), 200);
	assert_int_equal(patch_user(&admin, id, "{\"disabled\":true}", &r), 200);
	assert_true(json_is_true(json_object_get(r.json, "disabled")));
	assert_true(has_action(r.json, "enable"));
	assert_false(has_action(r.json, "disable"));
	th_resp_free(&r);
	/* Its open session is over at its next request. */
	assert_int_equal(get(&sponsor, "/api/v1/me", &r), 401);
	th_resp_free(&r);
	/* The answer to its right password is the answer to a wrong one. */
	assert_int_equal(sign_in(email, DEMO_PASSWORD, &r), 401);
	assert_int_equal(sign_in("nobody@tandem.example", DEMO_PASSWORD, &wrong), 401);
	assert_string_equal(r.body, wrong.body);
	th_resp_free(&r);
	th_resp_free(&wrong);
	assert_int_equal(total_of("/api/v1/users?disabled=true&q=sponsor%40tandem"), 1);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM audit WHERE action = 'account.disable' AND outcome = 'allowed'"
				" AND detail = (SELECT 'user ' || id FROM users WHERE email = 'sponsor@tandem.example')"), 1);

	assert_int_equal(patch_user(&admin, id, "{\"disabled\":false}", &r), 200);
	assert_true(json_is_false(json_object_get(r.json, "disabled")));
	assert_true(has_action(r.json, "disable"));
	th_resp_free(&r);
	assert_int_equal(sign_in(email, DEMO_PASSWORD, &r), 200);
	th_resp_free(&r);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM audit WHERE action = 'account.enable'"), 1);
}

static void test_no_administrator_disables_their_own_account(void **state)
{
	struct th_resp r;
	json_t *u;
	size_t i;

	(void)state;
	assert_int_equal(patch_user(&admin, admin_id, "{\"disabled\":true}", &r), 409);
	assert_string_equal(th_error_code(&r), "own_account");
	th_resp_free(&r);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM users WHERE role = 'admin' AND disabled = FALSE"), 1);
	assert_int_equal(get(&admin, "/api/v1/me", &r), 200);
	th_resp_free(&r);
	/* The list offers what the reader may do: no disabling oneself. */
	assert_int_equal(get(&admin, "/api/v1/users?limit=200", &r), 200);
	json_array_foreach(json_object_get(r.json, "users"), i, u) {
		bool own = json_integer_value(json_object_get(u, "id")) == admin_id;
		bool worker = !strcmp(json_string_value(json_object_get(u, "role")), "worker");
		assert_true(own ? json_array_size(actions_of(u)) == 0 : has_action(u, "disable") || has_action(u, "enable"));
		assert_true(has_action(u, "set_profile") == (worker && json_is_false(json_object_get(u, "disabled"))));
	}
	th_resp_free(&r);
}

static void test_bad_account_changes_are_refused_and_change_nothing(void **state)
{
	static const struct { const char *body, *code; } bad[] = {
		{"{}", "empty_patch"}, {"{\"disabled\":\"yes\"}", "invalid_field"}, {"{\"disabled\":1}", "invalid_field"},
		{"{\"name\":\"Someone\"}", "unknown_field"}, {"{\"disabled\":true,\"role\":\"admin\"}", "unknown_field"},
	};
	long long id = th_sql(&srv, "SELECT id FROM users WHERE email = 'lip@tandem.example'");
	struct th_resp r;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_int_equal(patch_user(&admin, id, bad[i].body, &r), 422);
		assert_string_equal(th_error_code(&r), bad[i].code);
		th_resp_free(&r);
	}
	assert_int_equal(patch_user(&admin, 999999, "{\"disabled\":true}", &r), 404);
	th_resp_free(&r);
	assert_int_equal(patch_user(&manager, id, "{\"disabled\":true}", &r), 403);
	assert_string_equal(th_error_code(&r), "forbidden");
	th_resp_free(&r);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM users WHERE disabled = TRUE"), 0);
}

static long patch_worker(struct th_client *c, long long id, const char *body, struct th_resp *r)
{
	char path[64];

	snprintf(path, sizeof path, "/api/v1/workers/%lld", id);
	return th_request(c, &srv, "PATCH", path, body, NULL, r);
}

static void languages_are(long long id, const char *want)
{
	char sql[96], got[64];

	snprintf(sql, sizeof sql, "SELECT languages FROM users WHERE id = %lld", id);
	th_sql_text(&srv, sql, got, sizeof got);
	assert_string_equal(got, want);
}

static void test_a_workers_languages_are_set_by_administrators_and_their_managers(void **state)
{
	long long w = th_sql(&srv, "SELECT min(u.id) FROM users u JOIN memberships m ON m.user_id = u.id"
			     " WHERE u.role = 'worker' AND u.disabled = FALSE AND m.org_id = (SELECT org_id FROM memberships"
			     " JOIN users v ON v.id = user_id WHERE v.email = 'manager@tandem.example')");
	long long other = th_sql(&srv, "SELECT min(u.id) FROM users u JOIN memberships m ON m.user_id = u.id"
				 " WHERE u.role = 'worker' AND m.org_id <> (SELECT org_id FROM memberships"
				 " JOIN users v ON v.id = user_id WHERE v.email = 'manager@tandem.example')");
	static const char *const bad[] = {
		"{\"languages\":[\"xx\"]}", "{\"languages\":[\"ar\",\"ar\"]}", "{\"languages\":\"ar\"}",
		"{\"languages\":[1]}", "{\"languages\":[\"\"]}", "{\"languages\":[\"ar,fr\"]}",
	};
	char path[64], before[64];
	struct th_resp r;
	json_t *x;
	size_t i;

	(void)state;
	snprintf(path, sizeof path, "SELECT languages FROM users WHERE id = %lld", w);
	th_sql_text(&srv, path, before, sizeof before);
	snprintf(path, sizeof path, "/api/v1/workers/%lld", w);
	assert_int_equal(get(&admin, path, &r), 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "languages")), before);
	assert_int_equal(json_integer_value(json_object_get(r.json, "spo_org_id")), spo);
	assert_true(json_is_integer(json_object_get(r.json, "capacity")));
	th_resp_free(&r);
	assert_int_equal(patch_worker(&admin, w, "{\"languages\":[\"ti\",\"am\"],\"capacity\":12}", &r), 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "languages")), "ti,am");
	assert_int_equal(json_integer_value(json_object_get(r.json, "capacity")), 12);
	th_resp_free(&r);
	languages_are(w, "ti,am");
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM audit WHERE action = 'worker.profile' AND actor_id ="
				" (SELECT id FROM users WHERE email = 'admin@tandem.example')"), 1);
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_int_equal(patch_worker(&admin, w, bad[i], &r), 422);
		assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "error"), "field")),
				    "languages");
		th_resp_free(&r);
	}
	languages_are(w, "ti,am");
	/* The worker's managers too, and they read them in their list. */
	assert_int_equal(patch_worker(&manager, w, "{\"languages\":[\"ar\",\"en\"]}", &r), 200);
	th_resp_free(&r);
	assert_int_equal(get(&manager, "/api/v1/workers", &r), 200);
	json_array_foreach(json_object_get(r.json, "workers"), i, x)
		if (json_integer_value(json_object_get(x, "id")) == w)
			assert_string_equal(json_string_value(json_object_get(x, "languages")), "ar,en");
	th_resp_free(&r);
	/* Not another SPO's managers. */
	assert_int_equal(patch_worker(&manager, other, "{\"languages\":[\"ar\"]}", &r), 403);
	th_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/workers/%lld", other);
	assert_int_equal(get(&manager, path, &r), 403);
	th_resp_free(&r);
	assert_int_equal(get(&admin, "/api/v1/languages", &r), 200);
	assert_true(json_array_size(json_object_get(r.json, "languages")) >= 30);
	th_resp_free(&r);
}

/* A new GAR case of the manager's SPO, waiting for a worker. */
static long long new_case(const char *language)
{
	char body[320], day[16];
	time_t t = time(NULL) + 30 * 86400;
	long long community = th_sql(&srv, "SELECT min(community_id) FROM organization_communities WHERE org_id ="
				     " (SELECT org_id FROM memberships m JOIN users u ON u.id = m.user_id"
				     "  WHERE u.email = 'manager@tandem.example')");
	struct tm tm;
	struct th_resp r;
	long long id;

	gmtime_r(&t, &tm);
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	snprintf(body, sizeof body, "{\"family_name\":\"Langtest\",\"preferred_language\":\"%s\",\"stream\":\"GAR\","
		 "\"community_id\":%lld,\"expected_arrival\":\"%s\"}", language, community, day);
	assert_int_equal(th_request(&manager, &srv, "POST", "/api/v1/cases", body, NULL, &r), 201);
	id = json_integer_value(json_object_get(r.json, "id"));
	th_resp_free(&r);
	return id;
}

static void test_a_new_workers_languages_from_the_command_line_reach_the_matcher(void **state)
{
	struct th_run run;
	struct th_resp r;
	long long w, c;
	json_t *p;
	size_t i;

	(void)state;
	assert_int_equal(add_worker("bad.code@harbourfront.example", "Bad Code", "ar,xx", &run), -2);
	assert_non_null(strstr(run.err, "xx"));
	assert_null(strchr(strchr(run.err, '\n') + 1, '\n'));
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM users WHERE email = 'bad.code@harbourfront.example'"), 0);
	w = add_worker("jeanne.uwase@harbourfront.example", "Jeanne Uwase", "rw,fr", &run);
	assert_true(w > 0);
	languages_are(w, "rw,fr");
	/* Nobody else speaks Kinyarwanda: the family that does is proposed to her. */
	c = new_case("rw");
	assert_int_equal(th_request(&manager, &srv, "POST", "/api/v1/match/proposals", "{}", NULL, &r), 200);
	json_array_foreach(json_object_get(r.json, "proposals"), i, p)
		if (json_integer_value(json_object_get(p, "case_id")) == c) {
			assert_int_equal(json_integer_value(json_object_get(p, "worker_id")), w);
			assert_string_equal(json_string_value(json_object_get(p, "how")), "preferred");
			c = 0;
		}
	assert_int_equal(c, 0);
	th_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_search_ignores_case_and_accents_in_names_and_emails),
		cmocka_unit_test(test_filters_narrow_the_list_and_pages_cover_it_once),
		cmocka_unit_test(test_bad_parameters_are_refused_naming_them),
		cmocka_unit_test(test_a_disabled_account_cannot_sign_in_and_its_session_ends),
		cmocka_unit_test(test_no_administrator_disables_their_own_account),
		cmocka_unit_test(test_bad_account_changes_are_refused_and_change_nothing),
		cmocka_unit_test(test_a_workers_languages_are_set_by_administrators_and_their_managers),
		cmocka_unit_test(test_a_new_workers_languages_from_the_command_line_reach_the_matcher),
	};
	return cmocka_run_group_tests_name("admin_accounts", tests, setup, teardown);
}
