/* test_group_partnerships.c - an SPO's agreement with a sponsor group
 * outside any SAH (issue 12): the group's sponsors read it and speak for
 * its side, and no one else does; drafted by one side and approved by the
 * other, it puts the SPO in the partner's place for the group's case, and
 * ending it ends that access on the next request; a case handed on under
 * it says so; bad drafts change nothing. The group's sponsors open its
 * case, which its agreements route to an SPO at once, or which is not
 * opened when none fits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"

static struct th_server srv;
static struct th_client g5, sponsor, sah, manager;
static long long group, community, own_spo, other_spo, fam;

#define sqlf(...) th_sqlf(&srv, __VA_ARGS__)

/* The demo's G5 sponsor's group, its community and its case; the SPO of
 * the demo's manager, in agreement with it, and another SPO serving the
 * community, with none. */
static int setup(void **state)
{
	(void)state;
	if (th_server_start(&srv) || th_login(&g5, &srv, "g5@tandem.example") != 200
	    || th_login(&sponsor, &srv, "sponsor@tandem.example") != 200
	    || th_login(&sah, &srv, "sah@tandem.example") != 200
	    || th_login(&manager, &srv, "manager@tandem.example") != 200)
		return -1;
	group = th_sql(&srv, "SELECT m.group_id FROM memberships m JOIN users u ON u.id = m.user_id"
		       " WHERE u.email = 'g5@tandem.example'");
	community = sqlf("SELECT community_id FROM sponsor_groups WHERE id = %lld", group);
	fam = sqlf("SELECT min(id) FROM cases WHERE sponsor_group_id = %lld", group);
	own_spo = th_sql(&srv, "SELECT m.org_id FROM memberships m JOIN users u ON u.id = m.user_id"
			 " WHERE u.email = 'manager@tandem.example'");
	other_spo = sqlf("SELECT min(o.id) FROM organizations o JOIN organization_communities c ON c.org_id = o.id"
			 " WHERE o.kind = 'spo' AND c.community_id = %lld AND o.id <> %lld", community, own_spo);
	return group > 0 && community > 0 && fam > 0 && own_spo > 0 && other_spo > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return th_server_stop(&srv);
}

static json_t *call(struct th_client *c, const char *method, const char *path, const char *body, long want)
{
	struct th_resp r;
	json_t *out;

	assert_int_equal(th_request(c, &srv, method, path, body, NULL, &r), want);
	out = json_incref(r.json);
	th_resp_free(&r);
	return out;
}

static void try_call(struct th_client *c, const char *method, const char *path, const char *body, long want)
{
	json_decref(call(c, method, path, body, want));
}

static bool offers(json_t *p, const char *action)
{
	json_t *a;
	size_t i;

	json_array_foreach(json_object_get(p, "actions"), i, a)
		if (!strcmp(json_string_value(a), action))
			return true;
	return false;
}

/* The agreements c lists that name the group. */
static size_t listed(struct th_client *c)
{
	json_t *list = call(c, "GET", "/api/v1/partnerships", NULL, 200), *p;
	size_t i, n = 0;

	json_array_foreach(json_object_get(list, "partnerships"), i, p)
		n += json_integer_value(json_object_get(p, "group_id")) == group;
	json_decref(list);
	return n;
}

/* The group's sponsor reads the demo's agreement with the manager's SPO,
 * from the group's side: no SAH, and it may amend or end it. Neither a
 * sponsor of another group nor a SAH sees it. */
static void test_the_groups_sponsors_read_its_agreement(void **state)
{
	json_t *list = call(&g5, "GET", "/api/v1/partnerships", NULL, 200), *p;

	(void)state;
	assert_int_equal(json_array_size(json_object_get(list, "partnerships")), 1);
	p = json_array_get(json_object_get(list, "partnerships"), 0);
	assert_int_equal(json_integer_value(json_object_get(p, "group_id")), group);
	assert_true(json_is_null(json_object_get(p, "sah_org_id")));
	assert_int_equal(json_integer_value(json_object_get(p, "spo_org_id")), own_spo);
	assert_string_equal(json_string_value(json_object_get(p, "status")), "active");
	assert_true(offers(p, "amend") && offers(p, "end") && !offers(p, "approve"));
	assert_true(json_array_size(json_object_get(p, "clauses")) > 0);
	json_decref(list);
	assert_int_equal(listed(&manager), 1);
	assert_int_equal(listed(&sponsor), 0);
	assert_int_equal(listed(&sah), 0);
}

/* Each bad draft is refused with its field named, and nothing is written;
 * one speaking for a group not theirs is refused and audited. */
