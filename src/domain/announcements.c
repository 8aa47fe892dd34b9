/* announcements.c - sending a LIP's announcements, reading them, and the
 * receipts their sender sees: each checked here, decided by the policy,
 * written with its audit record in one transaction. */
#include "announcements.h"

#include <string.h>

#include "../lib/buf.h"
#include "../lib/clock.h"
#include "audit.h"
#include "case_fields.h"
#include "cases.h"
#include "disclosure.h"
#include "languages.h"

enum {
	ANNOUNCEMENT_SUBJECT_MAX = 150, ANNOUNCEMENT_BODY_MAX = 4000, ANNOUNCEMENT_TEXTS_MAX = 8,
	ANNOUNCEMENT_ORGS_MAX = 50, ANNOUNCEMENT_LIST_MAX = 100
};

const char *const announcements_action_names[ANNOUNCEMENTS_ACTION__MAX + 1] = { "mark_read", "receipts", NULL };

static int invalid(struct tandem_err *e, const char *field, const char *msg)
{
	return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", field, "%s", msg);
}

/* The text in the reader's language, else the first given. */
static const struct announcement_text *text_for(const struct announcement_rec *r, const char *language)
{
	for (size_t i = 0; i < r->n_texts; i++)
		if (!strcmp(r->texts[i].language, language))
			return &r->texts[i];
	return r->n_texts ? &r->texts[0] : NULL;
}

static void view_of(const struct actor *ac, const struct announcement_rec *r, struct announcement_view *out)
{
	*out = (struct announcement_view){ .rec = *r, .text = text_for(r, ac->user.language),
					   .sender = policy_announcement_sender(&ac->policy, r->lip_org_id) };
	if (r->received && !r->read_at)
		out->actions |= 1u << ANNOUNCEMENTS_MARK_READ;
	if (out->sender) {
		out->actions |= 1u << ANNOUNCEMENTS_RECEIPTS;
		out->rec.others = disclosure_one(r->others, DISCLOSURE_THRESHOLD);
		out->rec.others_read = disclosure_one(r->others_read, DISCLOSURE_THRESHOLD);
	}
}

int announcements_list(struct store *st, const struct actor *ac, struct arena *a, struct announcement_view **out,
		       size_t *n, int64_t **to, size_t *n_to, struct tandem_err *e)
{
	const struct user_facts *f = &ac->facts;
	struct announcement_rec *rows;
	struct community_rec *cs;
	int64_t *lips = arena_alloc(a, (f->n_org_ids + 1) * sizeof *lips);
	size_t n_lips = 0, n_cs;
	int rc;

	if (!lips)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	for (size_t i = 0; i < f->n_org_ids; i++)
		if (policy_announcement_sender(&ac->policy, f->org_ids[i]))
			lips[n_lips++] = f->org_ids[i];
	rc = st->ops->announcement_list(st, ac->user.id, lips, n_lips, ANNOUNCEMENT_LIST_MAX, a, &rows, n, e);
	if (!rc)
		rc = st->ops->community_list(st, a, &cs, &n_cs, e);
	if (rc)
		return rc;
	if (!(*out = arena_alloc(a, (*n + 1) * sizeof **out)) || !(*to = arena_alloc(a, (n_cs + 1) * sizeof **to)))
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	for (size_t i = 0; i < *n; i++)
		view_of(ac, &rows[i], &(*out)[i]);
	*n_to = 0;
	for (size_t i = 0; i < n_cs; i++)
		if (cs[i].lip_org_id && policy_announcement_sender(&ac->policy, cs[i].lip_org_id))
			(*to)[(*n_to)++] = cs[i].id;
	return 0;
}

/* Counts by organization and names of staff, from everyone it went to. */
static int receipts_of(struct store *st, int64_t id, struct arena *a, struct announcement_receipts *out,
		       struct tandem_err *e)
{
	struct announcement_recipient *rows;
	size_t n;
	int rc = st->ops->announcement_recipients(st, id, a, &rows, &n, e);

	*out = (struct announcement_receipts){0};
	if (rc)
		return rc;
	out->orgs = arena_alloc(a, (n + 1) * sizeof *out->orgs);
	out->people = arena_alloc(a, (n + 1) * sizeof *out->people);
	if (!out->orgs || !out->people)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	for (size_t i = 0; i < n; i++) {
		const struct announcement_recipient *r = &rows[i];
		int role = role_parse(r->role);
		if (role < 0 || !policy_announcement_reader_named((enum role)role) || !r->org_id) {
			out->unnamed++;
			out->unnamed_read += r->read_at != 0;
			continue;
		}
		/* Rows come by organization, so its counts are the last ones. */
		if (!out->n_orgs || out->orgs[out->n_orgs - 1].org_id != r->org_id)
			out->orgs[out->n_orgs++] = (struct announcement_org_receipt){ .org_id = r->org_id,
										     .name = r->org_name };
		out->orgs[out->n_orgs - 1].recipients++;
		out->orgs[out->n_orgs - 1].read += r->read_at != 0;
		out->people[out->n_people++] = (struct announcement_person){
			.user_id = r->user_id, .org_id = r->org_id, .read_at = r->read_at, .name = r->name };
	}
	out->unnamed = disclosure_one(out->unnamed, DISCLOSURE_THRESHOLD);
	out->unnamed_read = disclosure_one(out->unnamed_read, DISCLOSURE_THRESHOLD);
	return 0;
}

