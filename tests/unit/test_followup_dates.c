/* test_followup_dates.c - the follow-up list's dates are the lifecycle's:
 * a family that arrived on 2028-02-29 ends its twelve months on 2029-02-28,
 * on the case page and in the list alike (issue 10: SQLite's date arithmetic
 * rolled it over to 2029-03-01), and an SPO's own settings count the same
 * way in both; a service's verification lapses by the same count of months
 * (the 28th of February for a 29th). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../src/domain/cases.h"
#include "../../src/domain/followups.h"
#include "../../src/domain/resources.h"

struct fixture {
	char path[64];
	struct store *st;
	struct arena *a;
	struct actor ac;
	int64_t case_id;
};

static int64_t day(const char *date)
{
	int64_t d = 0;

	assert_true(clock_date_parse(date, &d));
	return d;
}

/* A worker, their SPO and one case, written through the store. */
static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct community_rec c = { .name = "Kingston", .region = "Ontario" };
	struct org_rec o = { .name = "Limestone Settlement", .kind = "spo" };
	struct user_rec u = { .email = "w@x.example", .name = "W", .role = "worker", .language = "en" };
	struct case_rec r = { .family_name = "Haddad", .preferred_language = "ar", .stream = "GAR" };
	struct tandem_err e;
	int fd;

	snprintf(f->path, sizeof f->path, "/tmp/tandem-followups-XXXXXX");
	fd = mkstemp(f->path);
	close(fd);
	unlink(f->path);
	if (store_open(f->path, STORE_OPEN_CREATE, &f->st, &e) || store_migrate(f->st, NULL, &e)
	    || f->st->ops->tx_begin(f->st, true, &e) || f->st->ops->community_create(f->st, &c, &e)
	    || f->st->ops->org_create(f->st, &o, &e) || f->st->ops->user_create(f->st, &u, &e))
		return -1;
	r.community_id = c.id, r.spo_org_id = o.id, r.worker_id = u.id;
	r.status = "active", r.actual_arrival = "2028-02-29";
	if (f->st->ops->case_create(f->st, &r, &e) || f->st->ops->tx_commit(f->st, &e))
		return -1;
	f->case_id = r.id;
	f->a = arena_new();
	f->ac.user = u;
	f->ac.role = ROLE_WORKER;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char p[80];

	store_close(f->st);
	arena_free(f->a);
	unlink(f->path);
	snprintf(p, sizeof p, "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", f->path);
	unlink(p);
	free(f);
	return 0;
}

/* The follow-ups of kind for the worker on date today, or NULL. */
static const struct followup *find(struct fixture *f, const char *today, const char *kind)
{
	struct followup *rows;
	struct tandem_err e;
	size_t n;

	snprintf(f->ac.today, sizeof f->ac.today, "%s", today);
	assert_int_equal(followups_for(f->st, &f->ac, day(today) * 86400 + 43200, false, f->a, &rows, &n, &e), 0);
	for (size_t i = 0; i < n; i++)
		if (rows[i].case_id == f->case_id && strcmp(rows[i].kind, kind) == 0)
			return &rows[i];
	return NULL;
}

static void test_sponsorship_ending_uses_the_lifecycles_month_arithmetic(void **state)
{
	struct fixture *f = *state;
	struct case_rec r = { .spo_org_id = 0, .actual_arrival = "2028-02-29" };
	struct lifecycle_due due;
	struct tandem_err e;
	char end[CLOCK_DATE_LEN];
	const struct followup *x;

	assert_int_equal(cases_due(f->st, &r, f->a, &due, &e), 0);
	clock_date_format(due.sponsorship_end, end);
	assert_string_equal(end, "2029-02-28");
	x = find(f, "2029-02-15", "sponsorship_ending");
	assert_non_null(x);
	assert_string_equal(x->due, end);
	/* The day after the end, it is no longer ending. */
	assert_null(find(f, "2029-03-01", "sponsorship_ending"));
	assert_null(find(f, "2029-01-15", "sponsorship_ending"));
}

/* An SPO's settings are read as the lifecycle reads them, everywhere. */
static void test_overdue_rules_use_the_spos_settings_as_the_case_page_does(void **state)
{
	struct fixture *f = *state;
	struct spo_settings s = { .pre_arrival_days = 30, .needs_days = 3, .sponsorship_months = 6,
				  .checkin_months = "1", .interpretation_ok = true };
	struct case_rec r;
	struct lifecycle_due due;
	struct tandem_err e;
	char want[CLOCK_DATE_LEN];
	const struct followup *x;

	assert_int_equal(f->st->ops->tx_begin(f->st, true, &e), 0);
	assert_int_equal(f->st->ops->case_get(f->st, f->case_id, f->a, &r, &e), 0);
	assert_int_equal(f->st->ops->spo_settings_put(f->st, r.spo_org_id, &s, &e), 0);
	r.status = "arrived";
	assert_int_equal(f->st->ops->case_update(f->st, &r, &e), 0);
	assert_int_equal(f->st->ops->tx_commit(f->st, &e), 0);
	assert_int_equal(cases_due(f->st, &r, f->a, &due, &e), 0);
	clock_date_format(due.needs_assessment, want);
	assert_string_equal(want, "2028-03-03");
	x = find(f, "2028-03-04", "needs_overdue");
	assert_non_null(x);
	assert_string_equal(x->due, want);
	assert_null(find(f, "2028-03-03", "needs_overdue"));
	/* 0 days is a setting, read as such in both places: due on arrival day. */
	s.needs_days = 0;
	assert_int_equal(f->st->ops->tx_begin(f->st, true, &e), 0);
	assert_int_equal(f->st->ops->spo_settings_put(f->st, r.spo_org_id, &s, &e), 0);
	assert_int_equal(f->st->ops->tx_commit(f->st, &e), 0);
	assert_int_equal(cases_due(f->st, &r, f->a, &due, &e), 0);
	clock_date_format(due.needs_assessment, want);
	assert_string_equal(want, "2028-02-29");
	x = find(f, "2028-03-01", "needs_overdue");
	assert_non_null(x);
	assert_string_equal(x->due, want);
}

/* Fresh through the same day twelve months on, stale the day after. */
static void test_a_verification_lapses_twelve_months_on_as_the_lifecycle_counts(void **state)
{
	(void)state;
	assert_false(resources_stale("2025-12-07", "2026-12-07"));
	assert_true(resources_stale("2025-12-06", "2026-12-07"));
	assert_false(resources_stale("2027-02-28", "2028-02-29"));
	assert_true(resources_stale("2027-02-27", "2028-02-29"));
	assert_false(resources_stale("2025-01-01", "2026-01-01"));
	assert_true(resources_stale("2024-12-31", "2026-01-01"));
	assert_true(resources_stale(NULL, "2026-01-01"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sponsorship_ending_uses_the_lifecycles_month_arithmetic, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_overdue_rules_use_the_spos_settings_as_the_case_page_does,
						setup, teardown),
		cmocka_unit_test(test_a_verification_lapses_twelve_months_on_as_the_lifecycle_counts),
	};
	return cmocka_run_group_tests_name("followup_dates", tests, NULL, NULL);
}
