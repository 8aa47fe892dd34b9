/* test_partnerships.c - an SPO-SAH agreement as its own record (issue 12):
 * a database of the release before upgrades, and the agreements made
 * before migration 011 stay in force, covering the communities both
 * parties serve and every class a partner SPO may have;
 * only an agreement in force gives a partner SPO its access, so that ending
 * one ends that access on the partner's next request; a manager of the SPO
 * and a coordinator of the SAH draft, approve and end their agreement over
 * the API, and nobody else; bad input changes nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <pthread.h>

#include "harness.h"

static struct th_server srv;
static struct th_client partner, refugee, manager, sah, worker;
static long long fam, agreement, spo_org, sah_org, shared_community;

static int setup(void **state)
{
	(void)state;
	if (th_server_start(&srv) || th_login_partner(&partner, &srv) != 200
	    || th_login(&refugee, &srv, "refugee@tandem.example") != 200)
		return -1;
	fam = th_sql(&srv, "SELECT p.case_id FROM persons p JOIN users u ON u.id = p.user_id"
		     " WHERE u.email = 'refugee@tandem.example'");
	/* The agreement between the partner's SPO and the SAH of the family's group. */
	agreement = th_sql(&srv, "SELECT p.id FROM partnerships p JOIN memberships m ON m.org_id = p.spo_org_id"
			   " JOIN users u ON u.id = m.user_id AND u.email = 'partner@tandem.example'"
			   " JOIN sponsor_groups g ON g.sah_org_id = p.sah_org_id"
			   " JOIN cases c ON c.sponsor_group_id = g.id JOIN persons x ON x.case_id = c.id"
			   " JOIN users r ON r.id = x.user_id AND r.email = 'refugee@tandem.example'");
	if (th_login(&manager, &srv, "manager@tandem.example") != 200 || th_login(&sah, &srv, "sah@tandem.example") != 200
	    || th_login(&worker, &srv, "worker@tandem.example") != 200)
		return -1;
	spo_org = th_sql(&srv, "SELECT m.org_id FROM memberships m JOIN users u ON u.id = m.user_id"
			 " WHERE u.email = 'manager@tandem.example'");
	sah_org = th_sql(&srv, "SELECT m.org_id FROM memberships m JOIN users u ON u.id = m.user_id"
			 " WHERE u.email = 'sah@tandem.example'");
	return fam > 0 && agreement > 0 && spo_org > 0 && sah_org > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return th_server_stop(&srv);
}

static long case_read(void)
{
	char path[64];
	struct th_resp r;
	long status;

	snprintf(path, sizeof path, "/api/v1/cases/%lld", fam);
	status = th_request(&partner, &srv, "GET", path, NULL, NULL, &r);
	th_resp_free(&r);
	return status;
}

/* Drops the directory's search index, whatever its triggers, views and
 * functions are called: each store's own (sql/012_resources.sql). */
static void undo_search(const char *db)
{
	char name[200], sql[300];

	for (;;) {
		th_sql_text_file(db, th_pg()
				 ? "SELECT coalesce(min(p.oid::regprocedure::text), '') FROM pg_proc p"
				   " WHERE p.proname LIKE 'service_search%' OR p.proname = 'tandem_unaccent'"
				 : "SELECT coalesce(min(type || ' ' || name), '') FROM sqlite_master"
				   " WHERE type IN ('trigger', 'view') AND name LIKE 'service_search%'", name, sizeof name);
		if (!name[0])
			break;
		if (th_pg())
			snprintf(sql, sizeof sql, "DROP FUNCTION %s CASCADE", name);
		else
			snprintf(sql, sizeof sql, "DROP %s", name);
		assert_int_equal(th_sql_file(db, sql), 0);
	}
	assert_int_equal(th_sql_file(db, "DROP TABLE service_search"), 0);
	if (!th_pg())
		assert_int_equal(th_sql_file(db, "DROP TABLE service_search_keys"), 0);
}

/* 026 undone: the access epoch, its triggers first. */
static const char UNDO_026_SQLITE[] =
	"DROP TRIGGER users_epoch_insert;DROP TRIGGER users_epoch_update;"
	"DROP TRIGGER users_epoch_delete;DROP TRIGGER memberships_epoch_insert;"
	"DROP TRIGGER memberships_epoch_update;DROP TRIGGER memberships_epoch_delete;"
	"DROP TRIGGER tokens_epoch_update;DROP TRIGGER tokens_epoch_delete;"
	"DROP TRIGGER partnerships_epoch_insert;DROP TRIGGER partnerships_epoch_update;"
	"DROP TRIGGER partnerships_epoch_delete;DROP TRIGGER consents_epoch_insert;"
	"DROP TRIGGER consents_epoch_update;DROP TRIGGER consents_epoch_delete;"
	"DROP TRIGGER persons_epoch_insert;DROP TRIGGER persons_epoch_update;"
	"DROP TRIGGER persons_epoch_delete;"
	"DROP TABLE access_epoch; DELETE FROM schema_version WHERE version = 26;";
static const char UNDO_026_PG[] =
	"DROP TRIGGER users_epoch ON users;DROP TRIGGER memberships_epoch ON memberships;"
	"DROP TRIGGER tokens_epoch ON tokens;DROP TRIGGER partnerships_epoch ON partnerships;"
	"DROP TRIGGER consents_epoch ON consents;DROP TRIGGER persons_epoch ON persons;"
	"DROP FUNCTION access_epoch_bump(); DROP TABLE access_epoch; DELETE FROM schema_version WHERE version = 26;";

