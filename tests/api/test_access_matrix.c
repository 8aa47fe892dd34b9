/* test_access_matrix.c - every route of the route table, as every role, on
 * its own objects, on another organization's, and on another case's nested
 * object, generated from the route table and the policy's tables. For each
 * request: the gate's answer is the policy's; a case the reader has nothing
 * to do with, or another case's meeting, task, referral or consent, is never
 * served; no answer is a 5xx; every error has the error shape; every refusal
 * changes nothing (a trigger counts each row written to any table but the
 * audit log and the sign-in bookkeeping) and is in the audit log; and no
 * answer carries a class the role can never read. It prints how many checks
 * it made. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/api/api.h"
#include "../../src/domain/policy.h"
#include "../../src/store/db.h"
#include "harness.h"

enum { OBJECTS = 10 };   /* own and foreign cases per role */

static struct th_server srv;
static struct db *db;   /* to look on as an operator would, on either store */
static long checks, requests, served;

static const char *const emails[ROLE__MAX] = {
	[ROLE_WORKER] = "worker@tandem.example",
	[ROLE_SPO_MANAGER] = "manager@tandem.example",
	[ROLE_SPONSOR] = "sponsor@tandem.example",
	[ROLE_SAH_COORDINATOR] = "sah@tandem.example",
	[ROLE_REFUGEE] = "refugee@tandem.example",
	[ROLE_LIP_COORDINATOR] = "lip@tandem.example",
	[ROLE_EVALUATOR] = "evaluator@tandem.example",
	[ROLE_ADMIN] = "admin@tandem.example",
};

/* A body for every route that takes one; {P} is an adult person of the
 * route's case, {N} a number new to each request. */
