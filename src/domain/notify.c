/* notify.c - composing the daily digests from the follow-up rules. */
#include "notify.h"

#include <string.h>

#include "../lib/buf.h"
#include "../lib/clock.h"
#include "actor.h"
#include "audit.h"
#include "followups.h"

static const char *const digest_roles[] = { "worker", "spo_manager", "sah_coordinator", NULL };

static int body_of(const struct followup *f, size_t n, const char *base_url, struct buf *b)
{
	int urgent = 0, rc;

	for (size_t i = 0; i < n; i++)
		urgent += f[i].rank <= 1;
	rc = buf_printf(b, "Good morning,\n\n%zu case%s in tandem need%s your attention today", n,
			n == 1 ? "" : "s", n == 1 ? "s" : "");
	if (!rc && urgent)
		rc = buf_printf(b, ", %d of them urgent", urgent);
	if (!rc)
		rc = buf_printf(b, ".\n\nSee them, most urgent first, at %s/ (sign in, then Today).\n\n"
				"This message names no family and no need on purpose: e-mail is not a safe place"
				" for them.\n", base_url);
	return rc;
}

struct adding {
	struct outbox_rec *rec;
	bool *added;   /* whether it was new today */
};

static int add_fn(struct store *st, void *arg, struct tandem_err *e)
{
	const struct adding *x = arg;
	return st->ops->outbox_add(st, x->rec, x->added, e);
}

static int compose_one(struct store *st, int64_t user_id, int64_t now, const char *base_url, struct arena *a,
		       int *written, struct tandem_err *e)
{
	struct followup *f;
	struct actor ac;
	struct buf b;
	size_t n;
	bool added = false;
	int rc = actor_load(st, user_id, now, a, &ac, e);

	if (!rc)
		rc = followups_for(st, &ac, now, false, a, &f, &n, e);
	if (rc || n == 0)
		return rc;
	buf_init(&b, 8192);
	rc = body_of(f, n, base_url, &b);
	if (!rc) {
		struct outbox_rec r = {
			.user_id = user_id, .day = ac.today, .recipient = ac.user.email,
			.subject = arena_printf(a, "tandem: %zu case%s to follow up today", n, n == 1 ? "" : "s"),
			.body = b.data, .created_at = now,
		};
		rc = audit_run(st, add_fn, &(struct adding){ &r, &added }, NULL, 0, e);
	}
	buf_free(&b);
	*written += added;
	return rc;
}

int notify_compose(struct store *st, int64_t now, const char *base_url, int *written, struct tandem_err *e)
{
	struct arena *a = arena_new();
	int64_t *ids;
	size_t n;
	int rc;

	*written = 0;
	if (!a)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	rc = st->ops->user_ids(st, digest_roles, a, &ids, &n, e);
	for (size_t i = 0; !rc && i < n; i++) {
		/* One arena per user keeps memory flat across thousands of accounts. */
		struct arena *per = arena_new();
		rc = per ? compose_one(st, ids[i], now, base_url, per, written, e)
			: tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
		arena_free(per);
	}
	arena_free(a);
	return rc;
}

int notify_outbox_list(struct store *st, struct arena *a, struct outbox_rec **rows, size_t *n, struct tandem_err *e)
{
	return st->ops->outbox_pending(st, a, rows, n, e);
}

struct marking {
	int64_t id, sent_at;
	const char *error;
};

static int mark_fn(struct store *st, void *arg, struct tandem_err *e)
{
	const struct marking *m = arg;
	return st->ops->outbox_mark(st, m->id, m->sent_at, m->error, e);
}

int notify_outbox_mark(struct store *st, int64_t id, int64_t sent_at, const char *error, struct tandem_err *e)
{
	return audit_run(st, mark_fn, &(struct marking){ id, sent_at, error }, NULL, 0, e);
}