/* 025 to 018 undone: the ratings and training, the arrival notices, the
 * working groups, the announcements, the hosts' messages, the events'
 * notices (with their table), surveys and the events, alike on both
 * stores; on PostgreSQL the outbox's key too (022 and 021 change it in
 * place, and dropping their columns drops their keys; on SQLite they make
 * the table again whatever its key was). */
static const char UNDO_021_PG[] =
	"ALTER TABLE outbox DROP COLUMN kind; ALTER TABLE outbox DROP COLUMN mail_id;"
	"ALTER TABLE outbox ADD CONSTRAINT outbox_user_id_day_key UNIQUE (user_id, day);";
static const char UNDO_018[] =
	"DROP TABLE worker_trainings; DROP TABLE sponsor_ratings; DELETE FROM schema_version WHERE version = 25;"
	"DROP TABLE arrival_notice_changes; DROP TABLE arrival_notices; DELETE FROM schema_version WHERE version = 24;"
	"DROP TABLE working_group_actions; DROP TABLE working_group_meetings; DROP TABLE working_group_people;"
	"DROP TABLE working_group_orgs; DROP TABLE working_groups; DELETE FROM schema_version WHERE version = 23;"
	"DROP TABLE announcement_recipients; DROP TABLE announcement_texts; DROP TABLE announcement_orgs;"
	"DROP TABLE announcements; DELETE FROM schema_version WHERE version = 22;"
	"DROP TABLE event_mail; DELETE FROM schema_version WHERE version = 21;"
	"DELETE FROM schema_version WHERE version = 20;"
	"DROP TABLE event_survey_done; DROP TABLE event_survey_answers; DELETE FROM schema_version WHERE version = 19;"
	"DROP TABLE event_registrations; DROP TABLE event_hosts; DROP TABLE events;"
	"DELETE FROM schema_version WHERE version = 18;";

/* 017 undone: the groups' agreements go, and sah_org_id is required again
 * (on SQLite by making the table again, as 017 does). */
#define UNDO_017_GROUPS(of) \
	"DELETE FROM " of " WHERE partnership_id IN (SELECT id FROM partnerships WHERE group_id IS NOT NULL);"
#define UNDO_017_AGREEMENTS \
	UNDO_017_GROUPS("partnership_classes") UNDO_017_GROUPS("partnership_communities") \
	UNDO_017_GROUPS("partnership_clauses") UNDO_017_GROUPS("partnership_activities") \
	"DELETE FROM partnerships WHERE group_id IS NOT NULL;"
static const char UNDO_017_SQLITE[] =
	"PRAGMA defer_foreign_keys = ON;"
	UNDO_017_AGREEMENTS
	"CREATE TEMP TABLE p16 AS SELECT id, spo_org_id, sah_org_id, starts_on, ends_on, status, spo_approved_at,"
	" sah_approved_at, ended_at, referral_rule FROM partnerships;"
	"DROP TABLE partnerships;"
	"CREATE TABLE partnerships (id INTEGER PRIMARY KEY, spo_org_id INTEGER NOT NULL REFERENCES organizations(id),"
	" sah_org_id INTEGER NOT NULL REFERENCES organizations(id), starts_on TEXT NOT NULL, ends_on TEXT,"
	" status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('draft', 'active', 'ended')), spo_approved_at INTEGER,"
	" sah_approved_at INTEGER, ended_at INTEGER,"
	" referral_rule TEXT NOT NULL DEFAULT 'automatic' CHECK (referral_rule IN ('automatic', 'manual')));"
	"CREATE INDEX partnerships_spo ON partnerships(spo_org_id);"
	"INSERT INTO partnerships SELECT * FROM p16;"
	"DROP TABLE p16;"
	"DELETE FROM schema_version WHERE version = 17;";
static const char UNDO_017_PG[] =
	UNDO_017_AGREEMENTS
	"ALTER TABLE partnerships DROP COLUMN group_id;"
	"ALTER TABLE partnerships ALTER COLUMN sah_org_id SET NOT NULL;"
	"DELETE FROM schema_version WHERE version = 17;";
#undef UNDO_017_AGREEMENTS
#undef UNDO_017_GROUPS

/* A database of the release before (schema 10, no 011 or later) upgrades: its
 * agreements come out in force, covering the communities both parties
 * serve, each letting the four classes flow. */