static void test_only_the_groups_sponsors_speak_for_it(void **state)
{
	long long before = th_sql(&srv, "SELECT count(*) FROM partnerships");
	long long refused = th_sql(&srv, "SELECT count(*) FROM audit WHERE outcome = 'refused'"
				   " AND action = 'partnership.write'");
	long long constituent = th_sql(&srv, "SELECT m.group_id FROM memberships m JOIN users u ON u.id = m.user_id"
				       " WHERE u.email = 'sponsor@tandem.example'");
	long long sah_org = th_sql(&srv, "SELECT m.org_id FROM memberships m JOIN users u ON u.id = m.user_id"
				   " WHERE u.email = 'sah@tandem.example'");
	static const char *const fields[] = { "group_id", "sah_org_id", "group_id", "group_id", "group_id",
					      "sah_org_id" };
	char bad[6][240], body[240];
	json_t *r;

	(void)state;
#define DRAFT "{\"spo_org_id\":%lld,\"starts_on\":\"2027-01-01\",\"community_ids\":[%lld]"
	snprintf(bad[0], sizeof bad[0], DRAFT ",\"group_id\":%lld,\"sah_org_id\":%lld}", other_spo, community, group,
		 sah_org);
	snprintf(bad[1], sizeof bad[1], DRAFT "}", other_spo, community);
	snprintf(bad[2], sizeof bad[2], DRAFT ",\"group_id\":%lld}", other_spo, community, constituent);
	snprintf(bad[3], sizeof bad[3], DRAFT ",\"group_id\":999999}", other_spo, community);
	snprintf(bad[4], sizeof bad[4], DRAFT ",\"group_id\":\"%lld\"}", other_spo, community, group);
	snprintf(bad[5], sizeof bad[5], DRAFT ",\"group_id\":%lld,\"sah_org_id\":0}", other_spo, community, group);
	for (int i = 0; i < 6; i++) {
		r = call(&g5, "POST", "/api/v1/partnerships", bad[i], 422);
		assert_string_equal(json_string_value(json_object_get(json_object_get(r, "error"), "field")), fields[i]);
		json_decref(r);
	}
	/* Another group's sponsor, and a SAH: neither speaks for this group. */
	snprintf(body, sizeof body, DRAFT ",\"group_id\":%lld}", other_spo, community, group);
#undef DRAFT
	try_call(&sponsor, "POST", "/api/v1/partnerships", body, 403);
	try_call(&sah, "POST", "/api/v1/partnerships", body, 403);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM partnerships"), before);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM audit WHERE outcome = 'refused'"
				" AND action = 'partnership.write'"), refused + 2);
}

/* Whether c's list of cases holds the group's. */
static bool lists_case(struct th_client *c)
{
	json_t *list = call(c, "GET", "/api/v1/cases?limit=200", NULL, 200), *x;
	bool seen = false;
	size_t i;

	json_array_foreach(json_object_get(list, "cases"), i, x)
		seen |= json_integer_value(json_object_get(x, "id")) == fam;
	json_decref(list);
	return seen;
}

static const char *last_reason(long long id)
{
	static char reason[400];
	char sql[160];

	snprintf(sql, sizeof sql, "SELECT reason FROM case_transitions WHERE case_id = %lld ORDER BY id DESC LIMIT 1",
		 id);
	th_sql_text(&srv, sql, reason, sizeof reason);
	return reason;
}

/* The group drafts an agreement with the other SPO, whose manager approves
 * it: that SPO's staff are now the partner of the group's case, reading
 * what the family shares with a partner agency as far as the agreement
 * lets it flow. A case handed on there says it went under the agreement.
 * The group ends it: the access ends on the partner's next request. */
static void test_a_groups_agreement_moves_the_partners_access(void **state)
{
	struct th_client other, partner;
	char body[320], path[96];
	long long id;
	json_t *p;

	(void)state;
	assert_int_equal(th_login_of(&other, &srv, other_spo, "spo_manager"), 200);
	assert_int_equal(th_login_of(&partner, &srv, other_spo, "worker"), 200);
	sqlf("UPDATE consents SET revoked_at = 1 WHERE case_id = %lld AND audience = 'partner_spo'", fam);
	sqlf("INSERT INTO consents (case_id, audience, data_class, verbal, granted_at) VALUES"
	     " (%lld, 'partner_spo', 'identity', TRUE, 1), (%lld, 'partner_spo', 'status', TRUE, 1)", fam, fam);
	snprintf(path, sizeof path, "/api/v1/cases/%lld", fam);
	try_call(&partner, "GET", path, NULL, 403);

	snprintf(body, sizeof body, "{\"spo_org_id\":%lld,\"group_id\":%lld,\"starts_on\":\"2026-01-01\","
		 "\"community_ids\":[%lld],\"classes\":[\"identity\",\"status\"]}", other_spo, group, community);
	p = call(&g5, "POST", "/api/v1/partnerships", body, 201);
	id = json_integer_value(json_object_get(p, "id"));
	assert_true(json_is_true(json_object_get(p, "sah_approved")));
	assert_false(json_is_true(json_object_get(p, "spo_approved")));
	json_decref(p);
	assert_int_equal(sqlf("SELECT count(*) FROM audit WHERE action = 'partnership.create'"
			      " AND detail = 'spo %lld, group %lld'", other_spo, group), 1);
	try_call(&partner, "GET", path, NULL, 403);

	snprintf(path, sizeof path, "/api/v1/partnerships/%lld/approve", id);
	try_call(&g5, "POST", path, NULL, 409);
	p = call(&other, "POST", path, NULL, 200);
	assert_string_equal(json_string_value(json_object_get(p, "status")), "active");
	json_decref(p);

	snprintf(path, sizeof path, "/api/v1/cases/%lld", fam);
	p = call(&partner, "GET", path, NULL, 200);
	assert_non_null(json_object_get(p, "family_name"));
	assert_null(json_object_get(p, "contact_email"));
	json_decref(p);
	assert_true(lists_case(&partner));

	/* Handed on by the manager of the case's SPO, under the agreement. */
	snprintf(path, sizeof path, "/api/v1/cases/%lld/hand-on", fam);
	snprintf(body, sizeof body, "{\"spo_org_id\":%lld}", other_spo);
	json_decref(call(&manager, "POST", path, body, 200));
	snprintf(body, sizeof body, "under agreement no. %lld.", id);
	assert_non_null(strstr(last_reason(fam), body));
	snprintf(body, sizeof body, "{\"spo_org_id\":%lld}", own_spo);
	json_decref(call(&other, "POST", path, body, 200));

	snprintf(path, sizeof path, "/api/v1/partnerships/%lld/end", id);
	json_decref(call(&g5, "POST", path, NULL, 200));
	snprintf(path, sizeof path, "/api/v1/cases/%lld", fam);
	try_call(&partner, "GET", path, NULL, 403);
	assert_false(lists_case(&partner));
}

