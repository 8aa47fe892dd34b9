/* lifecycle.h - the case's one state machine (DESIGN.md section 3): the
 * moves between states, who may make each, the guards a worker would
 * expect, and the due dates that derive from arrival. Pure: no store. */
#ifndef TANDEM_LIFECYCLE_H
#define TANDEM_LIFECYCLE_H

#include <stdbool.h>
#include <stdint.h>

#include "../lib/err.h"
#include "policy.h"

enum case_state {
	CASE_REFERRED,
	CASE_ASSIGNED,
	CASE_PRE_ARRIVAL_MET,
	CASE_ARRIVED,
	CASE_NEEDS_ASSESSED,
	CASE_ACTIVE,
	CASE_SPONSORSHIP_ENDED,
	CASE_CLOSED,
	CASE_STATE__MAX
};

/* Defaults an SPO may change. */
enum {
	LIFECYCLE_PRE_ARRIVAL_DAYS = 14,    /* pre-arrival meeting at least this long before arrival */
	LIFECYCLE_NEEDS_DAYS = 7,           /* needs assessment within this long after arrival */
	LIFECYCLE_SPONSORSHIP_MONTHS = 12,
	LIFECYCLE_CHECKINS_MAX = 12,
	/* a notice that comes too late for the days above: working days after it */
	LIFECYCLE_NOTICE_WORKING_DAYS = 3
};

/* What the guards look at. */
struct lifecycle_facts {
	bool has_worker;
	bool has_arrived;          /* an actual arrival date, not in the future */
	int pre_arrival_held;      /* pre-arrival meetings held */
	int post_arrival_held;
	int needs_assessed;        /* needs assessments since arrival */
	bool sponsorship_over;     /* today is past the sponsorship's end */
	bool has_reason;           /* the mover gave a reason */
};

struct lifecycle_due {
	int64_t pre_arrival_meeting;   /* days since 1970; 0 when there is no arrival date */
	int64_t needs_assessment;
	int64_t sponsorship_end;
	int64_t checkins[LIFECYCLE_CHECKINS_MAX];
	int n_checkins;
};

struct lifecycle_settings {
	int pre_arrival_days, needs_days, sponsorship_months;
	int checkin_months[LIFECYCLE_CHECKINS_MAX];
	int n_checkins;
};

int lifecycle_state_parse(const char *s);
const char *lifecycle_state_name(enum case_state s);

/* The states that can be reached from s in one move, as a bit set. */
unsigned lifecycle_next(enum case_state s);
/* The states who may move a case in state s to, as a bit set (guards aside). */
unsigned lifecycle_moves_for(enum case_state s, enum policy_who who);
/* 0 when the move exists, who may make it and its guard holds;
 * TANDEM_ECONFLICT "illegal_transition" when there is no such move,
 * TANDEM_EDENIED when who may not make it, TANDEM_ECONFLICT
 * "transition_blocked" naming the unmet condition otherwise. */
int lifecycle_check(enum case_state from, enum case_state to, enum policy_who who,
		    const struct lifecycle_facts *f, struct tandem_err *e);

enum { LIFECYCLE_DEFAULT = -1 };

/* Fills s from an SPO's stored settings; LIFECYCLE_DEFAULT (or NULL for the
 * check-ins, 0 for the months) means the default, since 0 days is a setting
 * of its own (a pre-arrival meeting on the day of arrival). False when the
 * check-in months are malformed. */
bool lifecycle_settings(struct lifecycle_settings *s, int pre_arrival_days, int needs_days,
			int sponsorship_months, const char *checkin_months);
/* Due dates from arrival (days since 1970; the actual date if known, else
 * the expected one; 0 for none) and the day the arrival notice came (0 for
 * none). Notices come about ten working days before arrival, so the
 * pre-arrival meeting is due pre_arrival_days before arrival or, when the
 * notice came later than that allows, LIFECYCLE_NOTICE_WORKING_DAYS
 * working days after it, and never after arrival. */
void lifecycle_due(const struct lifecycle_settings *s, int64_t arrival, int64_t received, struct lifecycle_due *out);
/* days + n working days (Monday to Friday; public holidays are not known). */
int64_t lifecycle_add_working_days(int64_t days, int n);

#endif