static void test_a_database_of_the_release_before_upgrades(void **state)
{
	/* Later migrations' objects go first (018 and 017 above: the events,
	 * the groups' agreements; 016: the search index's days
	 * and order, gone with it in undo_search; 015: a service shared in a
	 * thread; 014: the agreements' terms; 013: the referral rule; 012: the
	 * directory, after its search index, undo_search). */
	static const char *const undo[] = {
		"DELETE FROM schema_version WHERE version = 16",
		"ALTER TABLE messages DROP COLUMN resource_id", "DELETE FROM schema_version WHERE version = 15",
		"DROP TABLE partnership_activities", "DROP TABLE partnership_clauses",
		"DELETE FROM schema_version WHERE version = 14",
		"ALTER TABLE partnerships DROP COLUMN referral_rule", "DELETE FROM schema_version WHERE version = 13",
		"ALTER TABLE referrals DROP COLUMN resource_id", "DROP TABLE service_categories",
		"DROP TABLE service_languages", "DROP TABLE schedules", "DROP TABLE phones", "DROP TABLE addresses",
		"DROP TABLE service_at_location", "DROP TABLE locations", "DROP TABLE services",
		"DROP TABLE resource_organizations", "DELETE FROM schema_version WHERE version = 12",
		"DROP TABLE partnership_classes", "DROP TABLE partnership_communities",
		"ALTER TABLE partnerships DROP COLUMN status", "ALTER TABLE partnerships DROP COLUMN spo_approved_at",
		"ALTER TABLE partnerships DROP COLUMN sah_approved_at", "ALTER TABLE partnerships DROP COLUMN ended_at",
		"DELETE FROM schema_version WHERE version = 11",
	};
	char db[512];
	struct th_run r;
	long long agreements;

	(void)state;
	assert_int_equal(th_copy_db(&srv, "before011", db, sizeof db), 0);
	assert_int_equal(th_sql_script_file(db, th_pg() ? UNDO_026_PG : UNDO_026_SQLITE), 0);
	assert_int_equal(th_sql_script_file(db, th_pg() ? UNDO_021_PG : "SELECT 1"), 0);
	assert_int_equal(th_sql_script_file(db, UNDO_018), 0);
	assert_int_equal(th_sql_script_file(db, th_pg() ? UNDO_017_PG : UNDO_017_SQLITE), 0);
	undo_search(db);
	for (size_t k = 0; k < sizeof undo / sizeof *undo; k++)
		assert_int_equal(th_sql_file(db, undo[k]), 0);
	assert_int_equal(th_sql_file(db, "SELECT count(*) FROM schema_version WHERE version > 10"), 0);
	assert_int_equal(th_tandem(&r, NULL, "migrate", "--db", db, NULL), 0);
	agreements = th_sql_file(db, "SELECT count(*) FROM partnerships");
	assert_true(agreements > 0);
	assert_int_equal(th_sql_file(db, "SELECT count(*) FROM partnerships WHERE status = 'active'"), agreements);
	assert_int_equal(th_sql_file(db, "SELECT count(*) FROM partnership_classes"), 4 * agreements);
	assert_int_equal(th_sql_file(db, "SELECT count(*) FROM partnership_communities"),
			 th_sql_file(db, "SELECT count(*) FROM partnerships p JOIN organization_communities a"
				     " ON a.org_id = p.spo_org_id JOIN organization_communities b"
				     " ON b.org_id = p.sah_org_id AND b.community_id = a.community_id"));
}

/* A database of the release before 017 (schema 16, its agreements with
 * their terms) upgrades: the table made again keeps every agreement, and
 * every row that refers to one (communities, classes, clauses, activities)
 * keeps referring to it. */
static void test_a_database_of_schema_16_keeps_its_agreements_and_terms(void **state)
{
	static const char *const kept[] = {
		"SELECT count(*) FROM partnerships",
		"SELECT sum(spo_org_id + sah_org_id + length(starts_on) + length(status)) FROM partnerships",
		"SELECT count(*) FROM partnership_communities pc JOIN partnerships p ON p.id = pc.partnership_id",
		"SELECT count(*) FROM partnership_classes pc JOIN partnerships p ON p.id = pc.partnership_id",
		"SELECT count(*) FROM partnership_clauses pc JOIN partnerships p ON p.id = pc.partnership_id",
		"SELECT sum(length(coalesce(pc.text, pc.template_key))) FROM partnership_clauses pc"
		" JOIN partnerships p ON p.id = pc.partnership_id",
		"SELECT count(*) FROM partnership_activities pa JOIN partnerships p ON p.id = pa.partnership_id",
	};
	long long before[sizeof kept / sizeof *kept];
	char db[512];
	struct th_run r;

	(void)state;
	assert_int_equal(th_copy_db(&srv, "before017", db, sizeof db), 0);
	assert_int_equal(th_sql_script_file(db, th_pg() ? UNDO_026_PG : UNDO_026_SQLITE), 0);
	assert_int_equal(th_sql_script_file(db, th_pg() ? UNDO_021_PG : "SELECT 1"), 0);
	assert_int_equal(th_sql_script_file(db, UNDO_018), 0);
	assert_int_equal(th_sql_script_file(db, th_pg() ? UNDO_017_PG : UNDO_017_SQLITE), 0);
	assert_int_equal(th_sql_file(db, "SELECT max(version) FROM schema_version"), 16);
	for (size_t i = 0; i < sizeof kept / sizeof *kept; i++) {
		before[i] = th_sql_file(db, kept[i]);
		assert_true(before[i] > 0);
	}
	assert_int_equal(th_tandem(&r, NULL, "migrate", "--db", db, NULL), 0);
	assert_int_equal(th_sql_file(db, "SELECT max(version) FROM schema_version"), 26);
	for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
		assert_int_equal(th_sql_file(db, kept[i]), before[i]);
	if (!th_pg())
		assert_int_equal(th_sql_file(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
}

static void test_the_agreements_made_before_are_in_force_with_what_they_covered(void **state)
{
	char sql[200];

	(void)state;
	/* The demo's are in force but one, still a draft (Haliburton's gap). */
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM partnerships WHERE status <> 'active'"), 1);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM partnerships WHERE status = 'draft'"
				" AND spo_approved_at IS NOT NULL AND sah_approved_at IS NULL"), 1);
	/* Every community both parties serve is covered, and no other (a
	 * group's agreement, test_group_partnerships.c, covers what the SPO
	 * serves). */
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM partnership_communities pc"
				" JOIN partnerships p ON p.id = pc.partnership_id WHERE p.sah_org_id IS NOT NULL"),
			 th_sql(&srv, "SELECT count(*) FROM partnerships p JOIN organization_communities a"
				" ON a.org_id = p.spo_org_id JOIN organization_communities b ON b.org_id = p.sah_org_id"
				" AND b.community_id = a.community_id"));
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM partnership_communities pc"
				" JOIN partnerships p ON p.id = pc.partnership_id WHERE NOT EXISTS"
				" (SELECT 1 FROM organization_communities a WHERE a.org_id = p.spo_org_id"
				"  AND a.community_id = pc.community_id) OR (p.sah_org_id IS NOT NULL AND NOT EXISTS"
				" (SELECT 1 FROM organization_communities b WHERE b.org_id = p.sah_org_id"
				"  AND b.community_id = pc.community_id))"), 0);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM partnership_classes WHERE partnership_id = %lld", agreement);
	assert_int_equal(th_sql(&srv, sql), 4);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM partnership_classes"
				" WHERE class NOT IN ('identity', 'contact', 'status', 'needs')"), 0);
}

