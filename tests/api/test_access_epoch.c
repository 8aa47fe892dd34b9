/* test_access_epoch.c - the server keeps the actors it has loaded while the
 * access epoch stands (src/domain/actor_cache.c): each change to users,
 * tokens, memberships, partnerships and person links, made by another
 * process between two requests, has the second request decided afresh,
 * by token and by session; and every change to those tables and to
 * consents moves the epoch, on either store, to a number it did not hold. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"

static struct th_server srv;

static int setup(void **state)
{
	(void)state;
	return th_server_start(&srv);
}

static int teardown(void **state)
{
	(void)state;
	return th_server_stop(&srv);
}

#define sqlf(...) th_sqlf(&srv, __VA_ARGS__)

static long long user_id(const char *email)
{
	return sqlf("SELECT id FROM users WHERE email = '%s'", email);
}

static void token_of(struct th_client *c, const char *email)
{
	struct th_run run;

	memset(c, 0, sizeof *c);
	assert_int_equal(th_tandem(&run, NULL, "token", "--db", srv.db, "--email", email, NULL), 0);
	snprintf(c->token, sizeof c->token, "%.*s", (int)strcspn(run.out, "\n"), run.out);
}

static long get(struct th_client *c, const char *path)
{
	struct th_resp r;
	long status = th_request(c, &srv, "GET", path, NULL, NULL, &r);

	th_resp_free(&r);
	return status;
}

/* Twice, so that the second is answered from the cache, if it is kept. */
static void allowed_twice(struct th_client *c, const char *path)
{
	assert_int_equal(get(c, path), 200);
	assert_int_equal(get(c, path), 200);
}

static const char *case_path(long long id)
{
	static char path[64];

	snprintf(path, sizeof path, "/api/v1/cases/%lld", id);
	return path;
}

/* The first case of the sponsor's group. */
static long long sponsor_case(void)
{
	return sqlf("SELECT min(c.id) FROM cases c JOIN memberships m ON m.group_id = c.sponsor_group_id"
		    " WHERE m.user_id = %lld", user_id("sponsor@tandem.example"));
}

static long long refugee_case(void)
{
	return sqlf("SELECT case_id FROM persons WHERE user_id = %lld", user_id("refugee@tandem.example"));
}

static void test_a_user_disabled_is_refused_at_once(void **state)
{
	struct th_client t, s;

	(void)state;
	token_of(&t, "sponsor@tandem.example");
	assert_int_equal(th_login(&s, &srv, "sponsor@tandem.example"), 200);
	allowed_twice(&t, "/api/v1/me");
	allowed_twice(&s, "/api/v1/me");
	/* Straight in the database, as another process would: no session is
	 * deleted with it, only the epoch moves. */
	sqlf("UPDATE users SET disabled = TRUE WHERE id = %lld", user_id("sponsor@tandem.example"));
	assert_int_equal(get(&t, "/api/v1/me"), 401);
	assert_int_equal(get(&s, "/api/v1/me"), 401);
}

static void test_a_users_record_changed_is_read_afresh(void **state)
{
	struct th_client t;
	struct th_resp r;

	(void)state;
	token_of(&t, "sponsor@tandem.example");
	allowed_twice(&t, "/api/v1/me");
	sqlf("UPDATE users SET name = 'Renamed Sponsor' WHERE id = %lld", user_id("sponsor@tandem.example"));
	assert_int_equal(th_request(&t, &srv, "GET", "/api/v1/me", NULL, NULL, &r), 200);
	assert_non_null(strstr(r.body, "Renamed Sponsor"));
	th_resp_free(&r);
}

static void test_a_token_revoked_is_refused_at_once(void **state)
{
	struct th_client t, other;

	(void)state;
	token_of(&t, "worker@tandem.example");
	token_of(&other, "manager@tandem.example");
	allowed_twice(&t, "/api/v1/me");
	allowed_twice(&other, "/api/v1/me");
	sqlf("DELETE FROM tokens WHERE user_id = %lld", user_id("worker@tandem.example"));
	assert_int_equal(get(&t, "/api/v1/me"), 401);
	/* Another's token still works, loaded again. */
	assert_int_equal(get(&other, "/api/v1/me"), 200);
}

static void test_a_membership_removed_closes_the_groups_cases(void **state)
{
	struct th_client t, s;
	long long id = sponsor_case();

	(void)state;
	token_of(&t, "sponsor@tandem.example");
	assert_int_equal(th_login(&s, &srv, "sponsor@tandem.example"), 200);
	allowed_twice(&t, case_path(id));
	allowed_twice(&s, case_path(id));
	sqlf("DELETE FROM memberships WHERE user_id = %lld AND group_id IS NOT NULL", user_id("sponsor@tandem.example"));
	assert_int_not_equal(get(&t, case_path(id)), 200);
	assert_int_not_equal(get(&s, case_path(id)), 200);
}

