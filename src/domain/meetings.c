/* meetings.c - scheduling and recording meetings under the policy. */
#include "meetings.h"

#include <string.h>

#include "../lib/clock.h"
#include "../lib/text.h"
#include "audit.h"

enum { MEETING_MAX_HOURS = 12, MEETING_ATTENDEES_MAX = 20 };

static const char *const kinds[] = { "pre_arrival", "post_arrival", "follow_up", NULL };
static const char *const modes[] = { "in_person", "video", "phone", NULL };
static const char *const statuses[] = { "scheduled", "held", "cancelled", "no_show", NULL };

#define MF(name, cls, kind, flags, max, choices) \
	{ #name, cls, kind, flags, offsetof(struct meeting_form, name), max, choices }

const struct field_def meeting_fields[] = {
	MF(id, POLICY_STATUS, FIELD_ID, FIELD_READONLY, 0, NULL),
	MF(case_id, POLICY_STATUS, FIELD_ID, FIELD_READONLY, 0, NULL),
	MF(kind, POLICY_STATUS, FIELD_ENUM, FIELD_REQUIRED, 16, kinds),
	MF(starts_at, POLICY_STATUS, FIELD_DATETIME, FIELD_REQUIRED, 32, NULL),
	MF(ends_at, POLICY_STATUS, FIELD_DATETIME, FIELD_REQUIRED, 32, NULL),
	MF(mode, POLICY_STATUS, FIELD_ENUM, FIELD_REQUIRED, 16, modes),
	MF(place, POLICY_CONTACT, FIELD_TEXT, FIELD_NULLABLE, 200, NULL),
	MF(interpreter_language, POLICY_STATUS, FIELD_LANGUAGE, FIELD_NULLABLE, 8, NULL),
	MF(status, POLICY_STATUS, FIELD_ENUM, 0, 16, statuses),
	/* What was agreed is the case's status, like the plan it shapes: read by
	 * all who read the case's meetings (its sponsors, the family, the SAH, a
	 * partner SPO the family shares with), so the pre-arrival meeting's
	 * sponsor can read the roles agreed. The worker's own record of the
	 * meeting is notes: the worker and the SPO's managers only. */
	MF(summary, POLICY_STATUS, FIELD_TEXT, FIELD_NULLABLE, 4000, NULL),
	MF(outcome_notes, POLICY_NOTES, FIELD_TEXT, FIELD_NULLABLE, 4000, NULL),
};
const size_t meeting_fields_count = sizeof meeting_fields / sizeof meeting_fields[0];

static void to_form(struct arena *a, struct meeting_view *v)
{
	char t[CLOCK_ISO_LEN];
	const struct meeting_rec *r = &v->rec;

	v->form = (struct meeting_form){
		.id = r->id, .case_id = r->case_id, .kind = r->kind, .mode = r->mode, .place = r->place,
		.interpreter_language = r->interpreter_language, .status = r->status, .summary = r->summary,
		.outcome_notes = r->outcome_notes,
	};
	clock_rfc3339_format(r->starts_at, r->utc_offset, t);
	v->form.starts_at = arena_strdup(a, t);
	clock_rfc3339_format(r->ends_at, r->utc_offset, t);
	v->form.ends_at = arena_strdup(a, t);
}

/* What of a meeting the reader may see: the basics and the summary with the
 * case's status, the place with its contact data, outcome notes with its notes. */
static policy_mask meeting_classes(policy_mask readable)
{
	return readable & (1u << POLICY_STATUS | 1u << POLICY_CONTACT | 1u << POLICY_NOTES);
}

static int audit_notes_read(struct store *st, const struct actor *ac, int64_t case_id, policy_mask readable,
			    struct tandem_err *e)
{
	struct audit_rec r = audit_entry(ac->user.id, "meeting.read", case_id, "notes", "allowed", "");

	if (!(readable & (1u << POLICY_NOTES)))
		return 0;
	if (audit_record(st, &r, 1, e))
		return tandem_fail(e, TANDEM_EUNAVAIL, "audit_unavailable",
				   "The read could not be recorded in the audit log; try again.");
	return 0;
}

static int proposed_checkins(struct store *st, const struct case_rec *c, const struct meeting_view *meetings,
			     size_t n, struct arena *a, int64_t *out, int *n_out, struct tandem_err *e)
{
	struct lifecycle_due due;
	int rc = cases_due(st, c, a, &due, e);

	*n_out = 0;
	if (rc || !c->actual_arrival)
		return rc;
	for (int i = 0; i < due.n_checkins; i++) {
		bool covered = false;
		for (size_t k = 0; k < n; k++) {
			int64_t day = meetings[k].rec.starts_at / 86400;
			covered |= strcmp(meetings[k].rec.kind, "follow_up") == 0
				&& strcmp(meetings[k].rec.status, "cancelled") != 0
				&& day > due.checkins[i] - 15 && day < due.checkins[i] + 15;
		}
		if (!covered)
			out[(*n_out)++] = due.checkins[i];
	}
	return 0;
}

int meetings_list(struct store *st, const struct actor *ac, int64_t case_id, struct arena *a,
		  struct meeting_list *out, struct tandem_err *e)
{
	struct meeting_rec *rows;
	struct case_view v;
	int rc = cases_open(st, ac, case_id, "meeting.read", a, &v, e);

	memset(out, 0, sizeof *out);
	if (!rc)
		rc = st->ops->meeting_list(st, case_id, a, &rows, &out->n, e);
	if (rc)
		return rc;
	out->rows = arena_alloc(a, (out->n + 1) * sizeof *out->rows);
	if (!out->rows)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	for (size_t i = 0; i < out->n; i++) {
		out->rows[i].rec = rows[i];
		to_form(a, &out->rows[i]);
		out->rows[i].actions = actions_meeting(v.who);
	}
	out->readable = meeting_classes(v.readable);
	rc = proposed_checkins(st, &v.rec, out->rows, out->n, a, out->proposed, &out->n_proposed, e);
	return rc ? rc : audit_notes_read(st, ac, case_id, out->readable, e);
}

static int load(struct store *st, int64_t case_id, int64_t id, struct arena *a, struct meeting_view *out,
		struct tandem_err *e)
{
	int rc = st->ops->meeting_get(st, id, a, &out->rec, e);

	/* A meeting of another case is not found here, whoever asks. */
	if (!rc && out->rec.case_id != case_id)
		rc = tandem_fail(e, TANDEM_ENOTFOUND, "not_found", "This case has no such meeting.");
	if (!rc)
		to_form(a, out);
	return rc;
}

int meetings_get(struct store *st, const struct actor *ac, int64_t case_id, int64_t id, struct arena *a,
		 struct meeting_view *out, policy_mask *readable, struct tandem_err *e)
{
	struct case_view v;
	int rc = cases_open(st, ac, case_id, "meeting.read", a, &v, e);

	if (!rc)
		rc = load(st, case_id, id, a, out, e);
	if (rc)
		return rc;
	out->actions = actions_meeting(v.who);
	*readable = meeting_classes(v.readable);
	return audit_notes_read(st, ac, case_id, *readable, e);
}

static bool given(field_set set, const char *name)
{
	return field_given(meeting_fields, meeting_fields_count, set, name);
}

static int invalid(struct tandem_err *e, const char *field, const char *msg)
{
	return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", field, "%s", msg);
}

/* Applies the given text fields of in to the stored record r. */
static void apply(struct meeting_rec *r, const struct meeting_form *in, field_set set)
{
	for (size_t i = 0; i < meeting_fields_count; i++) {
		const struct field_def *f = &meeting_fields[i];
		const char *v = field_text(in, f);
		if (!(set & (1ull << i)) || f->kind == FIELD_ID)
			continue;
		if (strcmp(f->name, "starts_at") == 0)
			clock_rfc3339_parse(v, &r->starts_at, &r->utc_offset);
		else if (strcmp(f->name, "ends_at") == 0) {
			int ignored;
			clock_rfc3339_parse(v, &r->ends_at, &ignored);
		} else if (strcmp(f->name, "kind") == 0)
			r->kind = v;
		else if (strcmp(f->name, "mode") == 0)
			r->mode = v;
		else if (strcmp(f->name, "place") == 0)
			r->place = v;
		else if (strcmp(f->name, "interpreter_language") == 0)
			r->interpreter_language = v;
		else if (strcmp(f->name, "status") == 0)
			r->status = v;
		else if (strcmp(f->name, "summary") == 0)
			r->summary = v;
		else if (strcmp(f->name, "outcome_notes") == 0)
			r->outcome_notes = v;
	}
}

/* The action a change needs: its status, summary and outcome notes are the
 * meeting's record, the rest its arrangement. */
static enum actions_meeting action_of(field_set set, bool attendees)
{
	static const char *const record[] = { "status", "summary", "outcome_notes", NULL };

	for (size_t i = 0; i < meeting_fields_count; i++)
		if ((set & (1ull << i)) && text_lookup(record, meeting_fields[i].name) < 0)
			return ACTIONS_MEETING_UPDATE;
	return attendees ? ACTIONS_MEETING_UPDATE : ACTIONS_MEETING_RECORD;
}

/* Whether the reader may make this change: a new meeting is scheduled on
 * the case, a change is made on the meeting. */
static bool may_save(enum policy_who who, int64_t id, field_set set, bool attendees)
{
	if (!id)
		return actions_case_may(who, ACTIONS_CASE_SCHEDULE_MEETING);
	return actions_meeting(who) & (1u << action_of(set, attendees));
}

static int check_times(const struct meeting_rec *r, bool times_given, struct tandem_err *e)
{
	if (r->ends_at <= r->starts_at)
		return invalid(e, "ends_at", "ends_at must be after starts_at.");
	if (r->ends_at - r->starts_at > MEETING_MAX_HOURS * 3600)
		return invalid(e, "ends_at", "A meeting lasts at most 12 hours.");
	if (times_given && strcmp(r->status, "scheduled") == 0 && r->starts_at < clock_now() - 86400)
		return invalid(e, "starts_at", "A meeting cannot be scheduled in the past; record it as held.");
	/* What happened at a meeting is known only once it has begun. */
	if (times_given && (strcmp(r->status, "held") == 0 || strcmp(r->status, "no_show") == 0)
	    && r->starts_at > clock_now())
		return invalid(e, "status", "A meeting that has not begun cannot be recorded as held or missed;"
			       " record it once it has taken place.");
	return 0;
}

static int check_attendees(struct store *st, int64_t case_id, const struct attendee_rec *att, size_t n,
			   struct arena *a, struct tandem_err *e)
{
	struct person_rec *people;
	struct user_rec u;
	struct tandem_err ig;
	size_t np;
	int rc;

	if (n > MEETING_ATTENDEES_MAX)
		return invalid(e, "attendees", "A meeting has at most 20 attendees.");
	rc = st->ops->person_list(st, case_id, a, &people, &np, e);
	for (size_t i = 0; !rc && i < n; i++) {
		bool found = false;
		if (att[i].user_id) {
			if (st->ops->user_get(st, att[i].user_id, a, &u, &ig) || u.disabled)
				return invalid(e, "attendees", "An attendee's user_id names no active account.");
			continue;
		}
		for (size_t k = 0; k < np; k++)
			found |= people[k].id == att[i].person_id;
		if (!found)
			return invalid(e, "attendees", "An attendee's person_id names no person of this case.");
	}
	return rc;
}

struct saving {
	struct meeting_rec *rec;
	struct audit_rec *ar;   /* names the meeting, new or not */
	struct arena *a;
	bool create;            /* decided before the run: a retry finds rec->id set */
};

static int save_fn(struct store *st, void *arg, struct tandem_err *e)
{
	struct saving *x = arg;
	int rc = x->create ? st->ops->meeting_create(st, x->rec, e) : st->ops->meeting_update(st, x->rec, e);

	x->ar->detail = arena_printf(x->a, "meeting %lld", (long long)x->rec->id);
	return rc;
}

int meetings_save(struct store *st, const struct actor *ac, int64_t case_id, int64_t id,
		  const struct meeting_form *in, field_set set, const struct attendee_rec *attendees,
		  size_t n_attendees, struct arena *a, struct meeting_view *out, policy_mask *readable,
		  struct tandem_err *e)
{
	const char *action = id ? "meeting.update" : "meeting.create";
	struct meeting_view cur = {0};
	struct case_view v;
	struct audit_rec ar;
	int rc = cases_open(st, ac, case_id, action, a, &v, e);

	if (rc)
		return rc;
	/* Meetings are the single point of contact's to keep: worker and managers. */
	if (!may_save(v.who, id, set, attendees != NULL))
		return cases_refuse(st, ac, action, case_id, "status", e,
				    "Only the assigned worker or the SPO's managers schedule and record meetings.");
	for (size_t i = 0; !id && i < meeting_fields_count; i++)
		if ((meeting_fields[i].flags & FIELD_REQUIRED) && !(set & (1ull << i)))
			return tandem_fail_field(e, TANDEM_EINVAL, "missing_field", meeting_fields[i].name,
						 "%s is required.", meeting_fields[i].name);
	if (id && (rc = load(st, case_id, id, a, &cur, e)))
		return rc;
	if (!id)
		cur.rec = (struct meeting_rec){ .case_id = case_id, .status = "scheduled", .created_by = ac->user.id,
						.created_at = clock_now() };
	apply(&cur.rec, in, set);
	rc = check_times(&cur.rec, given(set, "starts_at") || given(set, "ends_at") || given(set, "status"), e);
	if (!rc && attendees)
		rc = check_attendees(st, case_id, attendees, n_attendees, a, e);
	if (rc)
		return rc;
	if (attendees) {
		cur.rec.attendees = attendees;
		cur.rec.n_attendees = n_attendees;
	}
	cur.rec.updated_at = clock_now();
	ar = audit_entry(ac->user.id, action, case_id, "status", "allowed", "");
	rc = audit_run(st, save_fn, &(struct saving){ &cur.rec, &ar, a, !id }, &ar, 1, e);
	if (rc)
		return rc;
	*out = cur;
	to_form(a, out);
	out->actions = actions_meeting(v.who);
	*readable = meeting_classes(v.readable);
	return 0;
}

int meetings_feed(struct store *st, const struct actor *ac, int64_t since, struct arena *a,
		  struct meeting_view **out, size_t *n, struct tandem_err *e)
{
	struct case_filter f = { .limit = 200 };
	size_t cap = 64, k = 0;
	struct meeting_view *v = arena_alloc(a, cap * sizeof *v);
	int rc = v ? 0 : tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");

	do {
		struct case_view *cases;
		size_t nc;
		int64_t next = 0;
		rc = rc ? rc : cases_list(st, ac, &f, a, &cases, &nc, &next, e);
		for (size_t i = 0; !rc && i < nc; i++) {
			struct meeting_rec *rows;
			size_t nm;
			rc = st->ops->meeting_list(st, cases[i].rec.id, a, &rows, &nm, e);
			for (size_t j = 0; !rc && j < nm; j++) {
				if (rows[j].starts_at < since)
					continue;
				if (k == cap) {
					struct meeting_view *w = arena_alloc(a, 2 * cap * sizeof *w);
					if (!w)
						return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
					memcpy(w, v, cap * sizeof *w);
					v = w;
					cap *= 2;
				}
				v[k].rec = rows[j];
				/* a calendar entry leaves tandem: what was said stays in it */
				v[k].rec.summary = NULL;
				v[k].rec.outcome_notes = NULL;
				if (!(cases[i].readable & (1u << POLICY_CONTACT)))
					v[k].rec.place = NULL;
				to_form(a, &v[k]);
				k++;
			}
		}
		f.after_id = next;
	} while (!rc && f.after_id);
	*out = v;
	*n = k;
	return rc;
}