/* With the family's consent, an active agreement gives access, an ended
 * one takes it away at once and a draft gives none: the policy reads the
 * agreement on every request. */
static void test_only_an_agreement_in_force_gives_the_partner_access(void **state)
{
	char sql[160], path[64];
	struct th_resp r;

	(void)state;
	/* Nothing shared, nothing read; then the family shares its contact. */
	assert_int_equal(case_read(), 403);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/consents", fam);
	assert_int_equal(th_request(&refugee, &srv, "POST", path, "{\"audience\":\"partner_spo\","
				    "\"data_class\":\"contact\"}", NULL, &r), 201);
	th_resp_free(&r);
	assert_int_equal(case_read(), 200);
	snprintf(sql, sizeof sql, "UPDATE partnerships SET status = 'ended', ended_at = 1 WHERE id = %lld", agreement);
	th_sql(&srv, sql);
	assert_int_equal(case_read(), 403);
	snprintf(sql, sizeof sql, "UPDATE partnerships SET status = 'draft', ended_at = NULL WHERE id = %lld", agreement);
	th_sql(&srv, sql);
	assert_int_equal(case_read(), 403);
	snprintf(sql, sizeof sql, "UPDATE partnerships SET status = 'active' WHERE id = %lld", agreement);
	th_sql(&srv, sql);
	assert_int_equal(case_read(), 200);
}

/* The store refuses a status outside the three. */
static void test_a_status_outside_the_three_is_refused(void **state)
{
	char sql[128];

	(void)state;
	snprintf(sql, sizeof sql, "UPDATE partnerships SET status = 'paused' WHERE id = %lld", agreement);
	th_sql(&srv, sql);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM partnerships WHERE id = %lld AND status = 'active'", agreement);
	assert_int_equal(th_sql(&srv, sql), 1);
}

static long long count(const char *sql)
{
	return th_sql(&srv, sql);
}

static json_t *post(struct th_client *c, const char *path, const char *body, long want)
{
	struct th_resp r;
	json_t *out;

	assert_int_equal(th_request(c, &srv, "POST", path, body, NULL, &r), want);
	out = json_incref(r.json);
	th_resp_free(&r);
	return out;
}