static const struct { const char *method, *pattern, *body; } bodies[] = {
	{"POST", "/api/v1/session", "{\"email\":\"nobody@tandem.example\",\"password\":\"not-the-password\"}"},
	{"PATCH", "/api/v1/me", "{\"language\":\"fr\"}"},
	{"POST", "/api/v1/me/calendar-token", "{}"},
	{"POST", "/api/v1/communities", "{\"name\":\"Matrix {N}\",\"region\":\"Ontario\"}"},
	{"POST", "/api/v1/organizations", "{\"name\":\"Matrix agency {N}\",\"kind\":\"spo\"}"},
	{"PATCH", "/api/v1/organizations/{id}/settings", "{\"needs_days\":9}"},
	{"POST", "/api/v1/cases", "{\"family_name\":\"Matrix\",\"preferred_language\":\"ar\",\"stream\":\"GAR\","
				  "\"community_id\":1,\"health_notes\":\"matrix\"}"},
	{"PATCH", "/api/v1/cases/{id}", "{\"address\":\"{N} Matrix Road\",\"worker_notes\":\"matrix {N}\"}"},
	{"POST", "/api/v1/cases/{id}/people", "{\"given_name\":\"Matrix\",\"family_name\":\"Child\","
					      "\"relationship\":\"child\",\"birth_year\":2019}"},
	{"POST", "/api/v1/cases/{id}/transitions", "{\"to\":\"closed\",\"reason\":\"matrix\"}"},
	{"POST", "/api/v1/cases/{id}/meetings", "{\"kind\":\"follow_up\",\"starts_at\":\"2027-03-01T10:00:00-05:00\","
						"\"ends_at\":\"2027-03-01T11:00:00-05:00\",\"mode\":\"phone\"}"},
	{"PATCH", "/api/v1/cases/{id}/meetings/{mid}", "{\"summary\":\"matrix {N}\",\"outcome_notes\":\"matrix {N}\"}"},
	{"POST", "/api/v1/cases/{id}/needs", "{\"assessments\":[{\"domain\":\"health\",\"level\":\"high\","
					     "\"note\":\"matrix\"}]}"},
	{"POST", "/api/v1/cases/{id}/plan", "{}"},
	{"POST", "/api/v1/cases/{id}/plan/tasks", "{\"title\":\"Matrix task\",\"responsible\":\"shared\","
						  "\"due_on\":\"2027-04-01\"}"},
	{"PATCH", "/api/v1/cases/{id}/plan/tasks/{tid}", "{\"status\":\"doing\",\"notes\":\"matrix {N}\"}"},
	{"POST", "/api/v1/cases/{id}/referrals", "{\"service\":\"Matrix clinic\",\"domain\":\"health\"}"},
	{"PATCH", "/api/v1/cases/{id}/referrals/{rid}", "{\"notes\":\"matrix {N}\"}"},
	{"POST", "/api/v1/cases/{id}/messages", "{\"body\":\"matrix {N}\"}"},
	{"POST", "/api/v1/cases/{id}/messages/read", "{\"up_to\":1}"},
	{"POST", "/api/v1/cases/{id}/consents", "{\"audience\":\"sah\",\"data_class\":\"health\","
						"\"person_id\":{P},\"verbal\":true}"},
	{"PATCH", "/api/v1/workers/{id}", "{\"capacity\":7,\"languages\":[\"ar\",\"fr\"]}"},
	/* enabling an enabled account: the walk goes on with every account usable */
	{"PATCH", "/api/v1/users/{id}", "{\"disabled\":false}"},
	{"POST", "/api/v1/match/proposals", "{}"},
	{"POST", "/api/v1/match/apply", "{\"assignments\":[]}"},
	{"POST", "/api/v1/partnerships", "{\"spo_org_id\":1,\"sah_org_id\":2,\"starts_on\":\"2027-01-01\","
					 "\"community_ids\":[1],\"classes\":[\"status\"]}"},
	{"POST", "/api/v1/partnerships/{id}/approve", "{}"},
	{"PATCH", "/api/v1/partnerships/{id}", "{\"classes\":[\"identity\",\"status\"]}"},
	{"POST", "/api/v1/cases/{id}/hand-on", "{\"spo_org_id\":9}"},
	/* ending one's own agreement: the walks after it see it ended */
	{"POST", "/api/v1/partnerships/{id}/end", "{}"},
	{"POST", "/api/v1/resources", "{\"name\":\"Matrix service {N}\",\"organization\":{\"name\":\"Matrix\"},"
				      "\"categories\":[\"food.bank\"],\"languages\":[{\"code\":\"ar\",\"note\":\"{N}\"}]}"},
	{"PATCH", "/api/v1/resources/{id}", "{\"description\":\"matrix {N}\"}"},
	{"POST", "/api/v1/resources/{id}/verify", "{}"},
	{"POST", "/api/v1/events", "{\"title\":\"Matrix {N}\",\"topic\":\"housing\",\"mode\":\"in_person\","
				   "\"place\":\"Hall\",\"starts_at\":\"2035-03-01T10:00:00-05:00\","
				   "\"ends_at\":\"2035-03-01T12:00:00-05:00\",\"audience\":[\"everyone\"],"
				   "\"languages\":[\"en\"],\"capacity\":2}"},
	{"PATCH", "/api/v1/events/{id}", "{\"description\":\"matrix {N}\"}"},
	{"POST", "/api/v1/events/{id}/registration", "{}"},
	{"POST", "/api/v1/events/{id}/survey", "{\"helpful\":4,\"learned_service\":false}"},
	{"POST", "/api/v1/events/{id}/mail", "{\"recipients\":\"everyone\",\"subject\":\"Matrix {N}\","
					     "\"body\":\"matrix\"}"},
	{"POST", "/api/v1/events/{id}/registrations/{rid}/check-in", "{}"},
	{"POST", "/api/v1/announcements", "{\"community_id\":1,\"audience\":[\"everyone\"],\"texts\":[{\"language\":"
					  "\"en\",\"subject\":\"Matrix {N}\",\"body\":\"matrix\"}]}"},
	{"POST", "/api/v1/announcements/{id}/read", "{}"},
	{"POST", "/api/v1/working-groups", "{\"community_id\":1,\"name\":\"Matrix {N}\"}"},
	{"PATCH", "/api/v1/working-groups/{id}", "{\"purpose\":\"Matrix {N}\"}"},
	{"POST", "/api/v1/working-groups/{id}/meetings", "{\"starts_at\":\"2035-03-01T10:00:00-05:00\","
						       "\"ends_at\":\"2035-03-01T11:00:00-05:00\"}"},
	{"POST", "/api/v1/working-groups/{id}/actions", "{\"title\":\"Matrix {N}\"}"},
	{"PATCH", "/api/v1/working-groups/{id}/actions/{aid}", "{\"status\":\"open\"}"},
	{"POST", "/api/v1/invitations", "{\"email\":\"matrix{N}@tandem.example\",\"name\":\"Matrix\","
					"\"role\":\"sponsor\",\"group_id\":1}"},
	{"POST", "/api/v1/cases/{id}/ratings", "{\"moment\":\"post_arrival\",\"rating\":4}"},
	{"POST", "/api/v1/workers/{id}/trainings", "{\"completed_on\":\"2026-01-05\",\"provider\":\"Matrix {N}\",\"hours\":3}"},
	{"PATCH", "/api/v1/workers/{id}/trainings/{tid}", "{\"useful\":4,\"confident\":4}"},
	{"POST", "/api/v1/arrivals", "{\"notices\":[{\"reference\":\"MX-{N}\",\"received\":\"2026-01-05\","
				     "\"stream\":\"GAR\",\"family_size\":1,\"birth_years\":[1980],\"language\":\"ar\","
				     "\"community\":1,\"expected_arrival\":\"2035-01-01\"}]}"},
	{"POST", "/api/v1/invitations/accept", "{\"token\":\"inv_nothing\",\"password\":\"matrix-password\"}"},
};