/* The partner reads a case by the agreement and the family's consent: each
 * taken away in turn, after the partner's actor is cached. */
static void test_a_partnership_ended_or_a_consent_revoked_closes_the_partners_view(void **state)
{
	struct th_client p, r;
	struct th_resp resp;
	long long id = refugee_case();
	char consent[96];

	(void)state;
	assert_int_equal(th_login_partner(&p, &srv), 200);
	token_of(&r, "refugee@tandem.example");
	snprintf(consent, sizeof consent, "%s/consents", case_path(id));
	assert_int_equal(th_request(&r, &srv, "POST", consent, "{\"audience\":\"partner_spo\",\"data_class\":\"contact\"}",
				    NULL, &resp), 201);
	snprintf(consent, sizeof consent, "%s/consents/%lld", case_path(id),
		 (long long)json_integer_value(json_object_get(resp.json, "id")));
	th_resp_free(&resp);
	allowed_twice(&p, case_path(id));
	sqlf("UPDATE partnerships SET status = 'ended', ended_at = 1 WHERE spo_org_id IN"
	     " (SELECT org_id FROM memberships WHERE user_id = %lld)", user_id("partner@tandem.example"));
	assert_int_equal(get(&p, case_path(id)), 403);
	sqlf("UPDATE partnerships SET status = 'active', ended_at = NULL WHERE spo_org_id IN"
	     " (SELECT org_id FROM memberships WHERE user_id = %lld)", user_id("partner@tandem.example"));
	allowed_twice(&p, case_path(id));
	assert_int_equal(th_request(&r, &srv, "DELETE", consent, NULL, NULL, &resp), 204);
	th_resp_free(&resp);
	assert_int_equal(get(&p, case_path(id)), 403);
}

static void test_a_person_unlinked_loses_the_case(void **state)
{
	struct th_client t;
	long long id = refugee_case();

	(void)state;
	token_of(&t, "refugee@tandem.example");
	allowed_twice(&t, case_path(id));
	sqlf("UPDATE persons SET user_id = NULL WHERE user_id = %lld", user_id("refugee@tandem.example"));
	assert_int_not_equal(get(&t, case_path(id)), 200);
}

/* What the consents decide is read on every request (test_consent.c); the
 * epoch moves with them all the same, should an actor ever carry them. */
static void test_every_change_to_access_moves_the_epoch(void **state)
{
#define OF(email) "(SELECT id FROM users WHERE email = '" email "')"
	static const char *const changes[] = {
		"UPDATE users SET languages = 'en' WHERE id = " OF("sponsor@tandem.example"),
		"UPDATE consents SET revoked_at = 1 WHERE case_id IN"
		" (SELECT case_id FROM persons WHERE user_id = " OF("refugee@tandem.example") ")",
		"UPDATE persons SET birth_year = birth_year WHERE user_id = " OF("refugee@tandem.example"),
		"UPDATE partnerships SET referral_rule = referral_rule",
		"UPDATE memberships SET org_id = org_id WHERE user_id = " OF("sponsor@tandem.example"),
		"UPDATE tokens SET created_at = created_at",
	};
#undef OF
	struct th_client t;
	long long before;

	(void)state;
	token_of(&t, "sponsor@tandem.example");
	for (size_t i = 0; i < sizeof changes / sizeof *changes; i++) {
		before = th_sql(&srv, "SELECT n FROM access_epoch");
		th_sql(&srv, changes[i]);
		assert_true(th_sql(&srv, "SELECT n FROM access_epoch") != before);
	}
	/* Every trigger is there: a table made again by a later migration
	 * would lose its own on SQLite. */
	assert_int_equal(th_sql(&srv, th_pg() ? "SELECT count(*) FROM pg_trigger WHERE tgname LIKE '%\\_epoch'"
					      : "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"
						" AND name LIKE '%\\_epoch\\_%' ESCAPE '\\'"),
			 th_pg() ? 6 : 17);
	/* Reading moves nothing; a session's touch neither, nor a change to a
	 * person that is not their link. */
	before = th_sql(&srv, "SELECT n FROM access_epoch");
	allowed_twice(&t, "/api/v1/me");
	sqlf("UPDATE sessions SET last_seen = last_seen WHERE user_id = %lld", user_id("sponsor@tandem.example"));
	th_sql(&srv, "UPDATE persons SET given_name = given_name");
	assert_int_equal(th_sql(&srv, "SELECT n FROM access_epoch"), before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_a_user_disabled_is_refused_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_users_record_changed_is_read_afresh, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_token_revoked_is_refused_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_membership_removed_closes_the_groups_cases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_partnership_ended_or_a_consent_revoked_closes_the_partners_view, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_a_person_unlinked_loses_the_case, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_change_to_access_moves_the_epoch, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