static void try_post(struct th_client *c, const char *path, const char *body, long want)
{
	json_decref(post(c, path, body, want));
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

static json_t *patch(struct th_client *c, const char *path, const char *body, long want)
{
	struct th_resp r;
	json_t *out;

	assert_int_equal(th_request(c, &srv, "PATCH", path, body, NULL, &r), want);
	out = json_incref(r.json);
	th_resp_free(&r);
	return out;
}

static long long agreement_fact(const char *column, long long id)
{
	char sql[160];

	snprintf(sql, sizeof sql, "SELECT %s FROM partnerships WHERE id = %lld", column, id);
	return count(sql);
}

/* The agreement lets flow only what it names: taking a class out (an
 * amendment, at once) ends the partner's access to it on the next request. Widening an agreement in force
 * is refused; a successor draft widens it, and its approval ends the one
 * it replaces. */
static void test_the_agreement_limits_what_flows_to_the_partner(void **state)
{
	char path[96], sql[160], body[240];
	long long spo = agreement_fact("spo_org_id", agreement), successor;
	struct th_client spo_side, sah_side;
	struct th_resp r;
	json_t *p;

	(void)state;
	assert_int_equal(th_login_of(&spo_side, &srv, spo, "spo_manager"), 200);
	assert_int_equal(th_login_of(&sah_side, &srv, agreement_fact("sah_org_id", agreement), "sah_coordinator"), 200);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/consents", fam);
	/* Shared already (409) if an earlier test did. */
	assert_true(th_request(&refugee, &srv, "POST", path, "{\"audience\":\"partner_spo\",\"data_class\":\"contact\"}",
			       NULL, &r) / 100 == 2 || r.status == 409);
	th_resp_free(&r);
	assert_int_equal(case_read(), 200);

	snprintf(path, sizeof path, "/api/v1/partnerships/%lld", agreement);
	json_decref(patch(&sah_side, path, "{\"classes\":[\"identity\",\"status\",\"needs\"]}", 200));
	assert_int_equal(case_read(), 403);
	json_decref(patch(&sah_side, path, "{\"classes\":[\"identity\",\"contact\",\"status\"]}", 409));
	json_decref(patch(&sah_side, path, "{\"community_ids\":[]}", 422));
	json_decref(patch(&sah_side, path, "{\"colour\":[]}", 422));
	json_decref(patch(&worker, path, "{\"classes\":[]}", 403));
	assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'partnership.amend'"
			       " AND outcome = 'allowed'"), 1);

	/* The SAH drafts the successor with contact; the partner's SPO approves. */
	snprintf(sql, sizeof sql, "SELECT community_id FROM cases WHERE id = %lld", fam);
	snprintf(body, sizeof body, "{\"spo_org_id\":%lld,\"sah_org_id\":%lld,\"starts_on\":\"2026-01-01\","
		 "\"community_ids\":[%lld],\"classes\":[\"identity\",\"contact\",\"status\"]}",
		 spo, agreement_fact("sah_org_id", agreement), count(sql));
	p = post(&sah_side, "/api/v1/partnerships", body, 201);
	successor = json_integer_value(json_object_get(p, "id"));
	json_decref(p);
	try_post(&sah_side, "/api/v1/partnerships", body, 409);
	assert_int_equal(case_read(), 403);
	snprintf(path, sizeof path, "/api/v1/partnerships/%lld/approve", successor);
	json_decref(post(&spo_side, path, NULL, 200));
	snprintf(sql, sizeof sql, "SELECT count(*) FROM partnerships WHERE id = %lld AND status = 'ended'", agreement);
	assert_int_equal(count(sql), 1);
	assert_int_equal(case_read(), 200);
}

/* The demo manager's SPO and the demo SAH: a community both serve, and no
 * agreement between them yet (their earlier one, if any, ended). */
static void a_fresh_pair(void)
{
	char sql[400];

	snprintf(sql, sizeof sql, "UPDATE partnerships SET status = 'ended', ended_at = 1"
		 " WHERE spo_org_id = %lld AND sah_org_id = %lld", spo_org, sah_org);
	th_sql(&srv, sql);
	snprintf(sql, sizeof sql, "SELECT coalesce(min(a.community_id), 0) FROM organization_communities a"
		 " JOIN organization_communities b ON b.community_id = a.community_id"
		 " WHERE a.org_id = %lld AND b.org_id = %lld", spo_org, sah_org);
	shared_community = count(sql);
	if (!shared_community) {
		snprintf(sql, sizeof sql, "INSERT INTO organization_communities (org_id, community_id)"
			 " SELECT %lld, min(community_id) FROM organization_communities WHERE org_id = %lld",
			 spo_org, sah_org);
		th_sql(&srv, sql);
		snprintf(sql, sizeof sql, "SELECT min(community_id) FROM organization_communities WHERE org_id = %lld",
			 sah_org);
		shared_community = count(sql);
	}
}

/* Drafted by the SPO's manager (its side approved), approved by the SAH's
 * coordinator: in force. Then the SAH ends it. Each step is audited. */
static void test_an_agreement_is_drafted_approved_by_both_sides_and_ended(void **state)
{
	char body[320], path[96], sql[160];
#define STEPS "SELECT count(*) FROM audit WHERE action IN ('partnership.create', 'partnership.approve'," \
	" 'partnership.end') AND outcome = 'allowed'"
	long long audit = count("SELECT count(*) FROM audit"), steps = count(STEPS), id;
	json_t *p;

	(void)state;
	a_fresh_pair();
	snprintf(body, sizeof body, "{\"spo_org_id\":%lld,\"sah_org_id\":%lld,\"starts_on\":\"2027-01-01\","
		 "\"community_ids\":[%lld],\"classes\":[\"status\",\"contact\"]}", spo_org, sah_org, shared_community);
	p = post(&manager, "/api/v1/partnerships", body, 201);
	id = json_integer_value(json_object_get(p, "id"));
	assert_string_equal(json_string_value(json_object_get(p, "status")), "draft");
	assert_true(json_is_true(json_object_get(p, "spo_approved")));
	assert_false(json_is_true(json_object_get(p, "sah_approved")));
	assert_int_equal(json_array_size(json_object_get(p, "classes")), 2);
	assert_false(offers(p, "approve"));
	assert_true(offers(p, "end"));
	json_decref(p);

	/* The SAH sees it waiting for its approval, and approves. */
	snprintf(path, sizeof path, "/api/v1/partnerships/%lld/approve", id);
	try_post(&manager, path, NULL, 409);
	p = post(&sah, path, NULL, 200);
	assert_string_equal(json_string_value(json_object_get(p, "status")), "active");
	assert_false(offers(p, "approve"));
	json_decref(p);
	try_post(&sah, path, NULL, 409);

	snprintf(path, sizeof path, "/api/v1/partnerships/%lld/end", id);
	p = post(&sah, path, NULL, 200);
	assert_string_equal(json_string_value(json_object_get(p, "status")), "ended");
	assert_int_equal(json_array_size(json_object_get(p, "actions")), 0);
	json_decref(p);
	try_post(&manager, path, NULL, 409);
	assert_int_equal(count(STEPS), steps + 3);
	assert_true(count("SELECT count(*) FROM audit") >= audit + 3);
#undef STEPS
	snprintf(sql, sizeof sql, "SELECT count(*) FROM partnership_communities WHERE partnership_id = %lld", id);
	assert_int_equal(count(sql), 1);
}

