/* followups.c - ranking and wording what needs attention. */
#include "followups.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/clock.h"
#include "audit.h"
#include "cases.h"
#include "lifecycle.h"
#include "plan.h"

int64_t followups_workdays_before(int64_t now, int days)
{
	int64_t t = now;

	while (days > 0) {
		int weekday;
		t -= 86400;
		weekday = (int)(((t / 86400) + 4) % 7);   /* 1970-01-01 was a Thursday; 0 is Sunday */
		if (weekday != 0 && weekday != 6)
			days--;
	}
	return t;
}

static const char *domain_words(struct arena *a, const char *domain)
{
	char *s = arena_strdup(a, domain);

	for (char *p = s; p && *p; p++)
		if (*p == '_')
			*p = ' ';
	return s;
}

/* Words and rank of one row; NULL when the caller's role must not see it. */
static const char *word(const struct actor *ac, struct followup_row *r, struct arena *a, int *rank)
{
	const char *colon = strchr(r->detail, ':');
	bool sah = ac->role == ROLE_SAH_COORDINATOR;

	if (!strcmp(r->kind, "pre_arrival_overdue")) {
		*rank = 1;
		return arena_printf(a, "The pre-arrival meeting was due by %s.", r->due);
	}
	if (!strcmp(r->kind, "needs_overdue")) {
		*rank = 1;
		return arena_printf(a, "The needs assessment was due by %s.", r->due);
	}
	if (!strcmp(r->kind, "meeting_without_outcome")) {
		*rank = 2;
		return arena_printf(a, "The %s meeting of %s has no recorded outcome.",
				    domain_words(a, r->detail), r->due);
	}
	if (!strcmp(r->kind, "referred")) {   /* the managers' to act on; anyone else waits */
		if (ac->role != ROLE_SPO_MANAGER)
			return NULL;
		*rank = 2;
		return arena_printf(a, "Referred to the agency on %s: a worker is to be assigned.", r->due);
	}
	if (!strcmp(r->kind, "unassigned")) {
		*rank = 3;
		return arena_printf(a, "No worker assigned since %s.", r->due);
	}
	if (!strcmp(r->kind, "sponsorship_ending")) {
		*rank = 5;
		return arena_printf(a, "The sponsorship ends on %s.", r->due);
	}
	if (!strcmp(r->kind, "task_overdue")) {
		*rank = 4;
		return "";   /* worded once the case's overdue tasks are counted */
	}
	if (sah)   /* needs and messages are not the SAH's to see here */
		return NULL;
	if (!strcmp(r->kind, "message_unanswered")) {
		*rank = 3;
		return arena_printf(a, "A message from the %s on %s is unanswered.",
				    strcmp(r->detail, "refugee") ? "sponsors" : "family", r->due);
	}
	if (!strcmp(r->kind, "needs_without_referral") && colon) {
		bool urgent = !strcmp(colon + 1, "urgent");
		*rank = urgent ? 0 : 4;
		return arena_printf(a, "%s %s need without a referral.", urgent ? "An urgent" : "A high",
				    domain_words(a, arena_strndup(a, r->detail, (size_t)(colon - r->detail))));
	}
	return NULL;
}

static int by_rank(const void *x, const void *y)
{
	const struct followup *a = x, *b = y;
	int d;

	if (a->rank != b->rank)
		return a->rank - b->rank;
	d = strcmp(a->due, b->due);
	return d ? d : (a->case_id > b->case_id) - (a->case_id < b->case_id);
}

static bool health_row(const struct followup_row *r)
{
	return !strcmp(r->kind, "needs_without_referral")
		&& (!strncmp(r->detail, "health:", 7) || !strncmp(r->detail, "mental_health:", 14));
}

/* A reason that names a health need is a read of health data. */
static int audit_health(struct store *st, const struct actor *ac, const struct followup_row *rows, size_t n,
			struct arena *a, struct tandem_err *e)
{
	struct audit_rec *recs = arena_alloc(a, (n + 1) * sizeof *recs);
	size_t k = 0;

