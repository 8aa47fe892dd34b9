/* test_announcements.c - a LIP coordinator's announcements (issue 13): sent
 * to the roles of a community their LIP serves and to organizations, worked
 * out once into recipients; read receipts that count correctly, list the
 * organizations not yet read, and name only organizations' staff, never a
 * refugee; an urgent one e-mailed at once, the rest told once in the daily
 * digest; each bad request a 422 naming its field, nothing written; anyone
 * else refused, and the refusal audited. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"

static struct th_server srv;
static struct th_client lip, manager, worker, refugee, sponsor, sah;
static long long hamilton, ottawa, spo_org, sah_org;

#define sqlf(...) th_sqlf(&srv, __VA_ARGS__)

static int setup(void **state)
{
	(void)state;
	if (th_server_start(&srv) || th_login(&lip, &srv, "lip@tandem.example") != 200
	    || th_login(&manager, &srv, "manager@tandem.example") != 200
	    || th_login(&worker, &srv, "worker@tandem.example") != 200
	    || th_login(&refugee, &srv, "refugee@tandem.example") != 200
	    || th_login(&sponsor, &srv, "sponsor@tandem.example") != 200
	    || th_login(&sah, &srv, "sah@tandem.example") != 200)
		return -1;
	hamilton = th_sql(&srv, "SELECT id FROM communities WHERE name = 'Hamilton'");
	ottawa = th_sql(&srv, "SELECT id FROM communities WHERE name = 'Ottawa'");
	spo_org = th_sql(&srv, "SELECT m.org_id FROM memberships m JOIN users u ON u.id = m.user_id"
			 " WHERE u.email = 'manager@tandem.example'");
	sah_org = th_sql(&srv, "SELECT m.org_id FROM memberships m JOIN users u ON u.id = m.user_id"
			 " WHERE u.email = 'sah@tandem.example'");
	return hamilton > 0 && ottawa > 0 && spo_org > 0 && sah_org > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return th_server_stop(&srv);
}

/* The response, its raw body kept in *raw when raw is not NULL. */
static json_t *call_raw(struct th_client *c, const char *method, const char *path, const char *body, long want,
			char **raw)
{
	struct th_resp r;
	json_t *out;

	assert_int_equal(th_request(c, &srv, method, path, body, NULL, &r), want);
	out = json_incref(r.json);
	if (raw)
		*raw = strdup(r.body ? r.body : "");
	th_resp_free(&r);
	return out;
}

static json_t *call(struct th_client *c, const char *method, const char *path, const char *body, long want)
{
	return call_raw(c, method, path, body, want, NULL);
}

/* A bad request: 422 naming field, and no announcement kept. */
static void refused(const char *body, const char *field)
{
	long long before = th_sql(&srv, "SELECT count(*) FROM announcements");
	json_t *r = call(&lip, "POST", "/api/v1/announcements", body, 422);

	assert_string_equal(json_string_value(json_object_get(json_object_get(r, "error"), "field")), field);
	json_decref(r);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM announcements"), before);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM announcement_recipients WHERE announcement_id NOT IN"
			 " (SELECT id FROM announcements)"), 0);
}

static long long announce(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static long long announce(const char *fmt, ...)
{
	char body[1200];
	va_list ap;
	json_t *r;
	long long id;

	va_start(ap, fmt);
	vsnprintf(body, sizeof body, fmt, ap);
	va_end(ap);
	r = call(&lip, "POST", "/api/v1/announcements", body, 201);
	id = json_integer_value(json_object_get(r, "id"));
	json_decref(r);
	return id;
}

/* A count of the organizations' staff it went to. */
static long long count_of(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(json_object_get(json_object_get(o, "counts"), "staff"), key));
}

/* Everyone of the roles in the community, by their organizations or their
 * case, and nobody else: the count as the database tells it apart. */