/* Only the parties: a worker, a stranger SAH's coordinator or a manager of
 * another SPO is refused, and the refusal is audited; the list shows each
 * reader only its own organizations' agreements. */
static void test_only_the_parties_act_on_their_agreement(void **state)
{
	char path[96];
	long long other = count("SELECT max(id) FROM partnerships"), refused;
	struct th_resp r;
	json_t *p;
	size_t i;

	(void)state;
	snprintf(path, sizeof path, "/api/v1/partnerships/%lld/end", agreement);
	refused = count("SELECT count(*) FROM audit WHERE outcome = 'refused'");
	try_post(&worker, path, NULL, 403);
	try_post(&refugee, "/api/v1/partnerships", "{}", 403);
	assert_int_equal(th_request(&partner, &srv, "GET", "/api/v1/partnerships", NULL, NULL, &r), 403);
	th_resp_free(&r);
	assert_true(count("SELECT count(*) FROM audit WHERE outcome = 'refused'") >= refused + 3);
	assert_int_equal(th_request(&manager, &srv, "GET", "/api/v1/partnerships", NULL, NULL, &r), 200);
	json_array_foreach(json_object_get(r.json, "partnerships"), i, p)
		assert_true(json_integer_value(json_object_get(p, "spo_org_id")) == spo_org ||
			    json_integer_value(json_object_get(p, "sah_org_id")) == spo_org);
	th_resp_free(&r);
	/* An agreement the manager's SPO is no party to. */
	if (count("SELECT count(*) FROM partnerships WHERE id = (SELECT max(id) FROM partnerships)"
		  " AND spo_org_id <> (SELECT m.org_id FROM memberships m JOIN users u ON u.id = m.user_id"
		  " WHERE u.email = 'manager@tandem.example')")) {
		snprintf(path, sizeof path, "/api/v1/partnerships/%lld/end", other);
		try_post(&manager, path, NULL, 403);
	}
	try_post(&manager, "/api/v1/partnerships/999999/end", NULL, 404);
}

/* Each bad draft is refused with the field named, and nothing is written. */
static void test_bad_drafts_are_refused_and_change_nothing(void **state)
{
	char bad[10][320];
	long long before;
	int n = 0;

	(void)state;
	a_fresh_pair();
#define BAD(...) snprintf(bad[n++], sizeof bad[0], __VA_ARGS__)
	BAD("{\"spo_org_id\":%lld,\"sah_org_id\":%lld,\"starts_on\":\"2027-01-01\",\"community_ids\":[%lld]}",
	    sah_org, sah_org, shared_community);
	BAD("{\"spo_org_id\":%lld,\"sah_org_id\":%lld,\"starts_on\":\"2027-13-01\",\"community_ids\":[%lld]}",
	    spo_org, sah_org, shared_community);
	BAD("{\"spo_org_id\":%lld,\"sah_org_id\":%lld,\"starts_on\":\"2027-01-01\",\"ends_on\":\"2026-01-01\","
	    "\"community_ids\":[%lld]}", spo_org, sah_org, shared_community);
	BAD("{\"spo_org_id\":%lld,\"sah_org_id\":%lld,\"starts_on\":\"2027-01-01\",\"community_ids\":[]}",
	    spo_org, sah_org);
	BAD("{\"spo_org_id\":%lld,\"sah_org_id\":%lld,\"starts_on\":\"2027-01-01\",\"community_ids\":[999999]}",
	    spo_org, sah_org);
	BAD("{\"spo_org_id\":%lld,\"sah_org_id\":%lld,\"starts_on\":\"2027-01-01\",\"community_ids\":[%lld],"
	    "\"classes\":[\"health\"]}", spo_org, sah_org, shared_community);
	BAD("{\"spo_org_id\":%lld,\"sah_org_id\":%lld,\"starts_on\":\"2027-01-01\",\"community_ids\":[%lld],"
	    "\"classes\":[\"status\",\"status\"]}", spo_org, sah_org, shared_community);
	BAD("{\"spo_org_id\":\"%lld\",\"sah_org_id\":%lld,\"starts_on\":\"2027-01-01\"}", spo_org, sah_org);
	BAD("{\"spo_org_id\":%lld,\"sah_org_id\":%lld,\"starts_on\":\"2027-01-01\",\"community_ids\":[%lld],"
	    "\"colour\":1}", spo_org, sah_org, shared_community);
#undef BAD
	before = count("SELECT count(*) FROM partnerships");
	for (int k = 0; k < n; k++)
		try_post(&manager, "/api/v1/partnerships", bad[k], 422);
	assert_int_equal(count("SELECT count(*) FROM partnerships"), before);
	assert_int_equal(count("SELECT count(*) FROM partnership_classes WHERE partnership_id NOT IN"
			       " (SELECT id FROM partnerships)"), 0);
}

