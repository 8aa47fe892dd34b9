/* followups.h - what needs attention now, most urgent first, each with its
 * reason: steps past due, cases unassigned more than 3 days, urgent or high
 * needs without a referral, meetings past with no outcome, messages
 * unanswered for 2 working days, sponsorships ending within 30 days, plan
 * tasks past due (one item a case). Ended sponsorships ask nothing. A
 * worker sees their caseload, an SPO manager the agency, a SAH coordinator
 * its groups' cases without needs or messages. */
#ifndef TANDEM_FOLLOWUPS_H
#define TANDEM_FOLLOWUPS_H

#include "actor.h"

enum {
	FOLLOWUP_UNASSIGNED_DAYS = 3,
	FOLLOWUP_UNANSWERED_WORKDAYS = 2,
	FOLLOWUP_ENDING_DAYS = 30,
	FOLLOWUP_KINDS = 9             /* followups_kinds */
};

struct followup {
	int64_t case_id;
	const char *family_name, *group_name, *kind, *due, *reason;
	const char *domain, *level;   /* for a need without a referral; else NULL */
	int64_t meeting_id;           /* for a meeting without an outcome; else 0 */
	/* for "tasks_overdue": how many, and the title of the one due first
	 * (in the reader's language); due is its date */
	int tasks;
	const char *task;
	int rank;     /* 0 most urgent */
};

/* The caller's follow-ups at time now; TANDEM_EDENIED for roles without a
 * caseload. shown says the reasons will be shown to the caller: reasons
 * naming a health need are then audited as reads of health data. */
int followups_for(struct store *st, const struct actor *ac, int64_t now, bool shown, struct arena *a,
		  struct followup **out, size_t *n, struct tandem_err *e);
/* The kinds of follow-up every open case may have, as the rows name them
 * ("referred" and "unassigned": waiting for a worker, before and after
 * FOLLOWUP_UNASSIGNED_DAYS); NULL-terminated. */
extern const char *const followups_kinds[FOLLOWUP_KINDS + 1];
/* For the dashboard's counts: every open case's follow-ups that hold at
 * time now (day today), one row a case and kind, each with its community;
 * names nobody to anyone, so neither decided nor audited here. */
int followups_every(struct store *st, int64_t now, int64_t today, struct arena *a, struct followup_row **out,
		    size_t *n, struct tandem_err *e);
/* The moment 'days' working days (Monday to Friday) before now. */
int64_t followups_workdays_before(int64_t now, int days);

#endif
