/* test_routing.c - a SAH's new case goes by its agreements (issue 12): to
 * the partner SPO at once, with the reason in its history, by the one rule
 * when several fit; to the "no partner agency" list when none does; and
 * handing on moves a case, and the access to it, to another partner. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"

static struct th_server srv;
static struct th_client sah, manager, worker, sponsor;
static long long sah_org, group;

#define sqlf(...) th_sqlf(&srv, __VA_ARGS__)

static int setup(void **state)
{
	(void)state;
	if (th_server_start(&srv) || th_login(&sah, &srv, "sah@tandem.example") != 200
	    || th_login(&manager, &srv, "manager@tandem.example") != 200
	    || th_login(&worker, &srv, "worker@tandem.example") != 200
	    || th_login(&sponsor, &srv, "sponsor@tandem.example") != 200)
		return -1;
	sah_org = th_sql(&srv, "SELECT m.org_id FROM memberships m JOIN users u ON u.id = m.user_id"
			 " WHERE u.email = 'sah@tandem.example'");
	group = sqlf("SELECT min(id) FROM sponsor_groups WHERE sah_org_id = %lld", sah_org);
	return sah_org > 0 && group > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return th_server_stop(&srv);
}

/* The SAH opens a case for its group in the community; its id. */
static long long open_case(long long community)
{
	struct th_resp r;
	char body[256];
	long long id;

	snprintf(body, sizeof body, "{\"family_name\":\"Routed\",\"preferred_language\":\"ar\",\"stream\":\"PSR\","
		 "\"community_id\":%lld,\"sponsor_group_id\":%lld}", community, group);
	assert_int_equal(th_request(&sah, &srv, "POST", "/api/v1/cases", body, NULL, &r), 201);
	id = json_integer_value(json_object_get(r.json, "id"));
	th_resp_free(&r);
	return id;
}

/* The case's last history entry's reason contains words. */
static bool history_says(struct th_client *c, long long id, const char *words)
{
	struct th_resp r;
	char path[64];
	json_t *list, *last;
	bool found;

	snprintf(path, sizeof path, "/api/v1/cases/%lld/transitions", id);
	assert_int_equal(th_request(c, &srv, "GET", path, NULL, NULL, &r), 200);
	list = json_object_get(r.json, "transitions");
	last = json_array_get(list, json_array_size(list) - 1);
	found = last && strstr(json_string_value(json_object_get(last, "reason")), words) != NULL;
	th_resp_free(&r);
	return found;
}

static void login_manager_of(struct th_client *c, long long org)
{
	char sql[256], email[96];

	snprintf(sql, sizeof sql, "SELECT u.email FROM users u WHERE u.id = (SELECT min(u.id) FROM users u"
		 " JOIN memberships m ON m.user_id = u.id WHERE m.org_id = %lld AND u.role = 'spo_manager')", org);
	th_sql_text(&srv, sql, email, sizeof email);
	assert_int_equal(th_login(c, &srv, email), 200);
}

static long read_case(struct th_client *c, long long id)
{
	struct th_resp r;
	char path[64];
	long status;

	snprintf(path, sizeof path, "/api/v1/cases/%lld", id);
	status = th_request(c, &srv, "GET", path, NULL, NULL, &r);
	th_resp_free(&r);
	return status;
}

/* The kind of the reader's follow-up on the case, "" for none. */
static const char *followup_kind(struct th_client *c, long long id)
{
	static char kind[32];
	struct th_resp r;
	json_t *v;
	size_t i;

	kind[0] = 0;
	assert_int_equal(th_request(c, &srv, "GET", "/api/v1/followups", NULL, NULL, &r), 200);
	json_array_foreach(json_object_get(r.json, "followups"), i, v)
		if (json_integer_value(json_object_get(v, "case_id")) == id)
			snprintf(kind, sizeof kind, "%s", json_string_value(json_object_get(v, "kind")));
	th_resp_free(&r);
	return kind;
}

/* Of the agreements covering the community, the SPO the rule picks: the
 * fewest open cases without a worker, then the earliest, then the lowest id. */