/* Two drafts between the same two at once are one too many. */
static void test_one_draft_between_two_at_a_time(void **state)
{
	char body[320];

	(void)state;
	a_fresh_pair();
	snprintf(body, sizeof body, "{\"spo_org_id\":%lld,\"sah_org_id\":%lld,\"starts_on\":\"2027-01-01\","
		 "\"community_ids\":[%lld]}", spo_org, sah_org, shared_community);
	try_post(&sah, "/api/v1/partnerships", body, 201);
	try_post(&manager, "/api/v1/partnerships", body, 409);
}

static long long clause_count(json_t *p)
{
	return (long long)json_array_size(json_object_get(p, "clauses"));
}

/* A draft starts from the template's clauses and activities, read in the
 * reader's language; its own words stand beside them; once in force they
 * are agreed. Bad terms are refused and change nothing. */
static void test_an_agreement_says_who_does_what(void **state)
{
	char body[640], path[96];
	long long id, before;
	struct th_resp r;
	json_t *p, *c;

	(void)state;
	a_fresh_pair();
	assert_int_equal(th_request(&sah, &srv, "GET", "/api/v1/partnerships/template", NULL, NULL, &r), 200);
	assert_true(json_array_size(json_object_get(r.json, "clauses")) >= 5);
	assert_true(json_array_size(json_object_get(r.json, "activities")) >= 1);
	th_resp_free(&r);
	assert_int_equal(th_request(&worker, &srv, "GET", "/api/v1/partnerships/template", NULL, NULL, &r), 403);
	th_resp_free(&r);

	snprintf(body, sizeof body, "{\"spo_org_id\":%lld,\"sah_org_id\":%lld,\"starts_on\":\"2027-01-01\","
		 "\"community_ids\":[%lld]}", spo_org, sah_org, shared_community);
	p = post(&manager, "/api/v1/partnerships", body, 201);
	id = json_integer_value(json_object_get(p, "id"));
	assert_true(clause_count(p) >= 5);
	c = json_array_get(json_object_get(p, "clauses"), 0);
	assert_string_equal(json_string_value(json_object_get(c, "key")), "referral");
	assert_string_equal(json_string_value(json_object_get(c, "party")), "sah");
	assert_non_null(strstr(json_string_value(json_object_get(c, "text")), "Refer each new sponsorship"));
	json_decref(p);

	/* The SAH's coordinator reads it in French. */
	th_sql(&srv, "UPDATE users SET language = 'fr' WHERE email = 'sah@tandem.example'");
	assert_int_equal(th_request(&sah, &srv, "GET", "/api/v1/partnerships", NULL, NULL, &r), 200);
	{
		size_t i;
		json_t *x;
		bool found = false;
		json_array_foreach(json_object_get(r.json, "partnerships"), i, x) {
			if (json_integer_value(json_object_get(x, "id")) != id)
				continue;
			c = json_array_get(json_object_get(x, "clauses"), 0);
			found = strstr(json_string_value(json_object_get(c, "text")), "Orienter chaque nouveau") != NULL;
		}
		assert_true(found);
	}
	th_resp_free(&r);
	th_sql(&srv, "UPDATE users SET language = 'en' WHERE email = 'sah@tandem.example'");

	/* The SAH rewrites the terms: its own clause beside the template's. */
	snprintf(path, sizeof path, "/api/v1/partnerships/%lld", id);
	p = patch(&sah, path, "{\"clauses\":[{\"key\":\"referral\"},{\"party\":\"both\",\"text\":\"Meet every"
		  " second month.\"}],\"activities\":[{\"text\":\"A joint newsletter\"}]}", 200);
	assert_int_equal(clause_count(p), 2);
	c = json_array_get(json_object_get(p, "clauses"), 1);
	assert_string_equal(json_string_value(json_object_get(c, "text")), "Meet every second month.");
	assert_true(json_is_null(json_object_get(c, "key")) || !json_object_get(c, "key"));
	assert_false(json_is_true(json_object_get(p, "spo_approved")));
	assert_true(json_is_true(json_object_get(p, "sah_approved")));
	json_decref(p);

	before = count("SELECT count(*) FROM partnership_clauses");
	json_decref(patch(&sah, path, "{\"clauses\":[]}", 422));
	json_decref(patch(&sah, path, "{\"clauses\":[{\"key\":\"no_such_clause\"}]}", 422));
	json_decref(patch(&sah, path, "{\"clauses\":[{\"text\":\"Who does this?\"}]}", 422));
	json_decref(patch(&sah, path, "{\"clauses\":[{\"party\":\"lip\",\"text\":\"A third party\"}]}", 422));
	json_decref(patch(&sah, path, "{\"clauses\":[\"referral\"]}", 422));
	json_decref(patch(&sah, path, "{\"activities\":[{\"text\":\"\"}]}", 422));
	assert_int_equal(count("SELECT count(*) FROM partnership_clauses"), before);

	/* In force, the terms are agreed. */
	snprintf(path, sizeof path, "/api/v1/partnerships/%lld/approve", id);
	json_decref(post(&manager, path, NULL, 200));
	snprintf(path, sizeof path, "/api/v1/partnerships/%lld", id);
	json_decref(patch(&sah, path, "{\"activities\":[]}", 409));
}

struct racer {
	struct th_client *c;
	const char *path, *body;
	long status;
};