/* The objects of one request: what each {param} of the route becomes. */
struct target {
	long long id, nested, person;
	bool related;          /* the case (or organization) is the reader's own */
	bool nested_foreign;   /* the nested object belongs to another case */
};

static void check(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void check(bool ok, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	checks++;
	if (ok)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fail_msg("%s", msg);
}

static long long q(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static long long q(const char *fmt, ...)
{
	char sql[1536], out[32];
	struct tandem_err e;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	rc = db_query(db, sql, out, sizeof out, &e);
	if (rc < 0)
		fail_msg("%s: %s", sql, e.msg);
	return rc ? strtoll(out, NULL, 10) : -1;
}

/* Counts every row written to a table a refusal must leave alone, by a
 * trigger on each in the store's own dialect. */
static const char SQL_TABLES_SQLITE[] =
	"SELECT group_concat(name, ' ') FROM sqlite_master WHERE type = 'table'"
	" AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'login_%'"
	/* the directory's search index: a virtual table and its own, which its
	 * triggers write only when a counted table changes */
	" AND name NOT LIKE 'service_search%'";
static const char SQL_TABLES_PG[] =
	"SELECT string_agg(tablename, ' ') FROM pg_tables WHERE schemaname = current_schema()"
	" AND tablename NOT LIKE 'login_%'";
static const char SQL_COUNTER_PG[] =
	"CREATE FUNCTION matrix_count() RETURNS trigger LANGUAGE plpgsql AS"
	" 'BEGIN UPDATE matrix_changes SET n = n + 1; RETURN NULL; END'";

static int counter_on(const char *t, struct tandem_err *e)
{
	static const char *const ev[] = { "INSERT", "UPDATE", "DELETE" };
	char sql[512];
	int rc = 0;

	if (db_kind(db) == DB_POSTGRES) {
		snprintf(sql, sizeof sql, "CREATE TRIGGER matrix_changes AFTER INSERT OR UPDATE OR DELETE ON \"%s\""
			 " FOR EACH ROW EXECUTE FUNCTION matrix_count()", t);
		return db_script(db, sql, e);
	}
	for (int k = 0; !rc && k < 3; k++) {
		snprintf(sql, sizeof sql, "CREATE TRIGGER matrix_%s_%d AFTER %s ON \"%s\" BEGIN"
			 " UPDATE matrix_changes SET n = n + 1; END", t, k, ev[k], t);
		rc = db_script(db, sql, e);
	}
	return rc;
}

static int install_change_counter(void)
{
	static const char *const skip[] = { "audit", "sessions", "login_failures", "matrix_changes", NULL };
	char tables[2048], *save = NULL;
	struct tandem_err e;
	bool pg = db_kind(db) == DB_POSTGRES;
	int rc = db_script(db, "CREATE TABLE matrix_changes (n INTEGER); INSERT INTO matrix_changes VALUES (0)", &e);

	if (!rc && pg)
		rc = db_script(db, SQL_COUNTER_PG, &e);
	if (!rc && db_query(db, pg ? SQL_TABLES_PG : SQL_TABLES_SQLITE, tables, sizeof tables, &e) != 1)
		rc = -1;
	for (char *t = rc ? NULL : strtok_r(tables, " ", &save); t && !rc; t = strtok_r(NULL, " ", &save)) {
		bool skipped = false;
		for (size_t i = 0; skip[i]; i++)
			skipped |= strcmp(skip[i], t) == 0;
		if (!skipped)
			rc = counter_on(t, &e);
	}
	if (rc)
		fprintf(stderr, "matrix: %s\n", e.msg);
	return rc ? -1 : 0;
}

static int setup(void **state)
{
	(void)state;
	struct tandem_err e;

	if (th_server_start(&srv) || db_open(srv.db, false, &db, &e))
		return -1;
	return install_change_counter();
}

static int teardown(void **state)
{
	(void)state;
	db_close(db);
	return th_server_stop(&srv);
}

static const char *body_of(const struct http_route *r)
{
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++)
		if (!strcmp(bodies[i].method, r->method) && !strcmp(bodies[i].pattern, r->pattern))
			return bodies[i].body;
	return NULL;
}

/* Copies src into out, each {name} replaced by value. */
static void replace(char *out, size_t size, const char *src, const char *name, long long value)
{
	const char *at = strstr(src, name);
	char num[24];
	size_t head, n, rest;

	if (!at) {
		snprintf(out, size, "%s", src);
		return;
	}
	head = (size_t)(at - src);
	n = (size_t)snprintf(num, sizeof num, "%lld", value);
	rest = strlen(at + strlen(name));
	if (head + n + rest >= size)
		fail_msg("%s is too long", src);
	memcpy(out, src, head);
	memcpy(out + head, num, n);
	memcpy(out + head + n, at + strlen(name), rest + 1);
}

static void fill(char *out, size_t size, const char *src, const struct target *t, long long n)
{
	char a[2048], b[2048];
	static const char *const nested[] = { "{mid}", "{tid}", "{rid}", "{cid}", "{aid}" };

	replace(a, sizeof a, src, "{id}", t->id);
	for (size_t i = 0; i < sizeof nested / sizeof *nested; i++) {
		replace(b, sizeof b, a, nested[i], t->nested);
		snprintf(a, sizeof a, "%s", b);
	}
	replace(b, sizeof b, a, "{P}", t->person);
	replace(out, size, b, "{N}", n);
}

static bool forbidden_key(const json_t *j, enum role role, const char **which)
{
	static const struct { const char *key; enum policy_class cls; } keys[] = {
		{"health_notes", POLICY_HEALTH}, {"worker_notes", POLICY_NOTES}, {"outcome_notes", POLICY_NOTES},
	};
	const char *k;
	json_t *v;
	size_t i;

	if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			if (forbidden_key(v, role, which))
				return true;
		return false;
	}
	if (!json_is_object(j))
		return false;
	json_object_foreach((json_t *)j, k, v) {
		for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
			if (!strcmp(k, keys[i].key) && !policy_role_may_read(role, keys[i].cls)) {
				*which = k;
				return true;
			}
		if (forbidden_key(v, role, which))
			return true;
	}
	return false;
}