static long long expected_spo(long long community)
{
	return sqlf("SELECT p.spo_org_id FROM partnerships p JOIN partnership_communities pc"
		    " ON pc.partnership_id = p.id AND pc.community_id = %lld"
		    " WHERE p.sah_org_id = %lld AND p.status = 'active' AND p.referral_rule = 'automatic'"
		    " ORDER BY (SELECT count(*) FROM cases c WHERE c.spo_org_id = p.spo_org_id AND c.worker_id IS NULL"
		    "  AND c.status NOT IN ('sponsorship_ended', 'closed')), p.starts_on, p.id LIMIT 1",
		    community, sah_org);
}

/* Hamilton is covered by two of the demo SAH's agreements: the new case
 * goes to one at once, as the rule says, and its history says why. */
static void test_a_new_case_is_referred_by_the_agreements(void **state)
{
	long long covering = sqlf("SELECT count(*) FROM partnerships p JOIN partnership_communities pc"
				  " ON pc.partnership_id = p.id AND pc.community_id = 1"
				  " WHERE p.sah_org_id = %lld AND p.status = 'active'", sah_org);
	long long want = expected_spo(1), id;
	struct th_client spo;

	(void)state;
	assert_true(covering >= 2);
	id = open_case(1);
	assert_int_equal(sqlf("SELECT spo_org_id FROM cases WHERE id = %lld", id), want);
	assert_int_equal(sqlf("SELECT count(*) FROM cases WHERE id = %lld AND status = 'referred'"
			      " AND worker_id IS NULL", id), 1);
	assert_true(history_says(&sah, id, "Referred automatically to"));
	assert_true(history_says(&sah, id, "agreements cover it"));
	/* The SPO's managers are told at once, the SAH is not asked to act;
	 * three days on, it is a case without a worker. */
	login_manager_of(&spo, want);
	assert_int_equal(read_case(&spo, id), 200);
	assert_string_equal(followup_kind(&spo, id), "referred");
	assert_string_equal(followup_kind(&sah, id), "");
	sqlf("UPDATE case_transitions SET at = at - 4 * 86400 WHERE case_id = %lld", id);
	assert_string_equal(followup_kind(&spo, id), "unassigned");
}

/* An agreement that refers by hand routes nothing; with none left that
 * refers automatically, the case waits in the SAH's list, and only there. */
static void test_without_an_agreement_the_case_waits_in_the_sahs_list(void **state)
{
	struct th_resp r;
	json_t *c;
	size_t i;
	long long id, kingston = sqlf("SELECT id FROM communities WHERE name = 'Kingston'");
	bool listed = false;

	(void)state;
	assert_int_equal(sqlf("SELECT count(*) FROM partnerships p JOIN partnership_communities pc"
			      " ON pc.partnership_id = p.id AND pc.community_id = %lld"
			      " WHERE p.sah_org_id = %lld AND p.status = 'active'", kingston, sah_org), 0);
	id = open_case(kingston);
	assert_int_equal(sqlf("SELECT count(*) FROM cases WHERE id = %lld AND spo_org_id IS NULL", id), 1);
	assert_true(history_says(&sah, id, "without a partner agency"));
	assert_int_equal(th_request(&sah, &srv, "GET", "/api/v1/cases?spo=none&limit=200", NULL, NULL, &r), 200);
	json_array_foreach(json_object_get(r.json, "cases"), i, c) {
		assert_true(json_is_null(json_object_get(c, "spo_org_id")));
		listed |= json_integer_value(json_object_get(c, "id")) == id;
	}
	th_resp_free(&r);
	assert_true(listed);
	assert_int_equal(th_request(&sah, &srv, "GET", "/api/v1/cases?spo=9", NULL, NULL, &r), 422);
	th_resp_free(&r);

	/* Naming an SPO whose agreement does not cover Kingston is refused, as
	 * handing on there would be. */
	{
		char body[256];
		long long before = sqlf("SELECT count(*) FROM cases");
		snprintf(body, sizeof body, "{\"family_name\":\"Named\",\"preferred_language\":\"ar\",\"stream\":\"PSR\","
			 "\"community_id\":%lld,\"sponsor_group_id\":%lld,\"spo_org_id\":%lld}", kingston, group,
			 sqlf("SELECT min(spo_org_id) FROM partnerships WHERE sah_org_id = %lld AND status = 'active'",
			      sah_org));
		assert_int_equal(th_request(&sah, &srv, "POST", "/api/v1/cases", body, NULL, &r), 409);
		assert_string_equal(th_error_code(&r), "no_partnership");
		th_resp_free(&r);
		assert_int_equal(sqlf("SELECT count(*) FROM cases"), before);
	}

	/* Hamilton's agreements made manual: no routing there either. */
	sqlf("UPDATE partnerships SET referral_rule = 'manual' WHERE sah_org_id = %lld", sah_org);
	id = open_case(1);
	assert_int_equal(sqlf("SELECT count(*) FROM cases WHERE id = %lld AND spo_org_id IS NULL", id), 1);
	sqlf("UPDATE partnerships SET referral_rule = 'automatic' WHERE sah_org_id = %lld", sah_org);
}