static void *race(void *arg)
{
	struct racer *x = arg;
	struct th_resp r;

	x->status = th_request(x->c, &srv, "POST", x->path, x->body, NULL, &r);
	th_resp_free(&r);
	return NULL;
}

/* Both sides draft at the same moment, then both end and approve at the
 * same moment: the checks hold inside the write, so one draft lands, and
 * an agreement is never both ended and in force. */
static void test_steps_at_the_same_moment_stay_consistent(void **state)
{
	char body[320], approve[96], end[96], sql[200];

	(void)state;
	for (int round = 0; round < 5; round++) {
		struct racer a = { &manager, "/api/v1/partnerships", body, 0 }, b = { &sah, "/api/v1/partnerships", body, 0 };
		pthread_t ta, tb;
		long long id;

		a_fresh_pair();
		snprintf(body, sizeof body, "{\"spo_org_id\":%lld,\"sah_org_id\":%lld,\"starts_on\":\"2027-01-01\","
			 "\"community_ids\":[%lld]}", spo_org, sah_org, shared_community);
		pthread_create(&ta, NULL, race, &a);
		pthread_create(&tb, NULL, race, &b);
		pthread_join(ta, NULL);
		pthread_join(tb, NULL);
		assert_true((a.status == 201 && b.status == 409) || (a.status == 409 && b.status == 201));
		snprintf(sql, sizeof sql, "SELECT max(id) FROM partnerships WHERE spo_org_id = %lld AND sah_org_id = %lld"
			 " AND status = 'draft'", spo_org, sah_org);
		id = count(sql);
		snprintf(approve, sizeof approve, "/api/v1/partnerships/%lld/approve", id);
		snprintf(end, sizeof end, "/api/v1/partnerships/%lld/end", id);
		/* The side that drafted ends it while the other approves it. */
		a = (struct racer){ a.status == 201 ? &manager : &sah, end, NULL, 0 };
		b = (struct racer){ a.c == &manager ? &sah : &manager, approve, NULL, 0 };
		pthread_create(&ta, NULL, race, &a);
		pthread_create(&tb, NULL, race, &b);
		pthread_join(ta, NULL);
		pthread_join(tb, NULL);
		assert_int_equal(th_sqlf(&srv, "SELECT count(*) FROM partnerships WHERE id = %lld AND status = 'ended'", id)
				 + th_sqlf(&srv, "SELECT count(*) FROM partnerships WHERE id = %lld AND status = 'active'"
					   " AND ended_at IS NULL", id), 1);
		assert_true(a.status == 200 || b.status == 200);
	}
}

/* A successor that starts later leaves the one in force until the day
 * before it starts: nothing stops flowing in between. */
static void test_a_later_successor_waits_for_its_day(void **state)
{
	char body[320], path[96];
	long long first, next;
	json_t *p;

	(void)state;
	a_fresh_pair();
	snprintf(body, sizeof body, "{\"spo_org_id\":%lld,\"sah_org_id\":%lld,\"starts_on\":\"2026-01-01\","
		 "\"community_ids\":[%lld]}", spo_org, sah_org, shared_community);
	p = post(&sah, "/api/v1/partnerships", body, 201);
	first = json_integer_value(json_object_get(p, "id"));
	json_decref(p);
	snprintf(path, sizeof path, "/api/v1/partnerships/%lld/approve", first);
	json_decref(post(&manager, path, NULL, 200));
	snprintf(body, sizeof body, "{\"spo_org_id\":%lld,\"sah_org_id\":%lld,\"starts_on\":\"2099-01-01\","
		 "\"community_ids\":[%lld]}", spo_org, sah_org, shared_community);
	p = post(&sah, "/api/v1/partnerships", body, 201);
	next = json_integer_value(json_object_get(p, "id"));
	json_decref(p);
	snprintf(path, sizeof path, "/api/v1/partnerships/%lld/approve", next);
	json_decref(post(&manager, path, NULL, 200));
	assert_int_equal(th_sqlf(&srv, "SELECT count(*) FROM partnerships WHERE id = %lld AND status = 'active'"
				 " AND ends_on = '2098-12-31'", first), 1);
	assert_int_equal(th_sqlf(&srv, "SELECT count(*) FROM partnerships WHERE id = %lld AND status = 'active'", next), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_database_of_the_release_before_upgrades),
		cmocka_unit_test(test_a_database_of_schema_16_keeps_its_agreements_and_terms),
		cmocka_unit_test(test_the_agreements_made_before_are_in_force_with_what_they_covered),
		cmocka_unit_test(test_only_an_agreement_in_force_gives_the_partner_access),
		cmocka_unit_test(test_a_status_outside_the_three_is_refused),
		cmocka_unit_test(test_the_agreement_limits_what_flows_to_the_partner),
		cmocka_unit_test(test_an_agreement_says_who_does_what),
		cmocka_unit_test(test_steps_at_the_same_moment_stay_consistent),
		cmocka_unit_test(test_a_later_successor_waits_for_its_day),
		cmocka_unit_test(test_an_agreement_is_drafted_approved_by_both_sides_and_ended),
		cmocka_unit_test(test_only_the_parties_act_on_their_agreement),
		cmocka_unit_test(test_bad_drafts_are_refused_and_change_nothing),
		cmocka_unit_test(test_one_draft_between_two_at_a_time),
	};
	return cmocka_run_group_tests_name("partnerships", tests, setup, teardown);
}
