/* trainings.h - settlement workers' training in private sponsorship (issue
 * 14's "workers trained"): a record per training, kept by the worker's
 * managers or the worker, and the worker's own two answers about it. */
#ifndef TANDEM_TRAININGS_H
#define TANDEM_TRAININGS_H

#include "actor.h"

enum { TRAINING_HOURS_MAX = 200, TRAINING_PROVIDER_MAX = 200 };

/* The worker's trainings, newest first: for the worker, the managers of
 * their SPO and the administrators; anyone else is refused (audited). */
int trainings_list(struct store *st, const struct actor *ac, int64_t worker_id, struct arena *a,
		   struct training_rec **out, size_t *n, struct tandem_err *e);
/* Records a training (completed_on, provider, hours of in), the same
 * readers. */
int trainings_add(struct store *st, const struct actor *ac, int64_t worker_id, struct training_rec *in,
		  struct arena *a, struct tandem_err *e);
/* The worker's own answers (1 to 5): how useful it was, and how confident
 * they now are working with sponsors. The worker only. */
int trainings_answer(struct store *st, const struct actor *ac, int64_t worker_id, int64_t training_id, int useful,
		     int confident, struct tandem_err *e);

#endif