static long hand_on(struct th_client *c, long long id, const char *body, const char *code)
{
	struct th_resp r;
	char path[64];
	long status;

	snprintf(path, sizeof path, "/api/v1/cases/%lld/hand-on", id);
	status = th_request(c, &srv, "POST", path, body, NULL, &r);
	if (code)
		assert_string_equal(th_error_code(&r), code);
	th_resp_free(&r);
	return status;
}

/* The SAH hands a case to its other partner in the community: the new
 * SPO's managers see it waiting, the old SPO loses it on the next request;
 * history and audit say so. Bad hands-on change nothing. */
static void test_handing_on_moves_the_case_and_its_access(void **state)
{
	long long own = sqlf("SELECT org_id FROM memberships m JOIN users u ON u.id = m.user_id"
			     " WHERE u.email = 'manager@tandem.example'");
	long long other = sqlf("SELECT min(p.spo_org_id) FROM partnerships p JOIN partnership_communities pc"
			       " ON pc.partnership_id = p.id AND pc.community_id = 1"
			       " WHERE p.sah_org_id = %lld AND p.status = 'active' AND p.spo_org_id <> %lld", sah_org, own);
	long long stranger = sqlf("SELECT min(id) FROM organizations WHERE kind = 'spo' AND id NOT IN"
				  " (SELECT spo_org_id FROM partnerships WHERE sah_org_id = %lld)", sah_org);
	long long id = sqlf("SELECT min(c.id) FROM cases c JOIN sponsor_groups g ON g.id = c.sponsor_group_id"
			    " WHERE g.sah_org_id = %lld AND c.spo_org_id = %lld AND c.community_id = 1"
			    " AND c.status = 'assigned'", sah_org, own);
	char body[160], path[64];
	struct th_client next;
	struct th_resp r;

	(void)state;
	assert_true(other > 0 && stranger > 0 && id > 0);
	assert_int_equal(read_case(&manager, id), 200);
	snprintf(body, sizeof body, "{\"spo_org_id\":%lld}", stranger);
	assert_int_equal(hand_on(&sah, id, body, "no_partnership"), 409);
	assert_int_equal(hand_on(&sah, id, "{\"spo_org_id\":\"9\"}", "invalid_field"), 422);
	assert_int_equal(hand_on(&sah, id, "{\"spo_org_id\":999999}", "invalid_field"), 422);
	snprintf(body, sizeof body, "{\"spo_org_id\":%lld}", own);
	assert_int_equal(hand_on(&sah, id, body, "invalid_field"), 422);
	snprintf(body, sizeof body, "{\"spo_org_id\":%lld,\"colour\":1}", other);
	assert_int_equal(hand_on(&sah, id, body, "unknown_field"), 422);
	{
		/* 500 Arabic letters are 500 characters, 1,000 bytes: allowed; 501 are not. */
		char big[1200];
		int k = snprintf(big, sizeof big, "{\"spo_org_id\":%lld,\"reason\":\"", stranger);
		for (int i = 0; i < 501; i++, k += 2)
			memcpy(big + k, "\xd8\xa8", 2);
		snprintf(big + k, sizeof big - (size_t)k, "\"}");
		assert_int_equal(hand_on(&sah, id, big, "invalid_field"), 422);
		memcpy(big + k - 2, "\"}", 3);
		assert_int_equal(hand_on(&sah, id, big, "no_partnership"), 409);
	}
	snprintf(body, sizeof body, "{\"spo_org_id\":%lld}", other);
	assert_int_equal(hand_on(&worker, id, body, NULL), 403);
	assert_int_equal(hand_on(&sponsor, id, body, NULL), 403);
	assert_int_equal(sqlf("SELECT spo_org_id FROM cases WHERE id = %lld", id), own);

	snprintf(body, sizeof body, "{\"spo_org_id\":%lld,\"reason\":\"The family moved closer to Stoney Creek.\"}",
		 other);
	assert_int_equal(hand_on(&sah, id, body, NULL), 200);
	assert_int_equal(sqlf("SELECT count(*) FROM cases WHERE id = %lld AND spo_org_id = %lld AND worker_id IS NULL"
			      " AND status = 'referred'", id, other), 1);
	assert_true(history_says(&sah, id, "Handed on from"));
	assert_true(history_says(&sah, id, "Stoney Creek"));
	/* however old the case, it is new to the agency it was handed to */
	sqlf("UPDATE cases SET created_at = created_at - 30 * 86400 WHERE id = %lld", id);
	assert_int_equal(sqlf("SELECT count(*) FROM audit WHERE action = 'case.hand_on' AND case_id = %lld"
			      " AND outcome = 'allowed'", id), 1);
	assert_int_equal(read_case(&manager, id), 403);
	assert_int_equal(read_case(&worker, id), 403);
	login_manager_of(&next, other);
	assert_int_equal(read_case(&next, id), 200);
	assert_string_equal(followup_kind(&next, id), "referred");

	/* The new SPO's manager hands it back; the field itself is never written. */
	snprintf(body, sizeof body, "{\"spo_org_id\":%lld}", own);
	assert_int_equal(hand_on(&next, id, body, NULL), 200);
	assert_int_equal(read_case(&manager, id), 200);
	snprintf(path, sizeof path, "/api/v1/cases/%lld", id);
	snprintf(body, sizeof body, "{\"spo_org_id\":%lld}", other);
	assert_int_equal(th_request(&manager, &srv, "PATCH", path, body, NULL, &r), 403);
	th_resp_free(&r);
	assert_int_equal(sqlf("SELECT spo_org_id FROM cases WHERE id = %lld", id), own);
}

