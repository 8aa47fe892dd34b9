/* lifecycle.c - the table of moves and their guards, and due dates. */
#include "lifecycle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/clock.h"
#include "../lib/err.h"
#include "../lib/text.h"

static const char *const state_names[CASE_STATE__MAX + 1] = {
	"referred", "assigned", "pre_arrival_met", "arrived", "needs_assessed", "active",
	"sponsorship_ended", "closed", NULL
};

enum guard {
	GUARD_NONE,
	GUARD_WORKER,          /* a worker is assigned */
	GUARD_PRE_ARRIVAL,     /* a pre-arrival meeting was held */
	GUARD_ARRIVED,         /* the arrival date is known and not in the future */
	GUARD_ASSESSED,        /* a post-arrival meeting held and needs assessed since arrival */
	GUARD_YEAR_OVER,       /* the sponsorship period is over, or a reason is given */
	GUARD_REASON           /* a reason is given */
};

#define WORKER (1u << POLICY_WHO_ASSIGNED_WORKER)
#define MANAGER (1u << POLICY_WHO_AGENCY_MANAGER)

/* Every move there is. Managers may make all of them; the assigned worker
 * all but the assignment, which is the manager's decision. */
static const struct move {
	enum case_state from, to;
	unsigned who;
	enum guard guard;
} moves[] = {
	{CASE_REFERRED, CASE_ASSIGNED, MANAGER, GUARD_WORKER},
	{CASE_ASSIGNED, CASE_PRE_ARRIVAL_MET, WORKER | MANAGER, GUARD_PRE_ARRIVAL},
	/* Arrival is IRCC's date, not the worker's: it is recorded even when the
	 * pre-arrival meeting could not be held, and follow-up flags that. */
	{CASE_ASSIGNED, CASE_ARRIVED, WORKER | MANAGER, GUARD_ARRIVED},
	{CASE_PRE_ARRIVAL_MET, CASE_ARRIVED, WORKER | MANAGER, GUARD_ARRIVED},
	{CASE_ARRIVED, CASE_NEEDS_ASSESSED, WORKER | MANAGER, GUARD_ASSESSED},
	{CASE_NEEDS_ASSESSED, CASE_ACTIVE, WORKER | MANAGER, GUARD_NONE},
	{CASE_ACTIVE, CASE_SPONSORSHIP_ENDED, WORKER | MANAGER, GUARD_YEAR_OVER},
	{CASE_SPONSORSHIP_ENDED, CASE_CLOSED, WORKER | MANAGER, GUARD_NONE},
	/* A case can be withdrawn before arrival, with a reason. */
	{CASE_REFERRED, CASE_CLOSED, MANAGER, GUARD_REASON},
	{CASE_ASSIGNED, CASE_CLOSED, WORKER | MANAGER, GUARD_REASON},
	{CASE_PRE_ARRIVAL_MET, CASE_CLOSED, WORKER | MANAGER, GUARD_REASON},
};

#undef WORKER
#undef MANAGER

int lifecycle_state_parse(const char *s)
{
	return text_lookup(state_names, s);
}

const char *lifecycle_state_name(enum case_state s)
{
	return s < CASE_STATE__MAX ? state_names[s] : "unknown";
}

unsigned lifecycle_next(enum case_state s)
{
	unsigned m = 0;

	for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++)
		if (moves[i].from == s)
			m |= 1u << moves[i].to;
	return m;
}

unsigned lifecycle_moves_for(enum case_state s, enum policy_who who)
{
	unsigned m = 0;

	for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++)
		if (moves[i].from == s && (moves[i].who & (1u << who)))
			m |= 1u << moves[i].to;
	return m;
}

/* The unmet condition of guard g, or NULL when it holds. */
/* Why the guard g does not hold, or NULL; *what names the unmet condition
 * for a client to translate: the move's own field ("on", "reason") where
 * giving it would meet it. */