static long long refusals_of(long long user)
{
	return q("SELECT count(*) FROM audit WHERE actor_id = %lld AND outcome = 'refused'", user);
}

static void login(struct th_client *c, enum role role)
{
	assert_int_equal(th_login(c, &srv, emails[role]), 200);
}

/* One request and every check that applies to it. */
static void probe(struct th_client *c, enum role role, long long user, const struct http_route *r,
		  const struct target *t, bool case_route)
{
	char path[512], body[2048];
	const char *tmpl = body_of(r), *code, *msg, *which = NULL;
	bool gate = policy_role_can(role, (enum policy_action)r->action);
	long long before = q("SELECT n FROM matrix_changes"), refused = refusals_of(user);
	struct th_resp resp;
	long status;

	fill(path, sizeof path, r->pattern, t, requests);
	if (tmpl)
		fill(body, sizeof body, tmpl, t, requests);
	status = th_request(c, &srv, r->method, path, tmpl ? body : NULL, NULL, &resp);
	requests++;
	code = th_error_code(&resp);
	msg = json_string_value(json_object_get(json_object_get(resp.json, "error"), "message"));
	check(status >= 200 && status < 500, "%s %s as %s: %ld %s: %s", r->method, path, role_name(role), status,
	      code, msg ? msg : "");
	if (!gate)
		check(status == 403 && !strcmp(code, "forbidden"), "%s %s as %s: the gate should refuse, got %ld %s",
		      r->method, path, role_name(role), status, code);
	if (case_route && gate && !t->related)
		check(status == 403 || status == 404, "%s %s as %s: another's case answered %ld",
		      r->method, path, role_name(role), status);
	if (t->nested_foreign)
		check(status >= 400, "%s %s as %s: another case's object answered %ld",
		      r->method, path, role_name(role), status);
	if (status >= 400) {
		json_t *err = json_object_get(resp.json, "error");
		check(json_is_string(json_object_get(err, "code")) && json_is_string(json_object_get(err, "message")),
		      "%s %s as %s: %ld without the error shape", r->method, path, role_name(role), status);
		check(q("SELECT n FROM matrix_changes") == before, "%s %s as %s: %ld changed something",
		      r->method, path, role_name(role), status);
	}
	if (status == 403)
		check(refusals_of(user) > refused, "%s %s as %s: a refusal without its audit record",
		      r->method, path, role_name(role));
	if (!gate)
		check(q("SELECT count(*) FROM audit WHERE id > (SELECT max(id) FROM audit) - 1 AND actor_id = %lld"
			" AND action = '%s'", user, policy_action_name((enum policy_action)r->action)) == 1,
		      "%s %s as %s: the gate's record should name %s", r->method, path, role_name(role),
		      policy_action_name((enum policy_action)r->action));
	if (status < 300) {
		served++;
		check(!forbidden_key(resp.json, role, &which), "%s %s as %s: the answer carries %s",
		      r->method, path, role_name(role), which);
	}
	th_resp_free(&resp);
	/* Signing out ends the session the rest of the walk uses. */
	if (!strcmp(r->method, "DELETE") && !strcmp(r->pattern, "/api/v1/session") && status == 204)
		login(c, role);
}