static void test_an_announcement_reaches_the_roles_of_its_community(void **state)
{
	long long staff = sqlf("SELECT count(DISTINCT u.id) FROM users u JOIN memberships m ON m.user_id = u.id"
			       " JOIN organization_communities oc ON oc.org_id = m.org_id WHERE oc.community_id = %lld"
			       " AND u.role IN ('worker', 'spo_manager') AND u.disabled = FALSE", hamilton);
	long long refugees = sqlf("SELECT count(DISTINCT p.user_id) FROM persons p JOIN cases c ON c.id = p.case_id"
				  " WHERE c.community_id = %lld AND p.user_id IS NOT NULL", hamilton);
	long long id;
	char path[64];
	json_t *r;

	(void)state;
	assert_true(staff > 1 && refugees >= 1);
	id = announce("{\"community_id\":%lld,\"audience\":[\"spo_staff\",\"refugees\"],\"texts\":["
		  "{\"language\":\"en\",\"subject\":\"Housing table on Thursday\",\"body\":\"We meet at 10.\"},"
		  "{\"language\":\"ar\",\"subject\":\"\\u0637\\u0627\\u0648\\u0644\\u0629\",\"body\":\"10\"}]}", hamilton);
	assert_int_equal(sqlf("SELECT count(*) FROM announcement_recipients WHERE announcement_id = %lld", id),
			 staff + refugees);
	assert_int_equal(sqlf("SELECT count(*) FROM announcement_recipients r JOIN users u ON u.id = r.user_id"
			      " WHERE r.announcement_id = %lld AND u.role IN ('sponsor', 'sah_coordinator',"
			      " 'lip_coordinator')", id), 0);
	assert_int_equal(sqlf("SELECT count(*) FROM audit WHERE action = 'announcement.send' AND detail ="
			      " 'announcement %lld to %lld'", id, staff + refugees), 1);

	/* The manager finds it on their list, unread, and may mark it read; a
	 * sponsor in Hamilton, not of its audience, has it neither listed nor
	 * readable, and the refusal is audited. */
	r = call(&manager, "GET", "/api/v1/announcements", NULL, 200);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(r, "announcements"), 0), "id")),
			 id);
	assert_true(json_is_null(json_object_get(json_array_get(json_object_get(r, "announcements"), 0), "counts")));
	assert_int_equal(json_array_size(json_object_get(r, "actions")), 0);
	json_decref(r);
	r = call(&sponsor, "GET", "/api/v1/announcements", NULL, 200);
	for (size_t i = 0; i < json_array_size(json_object_get(r, "announcements")); i++)
		assert_int_not_equal(json_integer_value(json_object_get(json_array_get(json_object_get(r, "announcements"), i),
									"id")), id);
	json_decref(r);
	snprintf(path, sizeof path, "/api/v1/announcements/%lld", id);
	json_decref(call(&sponsor, "GET", path, NULL, 403));
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM audit WHERE action = 'announcement.read'"
			 " AND outcome = 'refused'"), 1);

	/* The LIP coordinator may send to Hamilton only: their list says so. */
	r = call(&lip, "GET", "/api/v1/announcements", NULL, 200);
	assert_int_equal(json_array_size(json_object_get(r, "communities")), 1);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(r, "communities"), 0)), hamilton);
	assert_string_equal(json_string_value(json_array_get(json_object_get(r, "actions"), 0)), "send");
	json_decref(r);
}

/* Read by the manager then the refugee: the staff's count moves by one,
 * once; the manager's organization counts as read, the others not yet; the
 * manager is named, the refugee neither named nor counted exactly: the
 * families' counts are aggregates, hidden while small. */
