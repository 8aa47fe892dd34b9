/* test_seed_coherence.c - the demo data tells one story, relative to the
 * moment it was seeded: nothing held or written in the future, meetings
 * whose mode, place, summary and dates fit, threads that follow the case's
 * stage, groups of unique names sponsoring as many families as their kind
 * does, states that follow from their meetings and arrival dates, referrals
 * after their needs, and plans that are late on few cases, and on few
 * tasks of those. Each rule is a count of the rows that break it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "harness.h"

/* Days since 1970 of an ISO date column, in the SQL both stores speak
 * (valid from 1901 to 2099, which the demo's dates are). */
#define DAYS(col) \
	"((CAST(substr(" col ", 1, 4) AS INTEGER) - 1970) * 365 + (CAST(substr(" col ", 1, 4) AS INTEGER) - 1969) / 4" \
	" + CASE CAST(substr(" col ", 6, 2) AS INTEGER) WHEN 1 THEN 0 WHEN 2 THEN 31 WHEN 3 THEN 59 WHEN 4 THEN 90" \
	"  WHEN 5 THEN 120 WHEN 6 THEN 151 WHEN 7 THEN 181 WHEN 8 THEN 212 WHEN 9 THEN 243 WHEN 10 THEN 273" \
	"  WHEN 11 THEN 304 ELSE 334 END" \
	" + CASE WHEN CAST(substr(" col ", 6, 2) AS INTEGER) > 2 AND CAST(substr(" col ", 1, 4) AS INTEGER) % 4 = 0" \
	"  THEN 1 ELSE 0 END + CAST(substr(" col ", 9, 2) AS INTEGER) - 1)"
/* The arrival (actual, else expected) of the case c, in days and seconds. */
#define ARRIVAL DAYS("coalesce(c.actual_arrival, c.expected_arrival)")
#define ARRIVAL_AT "(" ARRIVAL " * 86400)"
/* A plan task t of the case c that is open and past due on {today}. */
#define LATE "t.status IN ('todo', 'doing') AND coalesce(" DAYS("t.due_on") ", " ARRIVAL " + t.due_days) < {today}"