/* Up to OBJECTS cases: the reader's own (related) or any it has nothing to do with. */
static size_t cases_of(enum role role, long long user, bool own, long long *out)
{
	char sql[1536];
	size_t n = 0;
	long long id;

	/* Aggregate readers and the administrator relate to no case: every case is "another's". */
	if (own && (role == ROLE_LIP_COORDINATOR || role == ROLE_EVALUATOR || role == ROLE_ADMIN))
		return 0;
	snprintf(sql, sizeof sql, "SELECT c.id FROM cases c LEFT JOIN sponsor_groups g ON g.id = c.sponsor_group_id"
		 " WHERE %1$s coalesce(c.worker_id = %2$lld"
		 " OR c.spo_org_id IN (SELECT org_id FROM memberships WHERE user_id = %2$lld)"
		 " OR c.sponsor_group_id IN (SELECT group_id FROM memberships WHERE user_id = %2$lld)"
		 " OR g.sah_org_id IN (SELECT org_id FROM memberships WHERE user_id = %2$lld)"
		 " OR g.sah_org_id IN (SELECT p.sah_org_id FROM partnerships p JOIN memberships m"
		 "  ON m.org_id = p.spo_org_id WHERE m.user_id = %2$lld)"
		 " OR c.id IN (SELECT case_id FROM persons WHERE user_id = %2$lld), FALSE)"
		 " ORDER BY c.id", own ? "" : "NOT", user);
	while (n < OBJECTS && (id = q("%s LIMIT 1 OFFSET %zu", sql, n)) > 0)
		out[n++] = id;
	return n;
}

static long long nested_of(const char *pattern, long long case_id)
{
	static const struct { const char *param, *table; } kinds[] = {
		{"{mid}", "meetings"}, {"{tid}", "plan_tasks"}, {"{rid}", "referrals"}, {"{cid}", "consents"},
	};
	long long id;

	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strstr(pattern, kinds[i].param)) {
			id = q("SELECT min(id) FROM %s WHERE case_id = %lld", kinds[i].table, case_id);
			return id > 0 ? id : 999999;
		}
	return 0;
}