static const char *unmet(enum guard g, const struct lifecycle_facts *f, const char **what)
{
	switch (g) {
	case GUARD_NONE:
		return NULL;
	case GUARD_WORKER:
		*what = "worker_id";
		return f->has_worker ? NULL : "a settlement worker must be assigned first";
	case GUARD_PRE_ARRIVAL:
		*what = "pre_arrival_meeting";
		return f->pre_arrival_held ? NULL : "a pre-arrival meeting must be held (status held) first";
	case GUARD_ARRIVED:
		*what = "on";
		return f->has_arrived ? NULL : "the actual arrival date must be given and not in the future";
	case GUARD_ASSESSED:
		*what = "post_arrival_meeting";
		if (!f->post_arrival_held)
			return "a post-arrival meeting must be held first";
		*what = "needs";
		return f->needs_assessed ? NULL : "the needs must be assessed after arrival first";
	case GUARD_YEAR_OVER:
		*what = "reason";
		return f->sponsorship_over || f->has_reason ? NULL
			: "the sponsorship period is not over; give a reason to end it early";
	case GUARD_REASON:
		*what = "reason";
		return f->has_reason ? NULL : "a reason is needed to close a case before arrival";
	}
	*what = NULL;
	return "an unknown condition";
}

int lifecycle_check(enum case_state from, enum case_state to, enum policy_who who,
		    const struct lifecycle_facts *f, struct tandem_err *e)
{
	char allowed[160] = "";
	const char *why, *what = NULL;

	for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++) {
		if (moves[i].from != from || moves[i].to != to)
			continue;
		if (!(moves[i].who & (1u << who)))
			return tandem_fail(e, TANDEM_EDENIED, "forbidden",
					   "You may not move this case from %s to %s.",
					   state_names[from], state_names[to]);
		why = unmet(moves[i].guard, f, &what);
		if (why)
			return tandem_fail_field(e, TANDEM_ECONFLICT, "transition_blocked", what,
						 "The case cannot move to %s yet: %s.", state_names[to], why);
		return 0;
	}
	for (int s = 0; s < CASE_STATE__MAX; s++)
		if (lifecycle_next(from) & (1u << s))
			snprintf(allowed + strlen(allowed), sizeof allowed - strlen(allowed), "%s%s",
				 allowed[0] ? ", " : "", state_names[s]);
	return tandem_fail(e, TANDEM_ECONFLICT, "illegal_transition",
			   "A case cannot move from %s to %s; from %s it can move to: %s.",
			   state_names[from], state_names[to], state_names[from], allowed[0] ? allowed : "nothing");
}

bool lifecycle_settings(struct lifecycle_settings *s, int pre_arrival_days, int needs_days,
			int sponsorship_months, const char *checkin_months)
{
	const char *p = checkin_months ? checkin_months : "1,3,6,11";

	s->pre_arrival_days = pre_arrival_days >= 0 ? pre_arrival_days : LIFECYCLE_PRE_ARRIVAL_DAYS;
	s->needs_days = needs_days >= 0 ? needs_days : LIFECYCLE_NEEDS_DAYS;
	s->sponsorship_months = sponsorship_months > 0 ? sponsorship_months : LIFECYCLE_SPONSORSHIP_MONTHS;
	s->n_checkins = 0;
	while (*p) {
		char *end;
		long m = strtol(p, &end, 10);
		if (end == p || m < 1 || m > 36 || s->n_checkins == LIFECYCLE_CHECKINS_MAX)
			return false;
		s->checkin_months[s->n_checkins++] = (int)m;
		p = *end == ',' ? end + 1 : end;
		if (*end && *end != ',')
			return false;
	}
	return true;
}

int64_t lifecycle_add_working_days(int64_t days, int n)
{
	while (n > 0) {
		days++;
		if (days - clock_monday(days) < 5)   /* Monday to Friday */
			n--;
	}
	return days;
}

void lifecycle_due(const struct lifecycle_settings *s, int64_t arrival, int64_t received, struct lifecycle_due *out)
{
	int64_t late;

	*out = (struct lifecycle_due){0};
	if (!arrival)
		return;
	out->pre_arrival_meeting = arrival - s->pre_arrival_days;
	late = received ? lifecycle_add_working_days(received, LIFECYCLE_NOTICE_WORKING_DAYS) : 0;
	if (late > out->pre_arrival_meeting)
		out->pre_arrival_meeting = late < arrival ? late : arrival;
	out->needs_assessment = arrival + s->needs_days;
	out->sponsorship_end = clock_add_months(arrival, s->sponsorship_months);
	for (int i = 0; i < s->n_checkins; i++)
		out->checkins[out->n_checkins++] = clock_add_months(arrival, s->checkin_months[i]);
}
