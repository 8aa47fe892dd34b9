/* seed_workflow.c - the demo cases' workflow, one story a case: the
 * lifecycle's history, the plan with its progress, meetings with what was
 * agreed, needs, referrals and messages, each dated after what it follows
 * and none after the moment of seeding. Some cases are left needing
 * follow-up, as real caseloads are: a few late on their plan, a meeting of
 * the last days without its outcome, a question waiting for its answer. */
#include <stdio.h>
#include <string.h>

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

/* A moment of day d, in seconds (UTC). */
static int64_t at(int64_t d, int hour, int minute)
{
	return d * 86400 + hour * 3600 + minute * 60;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

/* Before arrival the story is drawn back from today, so that a case
 * arriving soon met its sponsors already; after arrival it runs forward
 * from the arrival day, as the lifecycle's due dates do. */
void seed_story(struct seed *s, struct seed_story *t, enum case_state state, int64_t arrival)
{
	int64_t *day = t->reached;

	*t = (struct seed_story){ .state = state, .arrival = arrival };
	if (state == CASE_REFERRED) {
		/* Half the referred cases have waited five days for a worker. */
		t->opened_at = s->now - (seed_chance(s, 50) ? 5 * 86400 : 0);
		day[CASE_REFERRED] = clock_day(t->opened_at);
		return;
	}
	if (state == CASE_ASSIGNED) {
		day[CASE_ASSIGNED] = s->today - 1 - seed_pick(s, 25);
	} else {
		t->pre_arrival = min64(arrival - 16, s->today - 1) - seed_pick(s, 5);
		day[CASE_PRE_ARRIVAL_MET] = t->pre_arrival;
		day[CASE_ASSIGNED] = t->pre_arrival - 8 - seed_pick(s, 20);
	}
	day[CASE_REFERRED] = day[CASE_ASSIGNED] - 2 - seed_pick(s, 5);
	t->opened_at = at(day[CASE_REFERRED], 9, 30);
	if (state < CASE_ARRIVED)
		return;
	day[CASE_ARRIVED] = arrival;
	t->post_arrival = arrival + 3;
	if (state >= CASE_NEEDS_ASSESSED)
		day[CASE_NEEDS_ASSESSED] = arrival + 5;
	if (state >= CASE_ACTIVE)
		day[CASE_ACTIVE] = arrival + 8;
	if (state >= CASE_SPONSORSHIP_ENDED)
		day[CASE_SPONSORSHIP_ENDED] = min64(clock_add_months(arrival, 12) + seed_pick(s, 10), s->today - 1);
	if (state >= CASE_CLOSED)
		day[CASE_CLOSED] = day[CASE_SPONSORSHIP_ENDED] + 5 + seed_pick(s, 15);
}

static int history(struct seed *s, const struct case_rec *r, const struct seed_story *t, int64_t worker)
{
	int rc = 0;

	for (int st = CASE_ASSIGNED; !rc && st <= (int)t->state; st++) {
		struct transition_rec tr = {
			.case_id = r->id, .by_user = worker, .at = at(t->reached[st], 17, 0),
			.from_state = lifecycle_state_name((enum case_state)(st - 1)),
			.to_state = lifecycle_state_name((enum case_state)st), .reason = "",
		};
		rc = s->st->ops->transition_insert(s->st, &tr, s->e);
	}
	return rc;
}

enum { LATE_DAYS = 60 };   /* how far back a task left late fell due */

/* Whether the case is behind on its plan: one in four of the open cases
 * that had a task fall due lately, counted for each SAH (and for the
 * cases of none) so that every SAH has its share, not more. */
static bool behind(struct seed *s, const struct seed_story *t, const struct task_rec *tasks, size_t n)
{
	bool lately = false;

	for (size_t i = 0; i < n; i++) {
		int64_t due = t->arrival + tasks[i].due_days;
		lately |= due < s->today && due >= s->today - LATE_DAYS;
	}
	if (!lately || t->state > CASE_ACTIVE)
		return false;
	return s->lately_due[t->sah >= 0 ? t->sah : SEED_SAHS]++ % 4 == 1;
}

/* Done: what fell due before today, but on a case that is behind, one to
 * three of the tasks that fell due lately. Under way: some of what falls
 * due in the next ten days. */
static int plan(struct seed *s, const struct case_rec *r, const struct seed_story *t, int64_t worker)
{
	struct task_rec *tasks = NULL;
	size_t n = 0;
	int late = 0;
	int rc = plan_instantiate(s->st, r, worker, s->a, s->e);

	if (!rc)
		rc = s->st->ops->task_list(s->st, r->id, s->a, &tasks, &n, s->e);
	if (!rc && behind(s, t, tasks, n))
		late = 1 + seed_pick(s, 3);
	for (size_t i = n; !rc && i-- > 0;) {
		int64_t due = t->arrival + tasks[i].due_days;
		if (due < s->today && late > 0 && due >= s->today - LATE_DAYS) {
			late--;
			tasks[i].status = seed_chance(s, 50) ? "doing" : "todo";
		} else if (due < s->today) {
			tasks[i].status = "done";
		} else if (due < s->today + 10 && seed_chance(s, 40)) {
			tasks[i].status = "doing";
		} else {
			continue;
		}
		if (!strcmp(tasks[i].status, "todo"))
			continue;
		tasks[i].updated_at = s->now;
		rc = s->st->ops->task_update(s->st, &tasks[i], s->e);
	}
	return rc;
}

/* What was agreed, as the worker writes it for the family and sponsors. */
static const char *const pre_arrival_summaries[] = {
	"Roles agreed for the year: the sponsors find the flat, furnish it and open the bank account; the worker"
	" books the health coverage and the language assessment.",
	"We went through the first weeks together. The sponsors meet the family at the airport and stay with them"
	" the first night; the worker visits on the third day with an interpreter.",
	"Agreed: the sponsors set up the flat and the phones and keep a month's groceries in; the worker arranges"
	" an interpreter for the first appointments and books the SIN and OHIP applications.",
};
static const char *const post_arrival_summaries[] = {
	"Welcome meeting at home. Agreed: the sponsors take the family to apply for OHIP and the SIN this week;"
	" the worker books the language assessment and comes back for the needs assessment.",
	"The family is settling in. Agreed: the sponsors show them the bus routes and the nearest clinic; the"
	" worker finds a family doctor and books the needs assessment.",
};
static const char *const checkin_summaries[] = {
	"One-month check-in: the bank account is open and the health cards have come. Agreed: the worker books"
	" English classes for the adults; the sponsors ride the bus routes with them.",
	"Three-month check-in: English classes have started; the family asked about a dentist. Agreed: the worker"
	" books a dental check-up; the sponsors go through the monthly budget with the family.",
	"Six-month check-in: the family asked about work in their trades. Agreed: the worker refers them to"
	" employment services; the sponsors ask their networks about work.",
	"Month-13 planning: income, housing and work after the sponsorship year. Agreed: the family applies for"
	" Ontario Works if needed; the sponsors help look for a cheaper flat",
};
/* The worker's own notes, which only the worker and the agency read. */
static const char *const private_notes[] = {
	"One of the adults said little with the sponsors present; offer a meeting of their own with an interpreter.",
	"Interpreter by phone worked well; book the same one next time.",
	"Sponsors and family see the budget differently; talk to the group's lead before the next meeting.",
	"A relative interpreted for the family; book a professional interpreter next time.",
};

static const char *summary(struct seed *s, const char *kind, int checkin, int64_t arrival)
{
	char date[CLOCK_DATE_LEN];

	if (!strcmp(kind, "pre_arrival")) {
		clock_date_format(arrival, date);
		return arena_printf(s->a, "%s The family arrives on %s.", pre_arrival_summaries[seed_pick(s, 3)], date);
	}
	if (!strcmp(kind, "post_arrival"))
		return post_arrival_summaries[seed_pick(s, 2)];
	if (checkin < 3)
		return checkin_summaries[checkin];
	clock_date_format(clock_add_months(arrival, 12), date);
	return arena_printf(s->a, "%s before the sponsorship ends on %s.", checkin_summaries[checkin], date);
}

/* In person at the agency (the family's home once it has one), by video
 * with a link of the agency's, or by phone with no place at all. The
 * post-arrival meeting is the welcome, at home. */
static void arrange(struct seed *s, struct meeting_rec *m, const struct seed_story *t)
{
	const struct seed_org *o = &seed_spos[t->spo];
	int r = seed_pick(s, 100);

	if (!strcmp(m->kind, "post_arrival") || r < 55) {
		m->mode = "in_person";
		m->place = strcmp(m->kind, "pre_arrival") && (!strcmp(m->kind, "post_arrival") || r < 25)
			? "At the family's home" : arena_printf(s->a, "%s, meeting room %d", o->name, 1 + r % 4);
	} else if (r < 85) {
		m->mode = "video";
		m->place = arena_printf(s->a, "https://meet.%s/case-%lld", o->domain, (long long)m->case_id);
	} else {
		m->mode = "phone";
		m->place = NULL;
	}
}

/* A meeting of day, arranged ten days before (not before the case had its
 * worker, nor after now), recorded in the evening once held or missed. */
static int meeting(struct seed *s, const struct case_rec *r, const struct seed_story *t, const char *kind,
		   int checkin, int64_t day, const char *status, int64_t worker)
{
	struct attendee_rec who = { .user_id = worker };
	struct meeting_rec m = {
		.case_id = r->id, .created_by = worker, .kind = kind, .status = status,
		.interpreter_language = strcmp(r->preferred_language, "en") ? r->preferred_language : NULL,
		.starts_at = at(day, 15, 0), .ends_at = at(day, 16, 0), .utc_offset = -300,
		.attendees = &who, .n_attendees = 1,
	};
	int64_t arranged = at(t->reached[CASE_ASSIGNED], 17, 30);

	arrange(s, &m, t);
	if (!strcmp(status, "held")) {
		m.summary = summary(s, kind, checkin, t->arrival);
		m.outcome_notes = seed_chance(s, 40) ? private_notes[seed_pick(s, 4)] : NULL;
	}
	m.created_at = min64(s->now, m.starts_at - 10 * 86400 > arranged ? m.starts_at - 10 * 86400 : arranged);
	m.updated_at = strcmp(status, "scheduled") ? min64(s->now, m.ends_at + 3 * 3600) : m.created_at;
	s->n_meetings++;
	return s->st->ops->meeting_create(s->st, &m, s->e);
}

static int meetings(struct seed *s, const struct case_rec *r, const struct seed_story *t, int64_t worker)
{
	static const int checkins[] = { 30, 91, 182, 334 };
	int64_t arrival = t->arrival;
	int rc = 0;

	if (t->state == CASE_ASSIGNED && arrival - 16 > s->today && seed_chance(s, 60))
		rc = meeting(s, r, t, "pre_arrival", 0, arrival - 16, "scheduled", worker);
	if (!rc && t->pre_arrival)
		rc = meeting(s, r, t, "pre_arrival", 0, t->pre_arrival, "held", worker);
	/* Once arrived, the welcome is ahead, or of the last three days and
	 * still waiting for its outcome to be recorded: follow-up shows it. */
	if (!rc && t->state == CASE_ARRIVED)
		rc = meeting(s, r, t, "post_arrival", 0, t->post_arrival, "scheduled", worker);
	if (!rc && t->state >= CASE_NEEDS_ASSESSED)
		rc = meeting(s, r, t, "post_arrival", 0, t->post_arrival, "held", worker);
	for (int i = 0; !rc && t->state >= CASE_ACTIVE && i < 4; i++) {
		int64_t day = arrival + checkins[i];
		if (day < s->today)
			rc = meeting(s, r, t, "follow_up", i, day, seed_chance(s, 90) ? "held" : "no_show", worker);
		else if (t->state == CASE_ACTIVE)
			rc = meeting(s, r, t, "follow_up", i, day, "scheduled", worker);
		if (day >= s->today)
			break;
	}
	return rc;
}

static const char *const services[] = {
	"Housing help centre", "Community health centre", "Newcomer mental health clinic",
	"Language assessment centre (LINC)", "School board welcome centre", "Employment Ontario office",
	"Ontario Works office", "Child care subsidy office", "Refugee legal clinic", "Newcomer women's circle",
};

static const char *level(struct seed *s)
{
	int r = seed_pick(s, 100);
	return r < 20 ? "none" : r < 50 ? "low" : r < 75 ? "medium" : r < 92 ? "high" : "urgent";
}

/* A referral for a need assessed on the day after the welcome, sent two
 * days later, completed within six weeks once the case is active. */
static int referral(struct seed *s, const struct case_rec *r, const struct seed_story *t, int d, int64_t worker)
{
	char sent[CLOCK_DATE_LEN], closed[CLOCK_DATE_LEN];
	struct referral_rec ref = {
		.case_id = r->id, .service = services[d], .domain = needs_domains[d],
		.status = t->state >= CASE_ACTIVE ? "completed" : "sent", .created_by = worker,
	};

	clock_date_format(t->arrival + 6, sent);
	ref.sent_on = sent;
	ref.updated_at = at(t->arrival + 6, 17, 0);
	if (t->state >= CASE_ACTIVE) {
		int64_t done = min64(t->arrival + 12 + seed_pick(s, 30), s->today - 1);
		clock_date_format(done, closed);
		ref.closed_on = closed;
		ref.updated_at = at(done, 17, 0);
	}
	return s->st->ops->referral_create(s->st, &ref, s->e);
}

static int needs(struct seed *s, const struct case_rec *r, const struct seed_story *t, int64_t worker)
{
	int rc = 0;

	if (t->pre_arrival && seed_chance(s, 30)) {
		struct need_rec n = { .case_id = r->id, .domain = "health", .level = seed_chance(s, 50) ? "high" : "medium",
				      .note = "Flagged at the pre-arrival meeting: needs a doctor who speaks the family's"
				      " language.", .flagged_pre_arrival = true, .assessed_by = worker,
				      .assessed_at = at(t->pre_arrival, 16, 0) };
		rc = s->st->ops->need_insert(s->st, &n, s->e);
	}
	for (int d = 0; !rc && t->state >= CASE_NEEDS_ASSESSED && needs_domains[d]; d++) {
		struct need_rec n = { .case_id = r->id, .domain = needs_domains[d], .assessed_by = worker,
				      .assessed_at = at(t->arrival + 4, 16, 0) };
		if (seed_chance(s, 40))
			continue;
		n.level = level(s);
		rc = s->st->ops->need_insert(s->st, &n, s->e);
		if (!rc && (!strcmp(n.level, "high") || !strcmp(n.level, "urgent")) && seed_chance(s, 75))
			rc = referral(s, r, t, d, worker);
	}
	return rc;
}

static int message(struct seed *s, const struct case_rec *r, int64_t author, const char *role, const char *body,
		   int64_t when)
{
	struct message_rec m = { .case_id = r->id, .author_id = author, .author_role = role, .body = body,
				 .created_at = when };

	if (when > s->now)
		return 0;   /* not written yet: the question waits for its answer */
	s->n_messages++;
	return s->st->ops->message_create(s->st, &m, s->e);
}

/* A sponsor's recent question and the worker's answer, during the year. */
static const char *const questions[][2] = {
	{"The family asked about evening English classes; are there any near the flat?",
	 "Yes: the LINC classes at the centre run two evenings a week. I will book the assessment."},
	{"The landlord wants to renew the lease; could you help us read it with the family?",
	 "Of course; bring it to our next meeting and we will go through it together."},
	{"The family would like a plot in a community garden this summer; do you know one near the flat?",
	 "Yes: the neighbourhood centre runs one. I will send you the sign-up form."},
};

/* The thread between the worker and the sponsors, as far as the story
 * goes: introductions at assignment, the arrival, a question during the
 * year (a quarter unanswered, the recent ones shown on Today) and the end
 * of the sponsorship. */
static int messages(struct seed *s, const struct case_rec *r, const struct seed_story *t, int64_t worker,
		    int64_t sponsor)
{
	int64_t assigned = t->reached[CASE_ASSIGNED], arrived = t->reached[CASE_ARRIVED];
	int64_t ended = t->reached[CASE_SPONSORSHIP_ENDED];
	int rc;

	if (!sponsor)
		return 0;
	rc = message(s, r, worker, "worker", "Hello, I am your settlement worker and your contact for the year.",
		     at(assigned, 17, 45));
	if (!rc)
		rc = message(s, r, sponsor, "sponsor", "Thank you! Could we meet before the family arrives?",
			     at(assigned, 19, 10));
	/* Only a question of the last days may still wait for its answer. */
	if (!rc && (t->state > CASE_ASSIGNED || assigned < s->today - 5 || seed_chance(s, 50)))
		rc = message(s, r, worker, "worker", "Yes: I will send an invitation for a meeting two weeks before"
			     " they arrive.", at(assigned + 1, 10, 5));
	if (!rc && arrived) {
		rc = message(s, r, sponsor, "sponsor", "The family landed safely tonight and is resting at the flat.",
			     at(arrived, 21, 20));
		if (!rc)
			rc = message(s, r, worker, "worker", "Wonderful news. I will come to the flat with an"
				     " interpreter for the welcome meeting in three days.", at(arrived + 1, 9, 40));
	}
	if (!rc && t->state == CASE_ACTIVE) {
		int64_t asked = s->today - 1 - seed_pick(s, 14);
		int q = seed_pick(s, 3);
		rc = message(s, r, sponsor, "sponsor", questions[q][0], at(asked, 18, 30));
		if (!rc && seed_chance(s, 75))
			rc = message(s, r, worker, "worker", questions[q][1], at(asked + 1, 11, 15));
	}
	if (!rc && ended) {
		rc = message(s, r, sponsor, "sponsor", "Our sponsorship year ends this week. Thank you for everything;"
			     " the family will stay in touch.", at(ended - 3, 18, 0));
		if (!rc)
			rc = message(s, r, worker, "worker", "Thank you all. The family can keep coming to us for"
				     " settlement services.", at(ended - 2, 10, 30));
	}
	return rc;
}

int seed_workflow(struct seed *s, const struct case_rec *r, const struct seed_story *t, int64_t sponsor)
{
	int64_t worker = r->worker_id;
	int rc;

	if (!worker)
		return 0;
	rc = history(s, r, t, worker);
	if (!rc)
		rc = plan(s, r, t, worker);
	if (!rc)
		rc = meetings(s, r, t, worker);
	if (!rc)
		rc = needs(s, r, t, worker);
	if (!rc)
		rc = messages(s, r, t, worker, sponsor);
	return rc;
}