static void walk_case_route(struct th_client *c, enum role role, long long user, const struct http_route *r,
			    const long long *own, size_t n_own, const long long *other, size_t n_other)
{
	bool nested = strstr(r->pattern, "{mid}") || strstr(r->pattern, "{tid}") || strstr(r->pattern, "{rid}")
		      || strstr(r->pattern, "{cid}");

	for (size_t i = 0; i < n_own + n_other; i++) {
		bool mine = i < n_own;
		long long id = mine ? own[i] : other[i - n_own];
		struct target t = {
			.id = id, .related = mine, .nested = nested_of(r->pattern, id),
			.person = q("SELECT coalesce(min(id), 1) FROM persons WHERE case_id = %lld AND birth_year < 2000", id),
		};
		probe(c, role, user, r, &t, true);
		/* The reader's own case with another case's object under it. */
		if (nested && mine && n_other) {
			t.nested = nested_of(r->pattern, other[i % n_other]);
			t.nested_foreign = t.nested != 999999;
			probe(c, role, user, r, &t, true);
		}
	}
}

/* Routes with an {id} that is not a case's: an organization, a community, a
 * group, a worker or an account, the reader's own and another. */
static void walk_other_route(struct th_client *c, enum role role, long long user, const struct http_route *r)
{
	long long own, other;
	struct target t = {0};

	if (strstr(r->pattern, "/communities/")) {
		own = 1, other = 2;
	} else if (strstr(r->pattern, "/sponsor-groups/")) {
		own = q("SELECT coalesce(min(group_id), 1) FROM memberships WHERE user_id = %lld", user);
		other = q("SELECT max(id) FROM sponsor_groups WHERE id <> %lld", own);
	} else if (strstr(r->pattern, "/workers/")) {
		own = q("SELECT coalesce(min(w.user_id), 1) FROM memberships w JOIN users u ON u.id = w.user_id"
			" WHERE u.role = 'worker' AND w.org_id IN (SELECT org_id FROM memberships WHERE user_id = %lld)",
			user);
		other = q("SELECT min(w.user_id) FROM memberships w JOIN users u ON u.id = w.user_id WHERE"
			  " u.role = 'worker' AND w.org_id NOT IN (SELECT coalesce(org_id, 0) FROM memberships"
			  " WHERE user_id = %lld)", user);
	} else if (strstr(r->pattern, "/partnerships/")) {
		own = q("SELECT coalesce(min(p.id), 1) FROM partnerships p JOIN memberships m"
			" ON m.org_id IN (p.spo_org_id, p.sah_org_id) WHERE m.user_id = %lld", user);
		other = q("SELECT max(p.id) FROM partnerships p WHERE NOT EXISTS (SELECT 1 FROM memberships m"
			  " WHERE m.user_id = %lld AND m.org_id IN (p.spo_org_id, p.sah_org_id))", user);
	} else if (strstr(r->pattern, "/resources/")) {
		/* the demo's services, numbered as older feeds number them, alike
		 * to every reader */
		own = 1, other = 2;
	} else if (strstr(r->pattern, "/events/")) {
		/* one the reader's organization hosts, and one it does not */
		own = q("SELECT coalesce(min(h.event_id), 1) FROM event_hosts h JOIN memberships m ON m.org_id = h.org_id"
			" WHERE m.user_id = %lld", user);
		other = q("SELECT coalesce(max(h.event_id), 2) FROM event_hosts h WHERE h.org_id NOT IN"
			  " (SELECT coalesce(org_id, 0) FROM memberships WHERE user_id = %lld)", user);
	} else if (strstr(r->pattern, "/announcements/")) {
		/* one sent to the reader, and one that was not */
		own = q("SELECT coalesce(min(announcement_id), 1) FROM announcement_recipients WHERE user_id = %lld", user);
		other = q("SELECT coalesce(max(a.id), 2) FROM announcements a WHERE NOT EXISTS (SELECT 1 FROM"
			  " announcement_recipients r WHERE r.announcement_id = a.id AND r.user_id = %lld)", user);
	} else if (strstr(r->pattern, "/working-groups/")) {
		/* one the reader belongs to (or its LIP runs), and one it does not */
		own = q("SELECT coalesce(min(g.id), 1) FROM working_groups g WHERE EXISTS (SELECT 1 FROM memberships m"
			" WHERE m.user_id = %lld AND (m.org_id = g.lip_org_id OR m.org_id IN (SELECT org_id FROM"
			" working_group_orgs o WHERE o.group_id = g.id)))", user);
		other = q("SELECT coalesce(max(g.id), 2) FROM working_groups g WHERE NOT EXISTS (SELECT 1 FROM memberships m"
			  " WHERE m.user_id = %lld AND (m.org_id = g.lip_org_id OR m.org_id IN (SELECT org_id FROM"
			  " working_group_orgs o WHERE o.group_id = g.id)))", user);
	} else if (strstr(r->pattern, "/users/")) {
		own = user;
		other = q("SELECT min(id) FROM users WHERE id <> %lld", user);
	} else {
		own = q("SELECT coalesce(min(org_id), 9) FROM memberships WHERE user_id = %lld", user);
		other = q("SELECT min(id) FROM organizations WHERE kind = 'spo' AND id <> %lld", own);
	}
	/* a working group's action: one of the group's own */
	t.id = own, t.related = true;
	t.nested = q("SELECT coalesce(min(id), 999999) FROM working_group_actions WHERE group_id = %lld", own);
	probe(c, role, user, r, &t, false);
	t.id = other, t.related = false;
	t.nested = q("SELECT coalesce(min(id), 999999) FROM working_group_actions WHERE group_id = %lld", other);
	probe(c, role, user, r, &t, false);
}