static void test_read_receipts_count_and_never_name_a_refugee(void **state)
{
	long long id = announce("{\"community_id\":%lld,\"audience\":[\"spo_staff\",\"refugees\"],\"texts\":["
			    "{\"language\":\"en\",\"subject\":\"Winter clothing drive\",\"body\":\"Bring coats.\"}]}",
			    hamilton);
	char path[80], name[128], *raw = NULL;
	json_t *r, *orgs;
	long long total;
	size_t i;
	bool seen = false;

	(void)state;
	th_sql_text(&srv, "SELECT u.name FROM users u WHERE u.email = 'refugee@tandem.example'", name, sizeof name);
	assert_true(name[0]);
	snprintf(path, sizeof path, "/api/v1/announcements/%lld", id);
	r = call(&lip, "GET", path, NULL, 200);
	total = count_of(r, "recipients");
	assert_int_equal(count_of(r, "read"), 0);
	json_decref(r);

	snprintf(path, sizeof path, "/api/v1/announcements/%lld/read", id);
	r = call(&manager, "POST", path, NULL, 200);
	assert_false(json_is_null(json_object_get(r, "read_at")));
	assert_int_equal(json_array_size(json_object_get(r, "actions")), 0);
	json_decref(r);
	json_decref(call(&manager, "POST", path, NULL, 200));   /* again: the first reading counts */
	json_decref(call(&refugee, "POST", path, NULL, 200));
	json_decref(call(&sponsor, "POST", path, NULL, 403));

	snprintf(path, sizeof path, "/api/v1/announcements/%lld", id);
	r = call_raw(&lip, "GET", path, NULL, 200, &raw);
	assert_int_equal(count_of(r, "recipients"), total);
	assert_int_equal(count_of(r, "read"), 1);
	assert_null(strstr(raw, name));
	assert_true(json_is_null(json_object_get(json_object_get(json_object_get(r, "receipts"), "others"), "read")));
	assert_true(json_is_null(json_object_get(json_object_get(json_object_get(r, "counts"), "others"), "read")));
	assert_true(json_is_null(json_object_get(json_object_get(json_object_get(r, "counts"), "others"),
						 "recipients")));
	assert_int_equal(sqlf("SELECT count(*) FROM announcement_recipients WHERE announcement_id = %lld"
			      " AND org_id IS NULL AND read_at IS NOT NULL", id), 1);
	orgs = json_object_get(json_object_get(r, "receipts"), "organizations");
	assert_true(json_array_size(orgs) >= 2);
	for (i = 0; i < json_array_size(orgs); i++) {
		json_t *o = json_array_get(orgs, i);
		bool mine = json_integer_value(json_object_get(o, "id")) == spo_org;
		assert_int_equal(json_integer_value(json_object_get(o, "read")), mine ? 1 : 0);
		seen |= mine;
	}
	assert_true(seen);
	th_sql_text(&srv, "SELECT name FROM users WHERE email = 'manager@tandem.example'", name, sizeof name);
	assert_non_null(strstr(raw, name));
	free(raw);
	json_decref(r);
	/* A recipient sees no receipts. */
	r = call_raw(&manager, "GET", path, NULL, 200, &raw);
	assert_null(json_object_get(r, "receipts"));
	assert_true(json_is_null(json_object_get(r, "counts")));
	free(raw);
	json_decref(r);
}

/* To organizations by name: their staff, wherever they serve; the text in
 * the reader's language when it has one. */
static void test_an_announcement_to_organizations_reaches_their_staff(void **state)
{
	long long staff = sqlf("SELECT count(*) FROM memberships m JOIN users u ON u.id = m.user_id"
			       " WHERE m.org_id = %lld AND u.disabled = FALSE", sah_org);
	long long id = announce("{\"community_id\":%lld,\"organization_ids\":[%lld],\"texts\":["
			    "{\"language\":\"en\",\"subject\":\"Agreement renewals\",\"body\":\"Due in March.\"},"
			    "{\"language\":\"fr\",\"subject\":\"Renouvellements\",\"body\":\"En mars.\"}]}",
			    hamilton, sah_org);
	char path[64];
	json_t *r;

	(void)state;
	assert_int_equal(sqlf("SELECT count(*) FROM announcement_recipients WHERE announcement_id = %lld", id), staff);
	json_decref(call(&sah, "PATCH", "/api/v1/me", "{\"language\":\"fr\"}", 200));
	snprintf(path, sizeof path, "/api/v1/announcements/%lld", id);
	r = call(&sah, "GET", path, NULL, 200);
	assert_string_equal(json_string_value(json_object_get(r, "subject")), "Renouvellements");
	assert_int_equal(json_array_size(json_object_get(r, "texts")), 2);
	json_decref(r);
	json_decref(call(&sah, "PATCH", "/api/v1/me", "{\"language\":\"en\"}", 200));
}

/* Urgent: one e-mail each at once, and no digest line; not urgent: one
 * line in the next digest of those who have not read it, once. */