int announcements_get(struct store *st, const struct actor *ac, int64_t id, struct arena *a,
		      struct announcement_view *out, struct announcement_receipts *receipts, struct tandem_err *e)
{
	struct announcement_rec r;
	int rc = st->ops->announcement_get(st, id, ac->user.id, a, &r, e);

	if (rc)
		return rc;
	view_of(ac, &r, out);
	if (!r.received && !out->sender)
		return cases_refuse(st, ac, "announcement.read", 0, NULL, e, "This announcement was not sent to you.");
	if (receipts && out->sender)
		return receipts_of(st, id, a, receipts, e);
	if (receipts)
		*receipts = (struct announcement_receipts){0};
	return 0;
}

static int check_texts(const struct announcement_input *in, struct tandem_err *e)
{
	int rc = 0;

	if (!in->n_texts || in->n_texts > ANNOUNCEMENT_TEXTS_MAX)
		return invalid(e, "texts", "An announcement has one text, or one in each of up to 8 languages.");
	for (size_t i = 0; !rc && i < in->n_texts; i++) {
		const struct announcement_text *t = &in->texts[i];
		if (!t->language || !languages_known(t->language))
			return invalid(e, "texts", "Each text names its language by a code tandem knows, as \"en\".");
		for (size_t j = 0; j < i; j++)
			if (!strcmp(in->texts[j].language, t->language))
				return invalid(e, "texts", "Each language has one text.");
		if (!t->subject || !t->body)
			return invalid(e, t->subject ? "body" : "subject", "Each text has a subject and a body.");
		if (!(rc = field_check_words("subject", t->subject, ANNOUNCEMENT_SUBJECT_MAX, true, e)))
			rc = field_check_words("body", t->body, ANNOUNCEMENT_BODY_MAX, false, e);
	}
	return rc;
}

/* Who it is for: roles of the community, organizations that serve it
 * (a LIP speaks to its own community, and its receipts name only the
 * staff of that community's organizations), at least one of the two. */
static int check_audience(struct store *st, const struct announcement_input *in, unsigned *mask, struct arena *a,
			  struct tandem_err *e)
{
	struct org_rec org;
	int rc;

	*mask = 0;
	if (in->audience && *in->audience && !policy_event_audience_parse(in->audience, mask))
		return invalid(e, "audience", "audience is a list of sponsors, sahs, spo_staff, refugees or everyone.");
	if (in->n_org_ids > ANNOUNCEMENT_ORGS_MAX)
		return invalid(e, "organization_ids", "An announcement names at most 50 organizations.");
	for (size_t i = 0; i < in->n_org_ids; i++) {
		for (size_t j = 0; j < i; j++)
			if (in->org_ids[j] == in->org_ids[i])
				return invalid(e, "organization_ids", "Each organization is named once.");
		bool serves = false;
		if ((rc = st->ops->org_get(st, in->org_ids[i], a, &org, e)) && rc != TANDEM_ENOTFOUND)
			return rc;
		for (size_t j = 0; !rc && j < org.n_community_ids && !serves; j++)
			serves = org.community_ids[j] == in->community_id;
		if (!serves)
			return invalid(e, "organization_ids", "Each organization named serves the announcement's community.");
	}
	if (!*mask && !in->n_org_ids)
		return invalid(e, "audience", "Choose who it is for: people of the community by role, organizations,"
				 " or both.");
	return 0;
}

struct sending {
	struct announcement_rec *r;
	const char *const *roles;
	const char *lip_name, *community_name, *today;
	struct arena *a;
	struct audit_rec *rec;
	size_t sent;
};

/* An urgent one in full, every language, in one e-mail: it is the
 * community's news, and nothing of anyone's. */