/* Without a session, every route but the public ones answers 401 and
 * changes nothing. */
static void test_every_route_needs_a_session_but_the_public_ones(void **state)
{
	(void)state;
	for (size_t i = 0; i < api_routes_count; i++) {
		const struct http_route *r = &api_routes[i];
		struct target t = { .id = 1, .nested = 1, .person = 1 };
		long long before = q("SELECT n FROM matrix_changes");
		const char *tmpl = body_of(r);
		char path[512], body[2048];
		struct th_resp resp;
		long status;

		if (r->action == POLICY_PUBLIC)
			continue;
		fill(path, sizeof path, r->pattern, &t, requests);
		if (tmpl)
			fill(body, sizeof body, tmpl, &t, requests);
		status = th_request(NULL, &srv, r->method, path, tmpl ? body : NULL, NULL, &resp);
		requests++;
		check(status == 401 && !strcmp(th_error_code(&resp), "unauthenticated"), "%s %s without a session: %ld",
		      r->method, path, status);
		check(q("SELECT n FROM matrix_changes") == before, "%s %s without a session changed something",
		      r->method, path);
		th_resp_free(&resp);
	}
}

static void test_every_route_as_every_role_on_own_and_foreign_objects(void **state)
{
	(void)state;
	for (size_t i = 0; i < api_routes_count; i++)
		if (strcmp(api_routes[i].method, "GET") && strcmp(api_routes[i].method, "DELETE"))
			check(body_of(&api_routes[i]) != NULL, "the matrix has no body for %s %s",
			      api_routes[i].method, api_routes[i].pattern);
	for (int role = 0; role < ROLE__MAX; role++) {
		struct th_client c;
		long long own[OBJECTS], other[OBJECTS], user = q("SELECT id FROM users WHERE email = '%s'", emails[role]);
		size_t n_own = cases_of((enum role)role, user, true, own);
		size_t n_other = cases_of((enum role)role, user, false, other);

		check(n_other > 0 && (n_own > 0 || !policy_role_can((enum role)role, POLICY_CASE_READ)),
		      "%s has no objects to walk", role_name((enum role)role));
		login(&c, (enum role)role);
		for (size_t i = 0; i < api_routes_count; i++) {
			const struct http_route *r = &api_routes[i];
			if (!strncmp(r->pattern, "/api/v1/cases/{id}", 18))
				walk_case_route(&c, (enum role)role, user, r, own, n_own, other, n_other);
			else if (strstr(r->pattern, "{id}"))
				walk_other_route(&c, (enum role)role, user, r);
			else
				probe(&c, (enum role)role, user, r, &(struct target){ .related = true }, false);
		}
	}
	print_message("access matrix: %ld routes, %d roles, %ld requests (%ld served), %ld checks\n",
		      (long)api_routes_count, ROLE__MAX, requests, served, checks);
	assert_true(served > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_route_needs_a_session_but_the_public_ones),
		cmocka_unit_test(test_every_route_as_every_role_on_own_and_foreign_objects),
	};
	return cmocka_run_group_tests_name("access_matrix", tests, setup, teardown);
}