static void test_urgent_goes_at_once_and_the_rest_in_the_digest(void **state)
{
	long long urgent, quiet, worker_id = th_sql(&srv, "SELECT id FROM users WHERE email = 'worker@tandem.example'");
	char path[80];
	struct th_run run;

	(void)state;
	urgent = announce("{\"community_id\":%lld,\"audience\":[\"spo_staff\"],\"urgent\":true,\"texts\":["
		      "{\"language\":\"en\",\"subject\":\"Shelter full tonight\",\"body\":\"Call 211.\"}]}", hamilton);
	assert_int_equal(sqlf("SELECT count(*) FROM outbox WHERE kind = 'announcement' AND mail_id = %lld"
			      " AND subject = 'Urgent: Shelter full tonight' AND body LIKE 'Shelter full tonight%%Call 211.%%'",
			      urgent),
			 sqlf("SELECT count(*) FROM announcement_recipients WHERE announcement_id = %lld", urgent));
	quiet = announce("{\"community_id\":%lld,\"audience\":[\"spo_staff\"],\"texts\":["
		     "{\"language\":\"en\",\"subject\":\"Minutes of the settlement table\",\"body\":\"Attached.\"}]}",
		     hamilton);
	snprintf(path, sizeof path, "/api/v1/announcements/%lld/read", quiet);
	json_decref(call(&manager, "POST", path, NULL, 200));
	sqlf("DELETE FROM outbox WHERE kind = 'digest'");
	assert_int_equal(th_tandem(&run, NULL, "notify", "--db", srv.db, NULL), 0);
	assert_int_equal(sqlf("SELECT count(*) FROM outbox WHERE kind = 'digest' AND user_id = %lld"
			      " AND body LIKE '%%- Minutes of the settlement table%%'", worker_id), 1);
	assert_int_equal(sqlf("SELECT count(*) FROM outbox WHERE kind = 'digest' AND body LIKE '%%Shelter full%%'"), 0);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM outbox o JOIN users u ON u.id = o.user_id WHERE o.kind = 'digest'"
			 " AND u.email = 'manager@tandem.example' AND o.body LIKE '%Minutes of the settlement%'"), 0);
	assert_int_equal(sqlf("SELECT count(*) FROM announcement_recipients WHERE announcement_id = %lld AND user_id = %lld"
			      " AND told_at IS NOT NULL", quiet, worker_id), 1);
	/* Tomorrow's digest does not tell it again. */
	sqlf("DELETE FROM outbox WHERE kind = 'digest'");
	assert_int_equal(th_tandem(&run, NULL, "notify", "--db", srv.db, NULL), 0);
	assert_int_equal(sqlf("SELECT count(*) FROM outbox WHERE kind = 'digest' AND body LIKE '%%Minutes of the%%'"), 0);
}

