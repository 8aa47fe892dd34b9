/* thread.c - reading and writing a case's message thread under the policy. */
#include "thread.h"

#include <string.h>

#include "../lib/clock.h"
#include "../lib/text.h"
#include "actions.h"
#include "audit.h"
#include "resources.h"

static int open_thread(struct store *st, const struct actor *ac, int64_t case_id, const char *action,
		       struct arena *a, struct case_view *v, struct tandem_err *e)
{
	int rc = cases_open(st, ac, case_id, action, a, v, e);

	if (!rc && !actions_case_may(v->who, ACTIONS_CASE_READ_MESSAGES))
		rc = cases_refuse(st, ac, action, case_id, "messages", e,
				  "The thread is for the worker, the sponsors and the family.");
	return rc;
}

/* A sponsor reads the family's own messages only under their consent. */
static bool visible(const struct case_view *v, const struct message_rec *m)
{
	if (v->who != POLICY_WHO_SPONSOR || strcmp(m->author_role, "refugee") != 0)
		return true;
	return v->readable & (1u << POLICY_MESSAGES);
}

int thread_read(struct store *st, const struct actor *ac, int64_t case_id, int64_t after_id, int limit,
		struct arena *a, struct thread_page *out, struct tandem_err *e)
{
	struct case_view v;
	size_t k = 0;
	int rc = open_thread(st, ac, case_id, "message.read", a, &v, e);

	*out = (struct thread_page){0};
	if (!rc)
		rc = st->ops->message_list(st, case_id, after_id, limit, a, &out->messages, &out->n, e);
	if (!rc)
		rc = st->ops->read_markers(st, case_id, a, &out->markers, &out->n_markers, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < out->n; i++) {
		if (visible(&v, &out->messages[i]))
			out->messages[k++] = out->messages[i];
		else
			out->hidden++;
	}
	out->n = k;
	for (size_t i = 0; i < out->n_markers; i++)
		if (out->markers[i].user_id == ac->user.id)
			out->my_last_read = out->markers[i].last_read_id;
	return 0;
}

/* A message, and its author's read marker up to it: writing is reading up
 * to one's own message. */
static int post_fn(struct store *st, void *arg, struct tandem_err *e)
{
	struct message_rec *m = arg;
	int rc = st->ops->message_create(st, m, e);

	return rc ? rc : st->ops->read_mark(st, m->case_id, m->author_id, m->id, e);
}

/* The reader's marker: case_id, author_id the reader, id the last message read. */
static int mark_fn(struct store *st, void *arg, struct tandem_err *e)
{
	const struct message_rec *m = arg;
	return st->ops->read_mark(st, m->case_id, m->author_id, m->id, e);
}

int thread_post(struct store *st, const struct actor *ac, int64_t case_id, const char *body,
		const char *resource_id, struct arena *a, struct message_rec *out, struct tandem_err *e)
{
	const char *resource_name = NULL;
	struct case_view v;
	struct audit_rec ar;
	size_t len = body ? strlen(body) : 0;
	bool blank = !len || strspn(body, " \t\r\n") == len;
	int rc = open_thread(st, ac, case_id, "message.create", a, &v, e);

	if (rc)
		return rc;
	if (!actions_case_may(v.who, ACTIONS_CASE_MESSAGE))
		return cases_refuse(st, ac, "message.create", case_id, "messages", e, "You may not write here.");
	/* Words never come blank; a service shared may come without any. */
	if ((blank && !(resource_id && !len)) || len > THREAD_BODY_MAX || (len && !text_utf8_valid(body, len)))
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "body",
					 "A message has 1 to %d bytes of text, or shares a service.", THREAD_BODY_MAX);
	if (resource_id && (rc = resources_named(st, resource_id, "resource_id", a, &resource_name, e)))
		return rc;
	*out = (struct message_rec){ .case_id = case_id, .author_id = ac->user.id,
				     .author_role = role_name(ac->role), .author_name = ac->user.name,
				     .body = body ? body : "", .created_at = clock_now(), .resource_id = resource_id,
				     .resource_name = resource_name };
	ar = audit_entry(ac->user.id, "message.create", case_id, "messages", "allowed", "");
	return audit_run(st, post_fn, out, &ar, 1, e);
}

int thread_mark_read(struct store *st, const struct actor *ac, int64_t case_id, int64_t up_to, struct arena *a,
		     struct tandem_err *e)
{
	struct case_view v;
	int rc = open_thread(st, ac, case_id, "message.read", a, &v, e);

	if (rc)
		return rc;
	return audit_run(st, mark_fn, &(struct message_rec){ .case_id = case_id, .author_id = ac->user.id,
							     .id = up_to }, NULL, 0, e);
}