/* A government-assisted case has no SAH: its SPO's managers hand it to an
 * SPO serving its community, and to no other. */
static void test_a_case_without_a_sah_goes_to_an_spo_of_its_community(void **state)
{
	long long own = sqlf("SELECT org_id FROM memberships m JOIN users u ON u.id = m.user_id"
			     " WHERE u.email = 'manager@tandem.example'");
	long long id = sqlf("SELECT min(id) FROM cases WHERE stream = 'GAR' AND spo_org_id = %lld"
			    " AND status NOT IN ('sponsorship_ended', 'closed')", own);
	long long community = sqlf("SELECT community_id FROM cases WHERE id = %lld", id);
	long long serving = sqlf("SELECT min(org_id) FROM organization_communities oc JOIN organizations o"
				 " ON o.id = oc.org_id WHERE o.kind = 'spo' AND oc.community_id = %lld"
				 " AND oc.org_id <> %lld", community, own);
	long long far = sqlf("SELECT min(id) FROM organizations o WHERE kind = 'spo' AND NOT EXISTS"
			     " (SELECT 1 FROM organization_communities oc WHERE oc.org_id = o.id"
			     "  AND oc.community_id = %lld)", community);
	char body[96];

	(void)state;
	assert_true(id > 0 && serving > 0 && far > 0);
	snprintf(body, sizeof body, "{\"spo_org_id\":%lld}", far);
	assert_int_equal(hand_on(&manager, id, body, "invalid_field"), 422);
	snprintf(body, sizeof body, "{\"spo_org_id\":%lld}", serving);
	assert_int_equal(hand_on(&manager, id, body, NULL), 200);
	assert_int_equal(sqlf("SELECT spo_org_id FROM cases WHERE id = %lld", id), serving);
	assert_int_equal(sqlf("SELECT count(*) FROM case_transitions WHERE case_id = %lld"
			      " AND reason LIKE 'Handed on from%%'", id), 1);
	assert_int_equal(read_case(&manager, id), 403);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_new_case_is_referred_by_the_agreements),
		cmocka_unit_test(test_without_an_agreement_the_case_waits_in_the_sahs_list),
		cmocka_unit_test(test_handing_on_moves_the_case_and_its_access),
		cmocka_unit_test(test_a_case_without_a_sah_goes_to_an_spo_of_its_community),
	};
	return cmocka_run_group_tests_name("routing", tests, setup, teardown);
}