static const char *mail_body(const struct sending *x)
{
	struct buf b;
	const char *out;
	int rc = 0;

	buf_init(&b, 64u << 10);
	for (size_t i = 0; !rc && i < x->r->n_texts; i++)
		rc = buf_printf(&b, "%s%s\n\n%s\n", i ? "\n* * *\n\n" : "", x->r->texts[i].subject, x->r->texts[i].body);
	if (!rc)
		rc = buf_printf(&b, "\n--\nAn urgent announcement of %s to %s, through tandem. Sign in to tandem to"
				" mark it read.\n", x->lip_name, x->community_name);
	out = rc ? NULL : arena_strdup(x->a, b.data);
	buf_free(&b);
	return out;
}

/* The announcement and its recipients, then an urgent one's e-mails, with
 * its audit record: one write. No one in the audience: nothing kept. */
static int send_fn(struct store *st, void *arg, struct tandem_err *e)
{
	struct sending *x = arg;
	struct event_addressee *to;
	const char *body;
	size_t n;
	int rc = st->ops->announcement_create(st, x->r, x->roles, x->a, &to, &n, e);

	if (rc)
		return rc;
	if (!n)
		return invalid(e, "audience", "No one in tandem is in that audience in this community yet.");
	x->sent = n;
	x->rec->detail = arena_printf(x->a, "announcement %lld to %zu", (long long)x->r->id, n);
	if (!x->r->urgent)
		return 0;
	if (!(body = mail_body(x)))
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	for (size_t i = 0; !rc && i < n; i++) {
		bool added;
		struct outbox_rec m = {
			.user_id = to[i].user_id, .kind = "announcement", .mail_id = x->r->id, .day = x->today,
			.recipient = to[i].email, .subject = arena_printf(x->a, "Urgent: %s", x->r->texts[0].subject),
			.body = body, .created_at = x->r->sent_at,
		};
		rc = st->ops->outbox_add(st, &m, &added, e);
	}
	return rc;
}

int announcements_send(struct store *st, const struct actor *ac, const struct announcement_input *in,
		       struct arena *a, struct announcement_view *out, struct tandem_err *e)
{
	struct community_rec c;
	struct org_rec lip;
	struct audit_rec rec;
	struct announcement_rec r;
	const char *roles[ROLE__MAX + 1];
	struct sending x;
	unsigned mask;
	int rc = in->community_id ? st->ops->community_get(st, in->community_id, a, &c, e) : TANDEM_ENOTFOUND;

	if (rc == TANDEM_ENOTFOUND)
		return invalid(e, "community_id", "community_id is the id of a community your LIP serves.");
	if (rc)
		return rc;
	if (!c.lip_org_id || !policy_announcement_sender(&ac->policy, c.lip_org_id))
		return cases_refuse(st, ac, "announcement.send", 0, NULL, e,
				    "You announce to the communities your LIP serves.");
	if ((rc = check_audience(st, in, &mask, a, e)) || (rc = check_texts(in, e))
	    || (rc = st->ops->org_get(st, c.lip_org_id, a, &lip, e)))
		return rc;
	r = (struct announcement_rec){
		.lip_org_id = c.lip_org_id, .community_id = c.id, .audience = policy_event_audience_words(mask),
		.urgent = in->urgent, .sent_by = ac->user.id, .sent_at = clock_now(), .org_ids = in->org_ids,
		.n_org_ids = in->n_org_ids, .texts = in->texts, .n_texts = in->n_texts,
	};
	rec = audit_entry(ac->user.id, "announcement.send", 0, NULL, "allowed", NULL);
	policy_event_audience_roles(mask, roles);
	x = (struct sending){ .r = &r, .roles = roles, .lip_name = lip.name, .community_name = c.name,
			      .today = ac->today, .a = a, .rec = &rec };
	if ((rc = audit_run(st, send_fn, &x, &rec, 1, e)))
		return rc;
	return announcements_get(st, ac, r.id, a, out, NULL, e);
}

struct reading {
	int64_t id, user_id, now;
};

static int read_fn(struct store *st, void *arg, struct tandem_err *e)
{
	const struct reading *x = arg;
	return st->ops->announcement_read(st, x->id, x->user_id, x->now, e);
}

int announcements_mark_read(struct store *st, const struct actor *ac, int64_t id, struct arena *a,
			    struct announcement_view *out, struct tandem_err *e)
{
	struct audit_rec rec;
	int rc = announcements_get(st, ac, id, a, out, NULL, e);

	if (rc)
		return rc;
	if (!out->rec.received)
		return cases_refuse(st, ac, "announcement.read", 0, NULL, e, "This announcement was not sent to you.");
	if (out->rec.read_at)
		return 0;
	rec = audit_entry(ac->user.id, "announcement.read", 0, NULL, "allowed",
			  arena_printf(a, "announcement %lld", (long long)id));
	rc = audit_run(st, read_fn, &(struct reading){ id, ac->user.id, clock_now() }, &rec, 1, e);
	return rc ? rc : announcements_get(st, ac, id, a, out, NULL, e);
}