static const struct rule {
	const char *name, *sql;   /* sql: {now} the seed's moment, {today} its day, {date} as text */
} rules[] = {
	{"a meeting recorded as held or missed has ended",
	 "SELECT count(*) FROM meetings WHERE status IN ('held', 'no_show') AND ends_at > {now}"},
	{"a scheduled meeting is ahead, or awaits its outcome a week at most",
	 "SELECT count(*) FROM meetings WHERE status = 'scheduled' AND ends_at < {now} - 7 * 86400"},
	{"a video meeting's place is a link or nothing",
	 "SELECT count(*) FROM meetings WHERE mode = 'video' AND place IS NOT NULL AND place NOT LIKE 'https://%'"},
	{"a phone meeting has no place", "SELECT count(*) FROM meetings WHERE mode = 'phone' AND place IS NOT NULL"},
	{"an in-person meeting has a place",
	 "SELECT count(*) FROM meetings WHERE mode = 'in_person' AND (place IS NULL OR place = '')"},
	{"a held meeting has a summary, and only a held one",
	 "SELECT count(*) FROM meetings WHERE (status = 'held' AND (summary IS NULL OR summary = ''))"
	 " OR (status <> 'held' AND summary IS NOT NULL)"},
	{"a pre-arrival meeting begins before arrival, the others after",
	 "SELECT count(*) FROM meetings m JOIN cases c ON c.id = m.case_id WHERE (m.kind = 'pre_arrival')"
	 " <> (m.starts_at < " ARRIVAL_AT ")"},
	{"a meeting is arranged after its case was opened, and not in the future",
	 "SELECT count(*) FROM meetings m JOIN cases c ON c.id = m.case_id WHERE m.created_at < c.created_at"
	 " OR m.created_at > {now} OR m.updated_at > {now} OR m.updated_at < m.created_at"},
	{"a message is written after its case was opened, and not in the future",
	 "SELECT count(*) FROM messages m JOIN cases c ON c.id = m.case_id WHERE m.created_at < c.created_at"
	 " OR m.created_at > {now}"},
	{"a thread begins once the case has its worker",
	 "SELECT count(*) FROM messages m WHERE NOT EXISTS (SELECT 1 FROM case_transitions t WHERE"
	 " t.case_id = m.case_id AND t.to_state = 'assigned' AND t.at <= m.created_at)"},
	{"a question about meeting before arrival is asked before arrival",
	 "SELECT count(*) FROM messages m JOIN cases c ON c.id = m.case_id WHERE m.body LIKE '%before the family arrives%'"
	 " AND m.created_at >= " ARRIVAL_AT},
	{"a sponsor group's name is its own", "SELECT count(*) - count(DISTINCT name) FROM sponsor_groups"},
	{"a constituent group sponsors one to three families",
	 "SELECT count(*) FROM sponsor_groups g WHERE g.kind = 'constituent_group'"
	 " AND (SELECT count(*) FROM cases c WHERE c.sponsor_group_id = g.id) NOT BETWEEN 1 AND 3"},
	{"a Group of Five or a community sponsor sponsors one family",
	 "SELECT count(*) FROM sponsor_groups g WHERE g.kind <> 'constituent_group'"
	 " AND (SELECT count(*) FROM cases c WHERE c.sponsor_group_id = g.id) <> 1"},
	{"a constituent group's SAH serves the group's community",
	 "SELECT count(*) FROM sponsor_groups g WHERE g.kind = 'constituent_group' AND NOT EXISTS (SELECT 1"
	 " FROM organization_communities o WHERE o.org_id = g.sah_org_id AND o.community_id = g.community_id)"},
	{"a family arrives in the future before arrival, and has arrived after",
	 "SELECT count(*) FROM cases WHERE CASE WHEN status IN ('referred', 'assigned', 'pre_arrival_met')"
	 " THEN actual_arrival IS NOT NULL OR expected_arrival IS NULL OR expected_arrival <= '{date}'"
	 " ELSE actual_arrival IS NULL OR actual_arrival > '{date}' END"},
	{"a case's history ends in its state",
	 "SELECT count(*) FROM cases c WHERE c.status <> coalesce((SELECT t.to_state FROM case_transitions t"
	 " WHERE t.case_id = c.id ORDER BY t.id DESC LIMIT 1), 'referred')"},
	{"a case's history runs forward, from its opening to the seed's moment",
	 "SELECT count(*) FROM case_transitions t JOIN cases c ON c.id = t.case_id WHERE t.at < c.created_at"
	 " OR t.at > {now} OR EXISTS (SELECT 1 FROM case_transitions u WHERE u.case_id = t.case_id"
	 " AND u.id > t.id AND u.at < t.at)"},
	{"a case moved past its pre-arrival meeting held one, before arrival and before the move",
	 "SELECT count(*) FROM case_transitions t JOIN cases c ON c.id = t.case_id WHERE t.to_state = 'pre_arrival_met'"
	 " AND NOT EXISTS (SELECT 1 FROM meetings m WHERE m.case_id = c.id AND m.kind = 'pre_arrival'"
	 " AND m.status = 'held' AND m.ends_at <= t.at AND m.starts_at < " ARRIVAL_AT ")"},
	{"a case not yet past assignment has held no meeting",
	 "SELECT count(*) FROM meetings m JOIN cases c ON c.id = m.case_id WHERE c.status IN ('referred', 'assigned')"
	 " AND m.status = 'held'"},
	{"a case moved to needs assessed held a post-arrival meeting and assessed needs after arrival, first",
	 "SELECT count(*) FROM case_transitions t JOIN cases c ON c.id = t.case_id WHERE t.to_state = 'needs_assessed'"
	 " AND (NOT EXISTS (SELECT 1 FROM meetings m WHERE m.case_id = c.id AND m.kind = 'post_arrival'"
	 "  AND m.status = 'held' AND m.ends_at <= t.at)"
	 " OR NOT EXISTS (SELECT 1 FROM needs n WHERE n.case_id = c.id AND n.flagged_pre_arrival = FALSE"
	 "  AND n.assessed_at >= " ARRIVAL_AT " AND n.assessed_at <= t.at))"},
	{"a need flagged before arrival is assessed before it, the others after, none in the future",
	 "SELECT count(*) FROM needs n JOIN cases c ON c.id = n.case_id WHERE n.assessed_at > {now}"
	 " OR (n.flagged_pre_arrival = TRUE) <> (n.assessed_at < " ARRIVAL_AT ")"},
	{"a referral follows a need of its domain, and is not dated ahead",
	 "SELECT count(*) FROM referrals r WHERE r.sent_on > '{date}' OR r.closed_on > '{date}' OR r.closed_on < r.sent_on"
	 " OR NOT EXISTS (SELECT 1 FROM needs n WHERE n.case_id = r.case_id AND n.domain = r.domain"
	 " AND n.assessed_at < (" DAYS("r.sent_on") " + 1) * 86400)"},
	{"before arrival, no task due after arrival is done",
	 "SELECT count(*) FROM plan_tasks t JOIN cases c ON c.id = t.case_id WHERE c.actual_arrival IS NULL"
	 " AND t.status = 'done' AND t.due_days > 0"},
	{"an ended sponsorship leaves no task late",
	 "SELECT count(*) FROM plan_tasks t JOIN cases c ON c.id = t.case_id"
	 " WHERE c.status IN ('sponsorship_ended', 'closed') AND " LATE},
	{"a case behind on its plan is late on three tasks at most",
	 "SELECT count(*) FROM (SELECT t.case_id FROM plan_tasks t JOIN cases c ON c.id = t.case_id WHERE " LATE
	 " GROUP BY t.case_id HAVING count(*) > 3) x"},
	{"a consent is given after its case was opened, and not in the future",
	 "SELECT count(*) FROM consents k JOIN cases c ON c.id = k.case_id WHERE k.granted_at < c.created_at"
	 " OR k.granted_at > {now}"},
	{"a case was opened and last changed by the seed's moment",
	 "SELECT count(*) FROM cases WHERE created_at > {now} OR updated_at > {now} OR updated_at < created_at"},
};