	if (!recs)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	for (size_t i = 0; i < n; i++)
		if (health_row(&rows[i]))
			recs[k++] = audit_entry(ac->user.id, "followup.read", rows[i].case_id, "health", "allowed", "");
	if (k && audit_record(st, recs, k, e))
		return tandem_fail(e, TANDEM_EUNAVAIL, "audit_unavailable",
				   "The read could not be recorded in the audit log; try again.");
	return 0;
}

/* The rules that count from arrival, with the lifecycle's dates (the same
 * as the case page's): whether r holds on day today, its date put in due.
 * Other rules hold as the store found them. */
static bool dated_rule_holds(struct followup_row *r, int64_t today, struct arena *a)
{
	struct lifecycle_settings s;
	struct lifecycle_due due;
	int64_t arrival, received = 0, date;
	char d[CLOCK_DATE_LEN];
	bool holds;

	if (strcmp(r->kind, "pre_arrival_overdue") && strcmp(r->kind, "needs_overdue")
	    && strcmp(r->kind, "sponsorship_ending"))
		return true;
	if (!clock_date_parse(r->due, &arrival))
		return false;
	lifecycle_settings(&s, r->pre_arrival_days, r->needs_days, r->sponsorship_months, NULL);
	if (r->received && !clock_date_parse(r->received, &received))
		received = 0;
	lifecycle_due(&s, arrival, received, &due);
	if (!strcmp(r->kind, "pre_arrival_overdue"))
		date = due.pre_arrival_meeting, holds = date < today;
	else if (!strcmp(r->kind, "needs_overdue"))
		date = due.needs_assessment, holds = date < today;
	else
		date = due.sponsorship_end, holds = date >= today && date <= today + FOLLOWUP_ENDING_DAYS;
	clock_date_format(date, d);
	r->due = arena_strdup(a, d);
	return holds;
}

/* Folds the overdue plan task r into its case's one item among out[0..k):
 * true when it went into an item already there. */
static bool fold_task(struct followup *out, size_t k, const struct followup_row *r, const char *title)
{
	for (size_t i = 0; i < k; i++) {
		struct followup *f = &out[i];
		if (f->case_id != r->case_id || strcmp(f->kind, "tasks_overdue"))
			continue;
		f->tasks++;
		if (strcmp(r->due, f->due) < 0)
			f->due = r->due, f->task = title;
		return true;
	}
	return false;
}

static void word_tasks(struct followup *out, size_t k, struct arena *a)
{
	for (size_t i = 0; i < k; i++)
		if (!strcmp(out[i].kind, "tasks_overdue"))
			out[i].reason = out[i].tasks == 1
				? arena_printf(a, "The plan task \"%s\" was due by %s.", out[i].task, out[i].due)
				: arena_printf(a, "%d plan tasks are past due, the first \"%s\" by %s.", out[i].tasks,
					       out[i].task, out[i].due);
}

static int by_kind_and_case(const void *x, const void *y)
{
	const struct followup_row *a = x, *b = y;
	int d = strcmp(a->kind, b->kind);

	return d ? d : (a->case_id > b->case_id) - (a->case_id < b->case_id);
}

const char *const followups_kinds[FOLLOWUP_KINDS + 1] = {
	"pre_arrival_overdue", "needs_overdue", "referred", "unassigned", "needs_without_referral",
	"meeting_without_outcome", "message_unanswered", "task_overdue", "sponsorship_ending", NULL
};