static void test_bad_announcements_are_refused_and_change_nothing(void **state)
{
	char body[600];

	(void)state;
#define TEXT "\"texts\":[{\"language\":\"en\",\"subject\":\"S\",\"body\":\"B\"}]"
	snprintf(body, sizeof body, "{\"community_id\":%lld," TEXT "}", hamilton);
	refused(body, "audience");
	snprintf(body, sizeof body, "{\"community_id\":%lld,\"audience\":[],\"organization_ids\":[]," TEXT "}", hamilton);
	refused(body, "audience");
	snprintf(body, sizeof body, "{\"community_id\":%lld,\"audience\":[\"bankers\"]," TEXT "}", hamilton);
	refused(body, "audience");
	snprintf(body, sizeof body, "{\"community_id\":%lld,\"organization_ids\":[999999]," TEXT "}", hamilton);
	refused(body, "organization_ids");
	snprintf(body, sizeof body, "{\"community_id\":%lld,\"organization_ids\":[%lld,%lld]," TEXT "}", hamilton,
		 spo_org, spo_org);
	refused(body, "organization_ids");
	/* an organization of another community only: not Hamilton's LIP's to address */
	snprintf(body, sizeof body, "{\"community_id\":%lld,\"organization_ids\":[%lld]," TEXT "}", hamilton,
		 sqlf("SELECT min(o.id) FROM organizations o WHERE o.kind = 'spo' AND NOT EXISTS (SELECT 1 FROM"
		      " organization_communities oc WHERE oc.org_id = o.id AND oc.community_id = %lld)", hamilton));
	refused(body, "organization_ids");
	snprintf(body, sizeof body, "{\"community_id\":%lld,\"audience\":[\"everyone\"]}", hamilton);
	refused(body, "texts");
	snprintf(body, sizeof body, "{\"community_id\":%lld,\"audience\":[\"everyone\"],\"texts\":[]}", hamilton);
	refused(body, "texts");
	snprintf(body, sizeof body, "{\"community_id\":%lld,\"audience\":[\"everyone\"],\"texts\":[{\"language\":\"xx\","
		 "\"subject\":\"S\",\"body\":\"B\"}]}", hamilton);
	refused(body, "texts");
	snprintf(body, sizeof body, "{\"community_id\":%lld,\"audience\":[\"everyone\"],\"texts\":[{\"language\":\"en\","
		 "\"subject\":\"S\",\"body\":\"B\"},{\"language\":\"en\",\"subject\":\"T\",\"body\":\"C\"}]}", hamilton);
	refused(body, "texts");
	snprintf(body, sizeof body, "{\"community_id\":%lld,\"audience\":[\"everyone\"],\"texts\":[{\"language\":\"en\","
		 "\"subject\":\" \",\"body\":\"B\"}]}", hamilton);
	refused(body, "subject");
	snprintf(body, sizeof body, "{\"community_id\":%lld,\"audience\":[\"everyone\"],\"texts\":[{\"language\":\"en\","
		 "\"subject\":\"S\"}]}", hamilton);
	refused(body, "body");
	snprintf(body, sizeof body, "{\"community_id\":%lld,\"audience\":[\"everyone\"],\"urgent\":\"yes\"," TEXT "}",
		 hamilton);
	refused(body, "urgent");
	snprintf(body, sizeof body, "{\"community_id\":%lld,\"audience\":[\"everyone\"],\"cc\":1," TEXT "}", hamilton);
	refused(body, "cc");
	refused("{\"audience\":[\"everyone\"]," TEXT "}", "community_id");
	refused("{\"community_id\":999999,\"audience\":[\"everyone\"]," TEXT "}", "community_id");
	/* An audience nobody in tandem belongs to there: no refugee of
	 * Ottawa's cases has an account (Ottawa's own coordinator sends). */
	{
		struct th_client other;
		long long before = th_sql(&srv, "SELECT count(*) FROM announcements");
		json_t *r;
		assert_int_equal(th_login_of(&other, &srv, sqlf("SELECT lip_org_id FROM communities WHERE id = %lld", ottawa),
					     "lip_coordinator"), 200);
		assert_int_equal(sqlf("SELECT count(*) FROM persons p JOIN cases c ON c.id = p.case_id"
				      " WHERE c.community_id = %lld AND p.user_id IS NOT NULL", ottawa), 0);
		snprintf(body, sizeof body, "{\"community_id\":%lld,\"audience\":[\"refugees\"]," TEXT "}", ottawa);
		r = call(&other, "POST", "/api/v1/announcements", body, 422);
		assert_string_equal(json_string_value(json_object_get(json_object_get(r, "error"), "field")), "audience");
		json_decref(r);
		assert_int_equal(th_sql(&srv, "SELECT count(*) FROM announcements"), before);
	}
	/* Another LIP's community: refused and audited; not a LIP: refused. */
	snprintf(body, sizeof body, "{\"community_id\":%lld,\"audience\":[\"everyone\"]," TEXT "}", ottawa);
	json_decref(call(&lip, "POST", "/api/v1/announcements", body, 403));
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM audit WHERE action = 'announcement.send'"
			 " AND outcome = 'refused'"), 1);
	snprintf(body, sizeof body, "{\"community_id\":%lld,\"audience\":[\"everyone\"]," TEXT "}", hamilton);
	json_decref(call(&manager, "POST", "/api/v1/announcements", body, 403));
	json_decref(call(&manager, "GET", "/api/v1/announcements?x=1", NULL, 422));
	json_decref(call(&manager, "GET", "/api/v1/announcements/999999", NULL, 404));
	json_decref(call(&manager, "POST", "/api/v1/announcements/abc/read", NULL, 404));
#undef TEXT
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_an_announcement_reaches_the_roles_of_its_community),
		cmocka_unit_test(test_read_receipts_count_and_never_name_a_refugee),
		cmocka_unit_test(test_an_announcement_to_organizations_reaches_their_staff),
		cmocka_unit_test(test_urgent_goes_at_once_and_the_rest_in_the_digest),
		cmocka_unit_test(test_bad_announcements_are_refused_and_change_nothing),
	};
	return cmocka_run_group_tests_name("announcements", tests, setup, teardown);
}