static struct th_server srv;
static long long now;
static char today[16], date[16];

static int setup(void **state)
{
	time_t t;
	struct tm tm;

	(void)state;
	if (th_server_start(&srv))
		return -1;
	/* the moment of seeding, which a PostgreSQL template may predate the run by */
	now = th_sql(&srv, "SELECT at FROM audit WHERE action = 'seed.demo'");
	if (now <= 0)
		return -1;
	t = (time_t)now;
	gmtime_r(&t, &tm);
	strftime(date, sizeof date, "%Y-%m-%d", &tm);
	snprintf(today, sizeof today, "%lld", now / 86400);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return th_server_stop(&srv);
}

/* sql with {now}, {today} and {date} put in. */
static void expand(const char *sql, char *out, size_t size)
{
	static const char *const names[] = { "{now}", "{today}", "{date}" };
	char nowtext[24];
	const char *values[] = { nowtext, today, date };
	size_t k = 0;

	snprintf(nowtext, sizeof nowtext, "%lld", now);
	while (*sql && k + 1 < size) {
		size_t i = 0;
		while (i < 3 && strncmp(sql, names[i], strlen(names[i])))
			i++;
		if (i == 3) {
			out[k++] = *sql++;
			continue;
		}
		k += (size_t)snprintf(out + k, size - k, "%s", values[i]);
		sql += strlen(names[i]);
	}
	out[k < size ? k : size - 1] = '\0';
}

static long long count(const char *sql)
{
	static char q[16384];

	expand(sql, q, sizeof q);
	return th_sql(&srv, q);
}

static void test_every_rule_holds(void **state)
{
	int broken = 0;

	(void)state;
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		long long n = count(rules[i].sql);
		if (n != 0) {
			print_message("rule broken %lld times: %s\n", n, rules[i].name);
			broken++;
		}
	}
	assert_int_equal(broken, 0);
}

/* Of the open cases in a scope (an SQL condition on the case c), the
 * percentage with a plan task past due. */
static long long late_share(const char *scope)
{
	char q[4096];
	long long open, late;

	snprintf(q, sizeof q, "SELECT count(*) FROM cases c LEFT JOIN sponsor_groups g ON g.id = c.sponsor_group_id"
		 " WHERE c.status NOT IN ('sponsorship_ended', 'closed') AND %s", scope);
	open = count(q);
	snprintf(q, sizeof q, "SELECT count(DISTINCT c.id) FROM cases c LEFT JOIN sponsor_groups g"
		 " ON g.id = c.sponsor_group_id JOIN plan_tasks t ON t.case_id = c.id"
		 " WHERE c.status NOT IN ('sponsorship_ended', 'closed') AND %s AND %s", scope, LATE);
	late = count(q);
	print_message("%lld of %lld open cases late (%s)\n", late, open, scope);
	return open > 0 ? late * 100 / open : -1;
}

/* Some cases are behind, as in a real caseload, but not most: of all the
 * workers' cases (an arrival notice not yet routed is in no caseload and
 * has no plan), and for the demo SAH, whose coordinator reads them on
 * Today. */
static void test_some_cases_are_behind_on_their_plan_not_most(void **state)
{
	long long all = late_share("c.worker_id IS NOT NULL");
	long long sah = late_share("g.sah_org_id = (SELECT m.org_id FROM memberships m JOIN users u ON u.id = m.user_id"
				   " WHERE u.email = 'sah@tandem.example')");

	(void)state;
	assert_in_range(all, 8, 22);
	assert_in_range(sah, 8, 22);
}

/* What the demo SAH coordinator reads: a few cases, each late on one to
 * three tasks. */
static void test_the_sah_reads_a_few_cases_behind(void **state)
{
	struct th_client sah;
	struct th_resp r;
	json_t *v;
	size_t i;
	int behind = 0;

	(void)state;
	assert_int_equal(th_login(&sah, &srv, "sah@tandem.example"), 200);
	assert_int_equal(th_request(&sah, &srv, "GET", "/api/v1/followups", NULL, NULL, &r), 200);
	json_array_foreach(json_object_get(r.json, "followups"), i, v) {
		if (strcmp(json_string_value(json_object_get(v, "kind")), "tasks_overdue"))
			continue;
		assert_in_range(json_integer_value(json_object_get(v, "tasks")), 1, 3);
		behind++;
	}
	print_message("the SAH reads %zu items, %d of cases late on their plan\n",
		      json_array_size(json_object_get(r.json, "followups")), behind);
	assert_in_range(behind, 1, 12);
	th_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_rule_holds),
		cmocka_unit_test(test_some_cases_are_behind_on_their_plan_not_most),
		cmocka_unit_test(test_the_sah_reads_a_few_cases_behind),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
