/* referrals.h - referrals from a case to an organization of the directory
 * or to a service named in words. A referral tells of a need, so it is
 * seen with that need's class (health for health and mental health); its
 * notes are the worker's. Made and updated by the worker and managers. */
#ifndef TANDEM_REFERRALS_H
#define TANDEM_REFERRALS_H

#include "actions.h"
#include "cases.h"

extern const struct field_def referral_fields[];
extern const size_t referral_fields_count;

struct referral_view {
	struct referral_rec rec;
	actions_set actions;   /* what the reader may do with it (enum actions_referral) */
};

/* The referrals the reader may see (*hidden counts those withheld), and
 * the classes to render them with. */
int referrals_list(struct store *st, const struct actor *ac, int64_t case_id, struct arena *a,
		   struct referral_view **out, size_t *n, size_t *hidden, policy_mask *readable,
		   struct tandem_err *e);
int referrals_save(struct store *st, const struct actor *ac, int64_t case_id, int64_t id,
		   const struct referral_rec *in, field_set set, struct arena *a, struct referral_view *out,
		   struct tandem_err *e);

#endif
