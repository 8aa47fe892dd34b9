/* notify.c - composing the daily digests: the follow-up rules for staff,
 * and for anyone the news of their places at events. */
#include "notify.h"

#include <stdlib.h>
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
	rc = buf_printf(b, "%zu case%s in tandem need%s your attention today", n, n == 1 ? "" : "s",
			n == 1 ? "s" : "");
	if (!rc && urgent)
		rc = buf_printf(b, ", %d of them urgent", urgent);
	if (!rc)
		rc = buf_printf(b, ".\n\nSee them, most urgent first, at %s/ (sign in, then Today).\n\n"
				"This message names no family and no need on purpose: e-mail is not a safe place"
				" for them.\n", base_url);
	return rc;
}

/* The news of the reader's places at events: an event's title and day are
 * the community's, so they may be said; nothing of anyone else is. */
static int events_of(const struct event_notice *v, size_t n, const char *base_url, struct buf *b)
{
	int rc = 0;

	for (size_t i = 0; !rc && i < n; i++) {
		char day[CLOCK_DATE_LEN];
		clock_date_format(clock_day(v[i].local_start), day);
		rc = v[i].placed
			? buf_printf(b, "A place came to you from the wait list: \"%s\", on %s.\n", v[i].title, day)
			: buf_printf(b, "How was \"%s\" (%s)? Its short survey waits for you in tandem, under Events;"
				     " your answer is kept without your name. (We ask once.)\n", v[i].title, day);
	}
	return rc ? rc : buf_printf(b, "\nSee your events at %s/#/events\n", base_url);
}

/* The LIP's announcements the reader has not read: their subjects are
 * the community's news, so they may be said. */
static int announcements_of(const struct announcement_notice *v, size_t n, const char *base_url, struct buf *b)
{
	int rc = buf_printf(b, "%s from your community's Local Immigration Partnership:\n",
			    n == 1 ? "An announcement" : "Announcements");

	for (size_t i = 0; !rc && i < n; i++)
		rc = buf_printf(b, "- %s\n", v[i].subject);
	return rc ? rc : buf_printf(b, "\nRead %s on your home page at %s/\n", n == 1 ? "it" : "them", base_url);
}

struct adding {
	struct outbox_rec *rec;
	const struct event_notice *notices;
	size_t n_notices;
	const int64_t *announcements;
	size_t n_announcements;
	int64_t now;
	bool *added;   /* whether it was new today */
};

/* The digest, and the news it tells marked told with it (only if it is
 * today's first: else they wait for tomorrow's). */
static int add_fn(struct store *st, void *arg, struct tandem_err *e)
{
	const struct adding *x = arg;
	int rc = st->ops->outbox_add(st, x->rec, x->added, e);

	for (size_t i = 0; !rc && *x->added && i < x->n_notices; i++)
		rc = st->ops->event_notice_told(st, &x->notices[i], x->now, e);
	if (!rc && *x->added && x->n_announcements)
		rc = st->ops->announcement_told(st, x->rec->user_id, x->announcements, x->n_announcements, x->now, e);
	return rc;
}

static bool staff(const char *role)
{
	for (size_t i = 0; digest_roles[i]; i++)
		if (!strcmp(digest_roles[i], role))
			return true;
	return false;
}

static const char *subject_of(struct arena *a, size_t cases, size_t notices)
{
	if (!cases && !notices)
		return "tandem: news from your community";
	if (!cases)
		return notices == 1 ? "tandem: news of your event" : "tandem: news of your events";
	return arena_printf(a, "tandem: %zu case%s to follow up today", cases, cases == 1 ? "" : "s");
}

static int compose_one(struct store *st, int64_t user_id, int64_t now, const char *base_url, struct arena *a,
		       int *written, struct tandem_err *e)
{
	struct event_notice *v = NULL;
	struct announcement_notice *an = NULL;
	struct followup *f = NULL;
	int64_t *an_ids = NULL;
	size_t n = 0, n_events = 0, n_an = 0;
	struct actor ac;
	struct buf b;
	bool added = false;
	int rc = actor_load(st, user_id, now, a, &ac, e);

	if (!rc && staff(ac.user.role))
		rc = followups_for(st, &ac, now, false, a, &f, &n, e);
	if (!rc)
		rc = st->ops->event_notices(st, user_id, now, a, &v, &n_events, e);
	if (!rc)
		rc = st->ops->announcement_notices(st, user_id, a, &an, &n_an, e);
	if (rc || (n == 0 && n_events == 0 && n_an == 0))
		return rc;
	if (!(an_ids = arena_alloc(a, (n_an + 1) * sizeof *an_ids)))
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	for (size_t i = 0; i < n_an; i++)
		an_ids[i] = an[i].id;
	buf_init(&b, 8192);
	rc = buf_printf(&b, "Good morning,\n\n");
	if (!rc && n)
		rc = body_of(f, n, base_url, &b);
	if (!rc && n && n_events)
		rc = buf_printf(&b, "\n");
	if (!rc && n_events)
		rc = events_of(v, n_events, base_url, &b);
	if (!rc && (n || n_events) && n_an)
		rc = buf_printf(&b, "\n");
	if (!rc && n_an)
		rc = announcements_of(an, n_an, base_url, &b);
	if (!rc) {
		struct outbox_rec r = {
			.user_id = user_id, .kind = "digest", .day = ac.today, .recipient = ac.user.email,
			.subject = subject_of(a, n, n_events), .body = b.data, .created_at = now,
		};
		rc = audit_run(st, add_fn, &(struct adding){ &r, v, n_events, an_ids, n_an, now, &added }, NULL, 0, e);
	}
	buf_free(&b);
	*written += added;
	return rc;
}

static int cmp_id(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return (a > b) - (a < b);
}

/* The staff with follow-ups to be told, and anyone with news of their
 * events or announcements to read, each once, by id. */
static int readers(struct store *st, int64_t now, struct arena *a, int64_t **ids, size_t *n, struct tandem_err *e)
{
	int64_t *staff_ids, *event_ids, *an_ids;
	size_t n_staff, n_event, n_an, all, k = 0;
	int rc = st->ops->user_ids(st, digest_roles, a, &staff_ids, &n_staff, e);

	if (!rc)
		rc = st->ops->event_notice_users(st, now, a, &event_ids, &n_event, e);
	if (!rc)
		rc = st->ops->announcement_notice_users(st, a, &an_ids, &n_an, e);
	if (rc)
		return rc;
	all = n_staff + n_event + n_an;
	if (!(*ids = arena_alloc(a, (all + 1) * sizeof **ids)))
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	memcpy(*ids, staff_ids, n_staff * sizeof **ids);
	memcpy(*ids + n_staff, event_ids, n_event * sizeof **ids);
	memcpy(*ids + n_staff + n_event, an_ids, n_an * sizeof **ids);
	qsort(*ids, all, sizeof **ids, cmp_id);
	for (size_t i = 0; i < all; i++)
		if (!k || (*ids)[k - 1] != (*ids)[i])
			(*ids)[k++] = (*ids)[i];
	*n = k;
	return 0;
}

int notify_compose(struct store *st, int64_t now, const char *base_url, int *written, struct tandem_err *e)
{
	struct arena *a = arena_new();
	int64_t *ids;
	size_t n = 0;
	int rc;

	*written = 0;
	if (!a)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	rc = readers(st, now, a, &ids, &n, e);
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