int followups_every(struct store *st, int64_t now, int64_t today, struct arena *a, struct followup_row **out,
		    size_t *n, struct tandem_err *e)
{
	char day[CLOCK_DATE_LEN];
	struct followup_query q = {
		.now = now, .today = day, .every = true,
		.unassigned_before = now - FOLLOWUP_UNASSIGNED_DAYS * 86400,
		.unanswered_before = followups_workdays_before(now, FOLLOWUP_UNANSWERED_WORKDAYS),
	};
	struct followup_row *rows;
	size_t count, k = 0;
	int rc;

	clock_date_format(today, day);
	if ((rc = st->ops->followup_rows(st, &q, a, &rows, &count, e)))
		return rc;
	/* a case's needs, meetings or tasks of one kind next to each other */
	qsort(rows, count, sizeof *rows, by_kind_and_case);
	for (size_t i = 0; i < count; i++) {
		if (!dated_rule_holds(&rows[i], today, a))
			continue;
		if (k && rows[k - 1].case_id == rows[i].case_id && !strcmp(rows[k - 1].kind, rows[i].kind))
			continue;
		rows[k++] = rows[i];
	}
	*out = rows, *n = k;
	return 0;
}

int followups_for(struct store *st, const struct actor *ac, int64_t now, bool shown, struct arena *a,
		  struct followup **out, size_t *n, struct tandem_err *e)
{
	const struct policy_actor *p = &ac->policy;
	struct followup_query q = {
		.now = now,
		.unassigned_before = now - FOLLOWUP_UNASSIGNED_DAYS * 86400,
		.unanswered_before = followups_workdays_before(now, FOLLOWUP_UNANSWERED_WORKDAYS),
	};
	int64_t today;
	char day[CLOCK_DATE_LEN];
	struct followup_row *rows;
	size_t count, k = 0;
	int rc;

	if (ac->role == ROLE_WORKER) {
		q.worker_id = ac->user.id;
	} else if (ac->role == ROLE_SPO_MANAGER) {
		q.spo_org_ids = p->org_ids;
		q.n_spo_org_ids = p->n_org_ids;
	} else if (ac->role == ROLE_SAH_COORDINATOR) {
		q.sah_org_ids = p->org_ids;
		q.n_sah_org_ids = p->n_org_ids;
	} else {
		return cases_refuse(st, ac, "followup.read", 0, NULL, e,
				    "Follow-up is for workers, managers and SAHs.");
	}
	if (!clock_date_parse(ac->today, &today))
		today = clock_day(now);
	clock_date_format(today, day);
	q.today = day;
	rc = st->ops->followup_rows(st, &q, a, &rows, &count, e);
	if (rc)
		return rc;
	*out = arena_alloc(a, (count + 1) * sizeof **out);
	if (!*out)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	for (size_t i = 0; i < count; i++) {
		struct followup *f = &(*out)[k];
		if (!dated_rule_holds(&rows[i], today, a))
			continue;
		f->reason = word(ac, &rows[i], a, &f->rank);
		if (!f->reason)
			continue;
		if (!strcmp(rows[i].kind, "task_overdue")) {
			struct task_rec t = { .template_key = rows[i].detail };
			const char *title = plan_title(&t, ac->user.language);
			if (fold_task(*out, k, &rows[i], title))
				continue;
			f->kind = "tasks_overdue", f->tasks = 1, f->task = title;
		} else {
			f->kind = rows[i].kind, f->tasks = 0, f->task = NULL;
		}
		f->case_id = rows[i].case_id;
		f->family_name = rows[i].family_name;
		f->group_name = rows[i].group_name;
		f->meeting_id = !strcmp(rows[i].kind, "meeting_without_outcome") ? rows[i].ref_id : 0;
		f->due = rows[i].due ? rows[i].due : "";
		f->domain = f->level = NULL;
		if (!strcmp(f->kind, "needs_without_referral")) {
			const char *colon = strchr(rows[i].detail, ':');
			f->domain = arena_strndup(a, rows[i].detail, (size_t)(colon - rows[i].detail));
			f->level = colon + 1;
		}
		k++;
	}
	word_tasks(*out, k, a);
	qsort(*out, k, sizeof **out, by_rank);
	*n = k;
	return !shown || ac->role == ROLE_SAH_COORDINATOR ? 0 : audit_health(st, ac, rows, count, a, e);
}
