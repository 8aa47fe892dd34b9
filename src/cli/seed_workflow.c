/* seed_workflow.c - the demo cases' workflow, consistent with their state:
 * the lifecycle's history, the plan with its progress, meetings, needs,
 * referrals and messages. Some cases are left needing follow-up, as real
 * caseloads are. */
#include <stdio.h>
#include <string.h>

#include "../domain/lifecycle.h"
#include "../domain/needs.h"
#include "../domain/plan.h"
#include "../lib/clock.h"
#include "seed.h"

uint64_t seed_next(struct seed *s)
{
	uint64_t z = (s->rng += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

int seed_pick(struct seed *s, int n)
{
	return (int)(seed_next(s) % (uint64_t)n);
}

bool seed_chance(struct seed *s, int percent)
{
	return seed_pick(s, 100) < percent;
}

/* When each state was reached, in days from arrival. */
static const int reached[CASE_STATE__MAX] = { -60, -40, -16, 0, 5, 8, 365, 380 };

static const char *const services[] = {
	"Housing help centre", "Community health centre", "Newcomer mental health clinic",
	"Language assessment centre (LINC)", "School board welcome centre", "Employment Ontario office",
	"Ontario Works office", "Child care subsidy office", "Refugee legal clinic", "Newcomer women's circle",
};

static const char *const outcomes[] = {
	"Roles agreed: the sponsors lead on housing and banking, the worker on health and school.",
	"Family settled in; interpreter by phone worked well. Next: health card and school.",
	"Reviewed the plan together; the family asked about English classes for both parents.",
	"Check-in: the children are in school; the father wants to discuss work.",
};

static int history(struct seed *s, const struct case_rec *r, int state, int64_t arrival, int64_t worker)
{
	int rc = 0;

	for (int st = CASE_ASSIGNED; !rc && st <= state; st++) {
		struct transition_rec t = {
			.case_id = r->id, .by_user = worker, .at = (arrival + reached[st]) * 86400 + 15 * 3600,
			.from_state = lifecycle_state_name((enum case_state)(st - 1)),
			.to_state = lifecycle_state_name((enum case_state)st), .reason = "",
		};
		if (t.at > s->now)
			t.at = s->now - 3600;
		rc = s->st->ops->transition_insert(s->st, &t, s->e);
	}
	return rc;
}

static int plan(struct seed *s, const struct case_rec *r, int64_t arrival, int64_t worker)
{
	struct task_rec *tasks;
	size_t n;
	int rc = plan_instantiate(s->st, r, worker, s->a, s->e);

	if (!rc)
		rc = s->st->ops->task_list(s->st, r->id, s->a, &tasks, &n, s->e);
	for (size_t i = 0; !rc && i < n; i++) {
		int64_t due = arrival + tasks[i].due_days;
		if (due < s->today - 3 && seed_chance(s, 85))
			tasks[i].status = "done";
		else if (due < s->today + 10 && seed_chance(s, 40))
			tasks[i].status = "doing";
		else
			continue;
		tasks[i].updated_at = s->now;
		rc = s->st->ops->task_update(s->st, &tasks[i], s->e);
	}
	return rc;
}

static int meeting(struct seed *s, const struct case_rec *r, const char *kind, int64_t day, const char *status,
		   int64_t worker)
{
	struct attendee_rec who = { .user_id = worker };
	struct meeting_rec m = {
		.case_id = r->id, .created_by = worker, .kind = kind, .mode = seed_chance(s, 60) ? "in_person" : "video",
		.place = "Settlement office, meeting room 2", .interpreter_language =
		strcmp(r->preferred_language, "en") ? r->preferred_language : NULL, .status = status,
		.outcome_notes = strcmp(status, "held") ? NULL : outcomes[seed_pick(s, 4)],
		.starts_at = day * 86400 + 15 * 3600, .ends_at = day * 86400 + 16 * 3600, .utc_offset = -300,
		.attendees = &who, .n_attendees = 1, .created_at = s->now, .updated_at = s->now,
	};

	s->n_meetings++;
	return s->st->ops->meeting_create(s->st, &m, s->e);
}

static int meetings(struct seed *s, const struct case_rec *r, int state, int64_t arrival, int64_t worker)
{
	static const int checkins[] = { 30, 91, 182, 334 };
	int rc = 0;

	if (state == CASE_ASSIGNED && arrival - 16 > s->today && seed_chance(s, 60))
		rc = meeting(s, r, "pre_arrival", arrival - 16, "scheduled", worker);
	if (!rc && state >= CASE_PRE_ARRIVAL_MET)
		rc = meeting(s, r, "pre_arrival", arrival - 16, "held", worker);
	/* Some post-arrival meetings are past and unrecorded: follow-up shows them. */
	if (!rc && state == CASE_ARRIVED)
		rc = meeting(s, r, "post_arrival", arrival + 3, "scheduled", worker);
	if (!rc && state >= CASE_NEEDS_ASSESSED)
		rc = meeting(s, r, "post_arrival", arrival + 3, "held", worker);
	for (int i = 0; !rc && state >= CASE_ACTIVE && i < 4; i++) {
		int64_t day = arrival + checkins[i];
		if (day < s->today)
			rc = meeting(s, r, "follow_up", day, seed_chance(s, 90) ? "held" : "no_show", worker);
		else if (state == CASE_ACTIVE)
			rc = meeting(s, r, "follow_up", day, "scheduled", worker);
		if (day >= s->today)
			break;
	}
	return rc;
}

static const char *level(struct seed *s)
{
	int r = seed_pick(s, 100);
	return r < 20 ? "none" : r < 50 ? "low" : r < 75 ? "medium" : r < 92 ? "high" : "urgent";
}

static int needs(struct seed *s, const struct case_rec *r, int state, int64_t arrival, int64_t worker)
{
	int rc = 0;

	if (state >= CASE_PRE_ARRIVAL_MET && seed_chance(s, 30)) {
		struct need_rec n = { .case_id = r->id, .domain = "health", .level = seed_chance(s, 50) ? "high" : "medium",
				      .note = "Flagged at the pre-arrival meeting: needs a doctor who speaks the family's"
				      " language.", .flagged_pre_arrival = true, .assessed_by = worker,
				      .assessed_at = (arrival - 16) * 86400 + 16 * 3600 };
		rc = s->st->ops->need_insert(s->st, &n, s->e);
	}
	for (int d = 0; !rc && state >= CASE_NEEDS_ASSESSED && needs_domains[d]; d++) {
		struct need_rec n = { .case_id = r->id, .domain = needs_domains[d], .assessed_by = worker,
				      .assessed_at = (arrival + 4) * 86400 + 16 * 3600 };
		struct referral_rec ref;
		char sent[CLOCK_DATE_LEN];
		if (seed_chance(s, 40))
			continue;
		n.level = level(s);
		rc = s->st->ops->need_insert(s->st, &n, s->e);
		if (rc || (strcmp(n.level, "high") && strcmp(n.level, "urgent")) || !seed_chance(s, 75))
			continue;
		clock_date_format(arrival + 6, sent);
		ref = (struct referral_rec){ .case_id = r->id, .service = services[d], .domain = n.domain,
					     .status = state >= CASE_ACTIVE ? "completed" : "sent",
					     .sent_on = arena_strdup(s->a, sent), .created_by = worker, .updated_at = s->now };
		if (!strcmp(ref.status, "completed"))
			ref.closed_on = ref.sent_on;
		rc = s->st->ops->referral_create(s->st, &ref, s->e);
	}
	return rc;
}

static int message(struct seed *s, const struct case_rec *r, int64_t author, const char *role, const char *body,
		   int64_t at)
{
	struct message_rec m = { .case_id = r->id, .author_id = author, .author_role = role, .body = body,
				 .created_at = at };

	s->n_messages++;
	return s->st->ops->message_create(s->st, &m, s->e);
}

static int messages(struct seed *s, const struct case_rec *r, int state, int64_t worker, int64_t sponsor,
		    int64_t family)
{
	int64_t t = s->now - (int64_t)(6 + seed_pick(s, 20)) * 86400;
	int rc;

	if (state < CASE_ASSIGNED || state == CASE_CLOSED || !sponsor)
		return 0;
	rc = message(s, r, worker, "worker", "Hello, I am your settlement worker and your contact for the year.", t);
	if (!rc)
		rc = message(s, r, sponsor, "sponsor", "Thank you! Could we meet before the family arrives?", t + 3600);
	if (!rc && family)
		rc = message(s, r, family, "refugee", "Thank you for your help. When is our next appointment?",
			     t + 86400);
	/* A quarter of threads end on a question still unanswered. */
	if (!rc && seed_chance(s, 75))
		rc = message(s, r, worker, "worker", "Yes: I have sent a meeting invitation for next week.", t + 2 * 86400);
	return rc;
}

int seed_workflow(struct seed *s, const struct case_rec *r, int state, int64_t sponsor, int64_t family)
{
	int64_t arrival = 0, worker = r->worker_id;
	const char *basis = r->actual_arrival ? r->actual_arrival : r->expected_arrival;
	int rc;

	if (!worker || !basis || !clock_date_parse(basis, &arrival))
		return 0;
	rc = history(s, r, state, arrival, worker);
	if (!rc)
		rc = plan(s, r, arrival, worker);
	if (!rc)
		rc = meetings(s, r, state, arrival, worker);
	if (!rc)
		rc = needs(s, r, state, arrival, worker);
	if (!rc)
		rc = messages(s, r, state, worker, sponsor, family);
	return rc;
}
