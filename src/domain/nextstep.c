/* nextstep.c - the one next step of a case: a meeting already booked comes
 * first, since it is what the family will actually live next; otherwise
 * the step the case's state waits for, with its due date. */
#include "nextstep.h"

#include <string.h>

#include "../lib/clock.h"

static void due_step(struct nextstep *out, const char *kind, int64_t on, int64_t today)
{
	out->kind = kind;
	out->on = on;
	out->late = on && on < today;
}

static bool held(const struct nextstep_meeting *m, size_t n, const char *kind)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(m[i].kind, kind) == 0 && strcmp(m[i].status, "held") == 0)
			return true;
	return false;
}

/* The first check-in from today on, else the end of the sponsorship. */
static void after_assessment(const struct lifecycle_due *due, int64_t today, struct nextstep *out)
{
	for (int i = 0; i < due->n_checkins; i++)
		if (due->checkins[i] >= today) {
			due_step(out, "checkin", due->checkins[i], today);
			return;
		}
	due_step(out, "sponsorship_end", due->sponsorship_end, today);
}

void nextstep_of(enum case_state s, const struct lifecycle_due *due, int64_t expected,
		 const struct nextstep_meeting *m, size_t n_meetings, int64_t now, struct nextstep *out)
{
	int64_t today = clock_day(now);

	*out = (struct nextstep){ .meeting = -1 };
	if (s == CASE_SPONSORSHIP_ENDED || s == CASE_CLOSED) {
		out->kind = "ended";
		out->on = due->sponsorship_end;
		return;
	}
	for (size_t i = 0; i < n_meetings; i++)
		if (strcmp(m[i].status, "scheduled") == 0 && m[i].ends_at >= now
		    && (out->meeting < 0 || m[i].starts_at < m[out->meeting].starts_at))
			out->meeting = (int64_t)i;
	if (out->meeting >= 0) {
		out->kind = "meeting";
		out->on = clock_day(m[out->meeting].starts_at);
		return;
	}
	switch (s) {
	case CASE_REFERRED:
		out->kind = "worker";
		break;
	case CASE_ASSIGNED:
		/* A meeting held and not yet recorded as a move still happened. */
		if (held(m, n_meetings, "pre_arrival"))
			due_step(out, "arrival", expected, today);
		else
			due_step(out, "pre_arrival_meeting", due->pre_arrival_meeting, today);
		break;
	case CASE_PRE_ARRIVAL_MET:
		due_step(out, "arrival", expected, today);
		break;
	case CASE_ARRIVED:
		due_step(out, "needs_assessment", due->needs_assessment, today);
		break;
	default:
		after_assessment(due, today, out);
		break;
	}
}