static long long cases_now(void)
{
	return th_sql(&srv, "SELECT count(*) FROM cases");
}

/* The G5's sponsor opens its next case without naming an SPO: referred at
 * once to the SPO its agreement names, the reason in its history, and that
 * SPO's managers have it. Outside the agreement's communities, or naming an
 * SPO, or for a group not theirs or under a SAH, nothing is opened. */
static void test_the_groups_sponsor_opens_its_case_routed_by_its_agreement(void **state)
{
	long long other_community = sqlf("SELECT min(id) FROM communities WHERE id <> %lld", community);
	long long constituent = th_sql(&srv, "SELECT m.group_id FROM memberships m JOIN users u ON u.id = m.user_id"
				       " WHERE u.email = 'sponsor@tandem.example'");
	long long before, id;
	char body[400], path[96], want[200], name[120];
	json_t *c;

	(void)state;
#define NEW "{\"family_name\":\"Darwish\",\"stream\":\"PSR\",\"preferred_language\":\"ar\"," \
	"\"expected_arrival\":\"2027-03-01\",\"community_id\":%lld,\"sponsor_group_id\":%lld"
	snprintf(body, sizeof body, NEW "}", community, group);
	c = call(&g5, "POST", "/api/v1/cases", body, 201);
	id = json_integer_value(json_object_get(c, "id"));
	assert_int_equal(json_integer_value(json_object_get(c, "spo_org_id")), own_spo);
	assert_string_equal(json_string_value(json_object_get(c, "status")), "referred");
	json_decref(c);
	th_sql_text(&srv, "SELECT g.name FROM sponsor_groups g JOIN memberships m ON m.group_id = g.id"
		    " JOIN users u ON u.id = m.user_id WHERE u.email = 'g5@tandem.example'", name, sizeof name);
	assert_true(name[0]);
	snprintf(want, sizeof want, "under its agreement with %s", name);
	assert_non_null(strstr(last_reason(id), want));
	snprintf(path, sizeof path, "/api/v1/cases/%lld", id);
	json_decref(call(&manager, "GET", path, NULL, 200));

	before = cases_now();
	snprintf(body, sizeof body, NEW "}", other_community, group);
	c = call(&g5, "POST", "/api/v1/cases", body, 409);
	assert_string_equal(json_string_value(json_object_get(json_object_get(c, "error"), "code")), "no_partnership");
	json_decref(c);
	snprintf(body, sizeof body, NEW ",\"spo_org_id\":%lld}", community, group, own_spo);
	try_call(&g5, "POST", "/api/v1/cases", body, 403);
	snprintf(body, sizeof body, NEW ",\"health_notes\":\"asthma\"}", community, group);
	try_call(&g5, "POST", "/api/v1/cases", body, 403);
	snprintf(body, sizeof body, NEW "}", community, group);
	try_call(&sponsor, "POST", "/api/v1/cases", body, 403);
	snprintf(body, sizeof body, NEW "}", community, constituent);
	c = call(&sponsor, "POST", "/api/v1/cases", body, 403);
	assert_string_equal(json_string_value(json_object_get(json_object_get(c, "error"), "message")),
			    "You may not give sponsor_group_id that value.");
	json_decref(c);
#undef NEW
	assert_int_equal(cases_now(), before);
	/* Once opened, the case is the SPO's to keep: its sponsor changes nothing. */
	try_call(&g5, "PATCH", path, "{\"family_name\":\"Darwich\"}", 403);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_groups_sponsors_read_its_agreement),
		cmocka_unit_test(test_only_the_groups_sponsors_speak_for_it),
		cmocka_unit_test(test_a_groups_agreement_moves_the_partners_access),
		cmocka_unit_test(test_the_groups_sponsor_opens_its_case_routed_by_its_agreement),
	};
	return cmocka_run_group_tests_name("group partnerships", tests, setup, teardown);
}
