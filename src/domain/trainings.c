/* trainings.c - workers' training records, read and kept by the worker and
 * their managers, answered about by the worker alone. */
#include "trainings.h"

#include <string.h>

#include "audit.h"
#include "case_fields.h"
#include "cases.h"
#include "profiles.h"

/* The worker themself, or their managers and the administrators. */
static int may_keep(struct store *st, const struct actor *ac, int64_t worker_id, struct arena *a, struct tandem_err *e)
{
	int64_t spo;

	if (worker_id == ac->user.id && ac->role == ROLE_WORKER)
		return 0;
	return profiles_spo(st, ac, worker_id, a, &spo, e);
}

int trainings_list(struct store *st, const struct actor *ac, int64_t worker_id, struct arena *a,
		   struct training_rec **out, size_t *n, struct tandem_err *e)
{
	int rc = may_keep(st, ac, worker_id, a, e);

	return rc ? rc : st->ops->training_list(st, worker_id, a, out, n, e);
}

static int add_fn(struct store *st, void *arg, struct tandem_err *e)
{
	return st->ops->training_insert(st, arg, e);
}

int trainings_add(struct store *st, const struct actor *ac, int64_t worker_id, struct training_rec *in,
		  struct arena *a, struct tandem_err *e)
{
	int64_t day, today;
	struct audit_rec ar;
	int rc = may_keep(st, ac, worker_id, a, e);

	if (rc)
		return rc;
	if (!in->completed_on || !clock_date_parse(in->completed_on, &day))
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "completed_on",
					 "completed_on is a date written YYYY-MM-DD.");
	if (clock_date_parse(ac->today, &today) && day > today)
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "completed_on",
					 "completed_on is the day the training ended, not one to come.");
	if ((rc = field_check_words("provider", in->provider ? in->provider : "", TRAINING_PROVIDER_MAX, true, e)))
		return rc;
	if (in->hours < 1 || in->hours > TRAINING_HOURS_MAX)
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "hours", "hours is a whole number from 1 to 200.");
	in->user_id = worker_id;
	in->recorded_by = ac->user.id;
	in->created_at = clock_now();
	in->useful = in->confident = 0;
	ar = audit_entry(ac->user.id, "training.write", 0, NULL, "allowed",
			 arena_printf(a, "worker %lld", (long long)worker_id));
	return audit_run(st, add_fn, in, &ar, 1, e);
}

struct answer {
	int64_t id, worker_id;
	int useful, confident;
};

static int answer_fn(struct store *st, void *arg, struct tandem_err *e)
{
	struct answer *x = arg;

	return st->ops->training_answer(st, x->id, x->worker_id, x->useful, x->confident, e);
}

int trainings_answer(struct store *st, const struct actor *ac, int64_t worker_id, int64_t training_id, int useful,
		     int confident, struct tandem_err *e)
{
	struct audit_rec ar;

	if (worker_id != ac->user.id || ac->role != ROLE_WORKER)
		return cases_refuse(st, ac, "training.answer", 0, NULL, e, "Only the worker answers about their own training.");
	if (useful < 1 || useful > 5)
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "useful", "useful is a whole number from 1 to 5.");
	if (confident < 1 || confident > 5)
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "confident",
					 "confident is a whole number from 1 to 5.");
	ar = audit_entry(ac->user.id, "training.answer", 0, NULL, "allowed", "");
	return audit_run(st, answer_fn, &(struct answer){ training_id, worker_id, useful, confident }, &ar, 1, e);
}
