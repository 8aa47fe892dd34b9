/* consents.h - the family's say over what sponsors, the SAH and a partner
 * SPO may see. An adult of the case grants a data class to an audience, or
 * the worker records an adult's spoken consent and says so; consent may
 * lapse on a date; revocation counts from the very next request, because
 * the policy reads consents afresh on every access. */
#ifndef TANDEM_CONSENTS_H
#define TANDEM_CONSENTS_H

#include "actions.h"
#include "cases.h"

extern const char *const consent_classes[];     /* contact, needs, health, messages */
extern const char *const consent_audiences[];   /* sponsor_group, sah, partner_spo */

struct consent_view {
	struct consent_rec rec;
	actions_set actions;   /* what the reader may do with it (enum actions_consent) */
};

/* What a consent to an audience can change, read from the policy's table:
 * the classes it sees whatever the family says, those it sees only with
 * their consent (the only choices worth offering), and those any consent
 * to it opens (a partner SPO sees the case once anything is shared). */
struct consent_effect {
	enum policy_audience audience;
	policy_mask always, choices, with_any_consent;
};

/* Every consent of the case, in force or not, for anyone who may open it. */
int consents_list(struct store *st, const struct actor *ac, int64_t case_id, struct arena *a,
		  struct consent_view **out, size_t *n, struct tandem_err *e);
/* The effect of consent to each audience, in the order of consent_audiences. */
void consents_effects(struct consent_effect out[POLICY_AUD__MAX - 1]);
/* in gives audience, data_class, expires_on (or NULL), and for a worker
 * recording spoken consent person_id and verbal. On success in is the
 * stored consent and *actions what the caller may do with it. */
int consents_grant(struct store *st, const struct actor *ac, int64_t case_id, struct consent_rec *in,
		   struct arena *a, actions_set *actions, struct tandem_err *e);
int consents_revoke(struct store *st, const struct actor *ac, int64_t case_id, int64_t consent_id,
		    struct arena *a, struct tandem_err *e);
/* Whether a consent is in force on today (YYYY-MM-DD). */
bool consents_in_force(const struct consent_rec *c, const char *today);

#endif
