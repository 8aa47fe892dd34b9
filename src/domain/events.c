/* events.c - creating and running the community's events and taking
 * places at them: each change checked here, decided by the policy
 * (policy_event_*), written with its audit record in one transaction, so
 * that two people taking the last place at once never both get it. */
#include "events.h"

#include <string.h>

#include "../lib/clock.h"
#include "../lib/crypto.h"
#include "../lib/text.h"
#include "audit.h"
#include "case_fields.h"
#include "cases.h"
#include "languages.h"

enum {
	EVENT_TITLE_MAX = 200, EVENT_TEXT_MAX = 4000, EVENT_PLACE_MAX = 300, EVENT_LINK_MAX = 500,
	EVENT_CAPACITY_MAX = 100000, EVENT_DAYS_MAX = 14, EVENT_HOSTS_MAX = 10, EVENT_LIST_MAX = 500,
	EVENT_CHECK_IN_SLACK = 12 * 3600, EVENT_TOPIC_MAX = 200, EVENT_COMMENTS_MAX = 2000, EVENT_SUBJECT_MAX = 150,
	EVENT_BODY_MAX = 4000
};

const char *const events_field_names[EVENT_FIELD__MAX + 1] = {
	"title", "topic", "description", "starts_at", "ends_at", "mode", "place", "link", "audience",
	"community_id", "languages", "interpretation", "capacity", "host_ids", "status", NULL
};
const char *const events_action_names[EVENTS_ACTION__MAX + 1] = {
	"update", "cancel", "register", "unregister", "manage", "answer_survey", NULL
};
const char *const events_topics[] = {
	"mental_health", "housing", "employment", "health_care", "schooling", "language", "sponsorship_basics",
	"finances", "legal", "other", NULL
};
static const char *const modes[] = { "in_person", "online", "hybrid", NULL };
static const char *const statuses[] = { "scheduled", "cancelled", NULL };

static int invalid(struct tandem_err *e, const char *field, const char *msg)
{
	return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", field, "%s", msg);
}

static unsigned audience_of(const struct event_rec *r)
{
	unsigned mask;

	return policy_event_audience_parse(r->audience, &mask) ? mask : 0;
}

/* Places are taken and given up until the event is over or cancelled. */
static bool open_for_places(const struct event_rec *r, int64_t now)
{
	return !strcmp(r->status, "scheduled") && r->ends_at > now;
}

/* The survey is for those who had a place, once the event has begun. */
static bool surveyed(const struct event_rec *r, int64_t now)
{
	return r->mine.status && !strcmp(r->mine.status, "registered") && !strcmp(r->status, "scheduled")
	       && r->starts_at <= now;
}

static void view_of(const struct actor *ac, struct event_view *v, int64_t now)
{
	const struct event_rec *r = &v->rec;
	bool host = policy_event_host(&ac->policy, r->host_ids, r->n_host_ids), open = open_for_places(r, now);

	v->actions = host ? 1u << EVENTS_MANAGE : 0;
	if (host && open)
		v->actions |= 1u << EVENTS_UPDATE | 1u << EVENTS_CANCEL;
	if (open && !r->mine.status && policy_event_registers(&ac->policy, audience_of(r)))
		v->actions |= 1u << EVENTS_REGISTER;
	if (open && r->mine.status)
		v->actions |= 1u << EVENTS_UNREGISTER;
	if (surveyed(r, now) && !r->mine.answered)
		v->actions |= 1u << EVENTS_ANSWER_SURVEY;
	v->with_link = host || (r->mine.status && !strcmp(r->mine.status, "registered"));
}

int events_list(struct store *st, const struct actor *ac, int64_t from, int64_t community_id, struct arena *a,
		struct event_view **out, size_t *n, struct tandem_err *e)
{
	int64_t now = clock_now();
	struct event_query q = { .reader = ac->user.id, .from = from ? from : now, .community_id = community_id,
				 .limit = EVENT_LIST_MAX };
	struct event_rec *rows;
	size_t count, k = 0;
	int rc = st->ops->event_list(st, &q, a, &rows, &count, e);

	if (rc)
		return rc;
	if (!(*out = arena_alloc(a, (count + 1) * sizeof **out)))
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	for (size_t i = 0; i < count; i++) {
		if (!policy_event_reads(&ac->policy, audience_of(&rows[i]), rows[i].host_ids, rows[i].n_host_ids))
			continue;
		(*out)[k].rec = rows[i];
		view_of(ac, &(*out)[k++], now);
	}
	*n = k;
	return 0;
}

int events_public(struct store *st, int64_t community_id, struct arena *a, struct event_rec **out, size_t *n,
		  struct tandem_err *e)
{
	struct event_query q = { .from = clock_now() - 30 * 86400, .community_id = community_id,
				 .limit = EVENT_LIST_MAX };
	unsigned everyone = (1u << POLICY_EVENT_AUD__MAX) - 1;
	struct community_rec c;
	struct event_rec *rows;
	size_t count, k = 0;
	int rc = st->ops->community_get(st, community_id, a, &c, e);

	if (!rc)
		rc = st->ops->event_list(st, &q, a, &rows, &count, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < count; i++)
		if (audience_of(&rows[i]) == everyone)
			rows[k++] = rows[i];
	*out = rows;
	*n = k;
	return 0;
}

int events_get(struct store *st, const struct actor *ac, int64_t id, struct arena *a, struct event_view *out,
	       struct tandem_err *e)
{
	int rc = st->ops->event_get(st, id, ac->user.id, a, &out->rec, e);

	if (rc)
		return rc;
	if (!policy_event_reads(&ac->policy, audience_of(&out->rec), out->rec.host_ids, out->rec.n_host_ids))
		return cases_refuse(st, ac, "event.read", 0, NULL, e, "This event is for another audience.");
	view_of(ac, out, clock_now());
	return 0;
}

static bool given(const struct event_input *in, enum event_field f)
{
	return in->given & 1u << f;
}

/* Copies what the input gives into r, each value parsed and checked alone
 * (the checks across fields are check_event's). */
static int apply(const struct event_input *in, struct event_rec *r, struct arena *a, struct tandem_err *e)
{
	/* The text fields, taken as given once every value is checked. */
	const struct { enum event_field f; const char **to; const char *from; } texts[] = {
		{ EVENT_TITLE, &r->title, in->title }, { EVENT_TOPIC, &r->topic, in->topic },
		{ EVENT_DESCRIPTION, &r->description, in->description }, { EVENT_MODE, &r->mode, in->mode },
		{ EVENT_PLACE, &r->place, in->place }, { EVENT_LINK, &r->link, in->link },
		{ EVENT_LANGUAGES, &r->languages, in->languages },
		{ EVENT_INTERPRETATION, &r->interpretation, in->interpretation }, { EVENT_STATUS, &r->status, in->status },
	};
	unsigned mask;
	int offset, rc;

	if (given(in, EVENT_TOPIC) && text_lookup(events_topics, in->topic) < 0)
		return invalid(e, "topic", "topic is one of mental_health, housing, employment, health_care, schooling,"
			       " language, sponsorship_basics, finances, legal or other.");
	if (given(in, EVENT_STARTS_AT) && !clock_rfc3339_parse(in->starts_at, &r->starts_at, &offset))
		return invalid(e, "starts_at", "starts_at is a time with its offset, as 2027-03-04T18:30:00-05:00.");
	if (given(in, EVENT_STARTS_AT))
		r->utc_offset = offset;
	if (given(in, EVENT_ENDS_AT) && !clock_rfc3339_parse(in->ends_at, &r->ends_at, &offset))
		return invalid(e, "ends_at", "ends_at is a time with its offset, as 2027-03-04T20:30:00-05:00.");
	if (given(in, EVENT_MODE) && text_lookup(modes, in->mode) < 0)
		return invalid(e, "mode", "mode is in_person, online or hybrid.");
	if (given(in, EVENT_AUDIENCE) && !policy_event_audience_parse(in->audience, &mask))
		return invalid(e, "audience", "audience lists sponsors, sahs, spo_staff or refugees, or is everyone.");
	if (given(in, EVENT_LANGUAGES) && (!in->languages || !*in->languages))
		return invalid(e, "languages", "languages names at least one language spoken, as en or ar.");
	if (given(in, EVENT_LANGUAGES) && (rc = languages_list_check(in->languages, "languages", a, e)))
		return rc;
	if (given(in, EVENT_INTERPRETATION) && in->interpretation
	    && (rc = languages_list_check(in->interpretation, "interpretation", a, e)))
		return rc;
	if (given(in, EVENT_STATUS) && text_lookup(statuses, in->status) < 0)
		return invalid(e, "status", "status is scheduled or cancelled.");
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		if (given(in, texts[i].f))
			*texts[i].to = texts[i].from;
	if (given(in, EVENT_AUDIENCE))
		r->audience = policy_event_audience_words(mask);
	if (given(in, EVENT_COMMUNITY))
		r->community_id = in->community_id;
	if (given(in, EVENT_CAPACITY))
		r->capacity = in->capacity;
	if (given(in, EVENT_HOSTS))
		r->host_ids = in->host_ids, r->n_host_ids = in->n_host_ids;
	return 0;
}

/* An https address whose host is a name (letters, digits, dots, hyphens,
 * a port), nothing in it a browser or a page would cut or run. */
static bool link_ok(const char *s)
{
	const char *host = s + 8, *end;
	bool named = false;

	if (strncmp(s, "https://", 8) || strlen(s) > EVENT_LINK_MAX)
		return false;
	end = host + strcspn(host, "/?#");
	for (const char *p = host; p < end; p++) {
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:", *p))
			return false;
		named |= *p != '.' && *p != '-' && *p != ':';
	}
	if (!named || *host == ':' || *host == '.')
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= ' ' || *p == 0x7f || strchr("\"'<>`\\", *p))
			return false;
	return true;
}

static int check_hosts(struct store *st, const struct event_rec *r, struct arena *a, struct tandem_err *e)
{
	struct tandem_err ignored;
	struct org_rec o;

	if (!r->n_host_ids || r->n_host_ids > EVENT_HOSTS_MAX)
		return invalid(e, "host_ids", "An event has one to ten host organizations.");
	for (size_t i = 0; i < r->n_host_ids; i++) {
		if (r->host_ids[i] <= 0 || st->ops->org_get(st, r->host_ids[i], a, &o, &ignored))
			return invalid(e, "host_ids", "host_ids names an organization that does not exist.");
		for (size_t j = 0; j < i; j++)
			if (r->host_ids[j] == r->host_ids[i])
				return invalid(e, "host_ids", "host_ids names an organization twice.");
	}
	return 0;
}

/* The checks across an event's fields; start_given: its start is new, so
 * it may not be in the past (a running event may still be lengthened). A
 * place is for an event in person, a link for one online: the other is
 * dropped, so that a page never shows what does not apply. */
static int check_event(struct store *st, struct event_rec *r, bool start_given, struct arena *a,
		       struct tandem_err *e)
{
	struct tandem_err ignored;
	struct community_rec c;
	int rc;

	if ((rc = field_check_words("title", r->title, EVENT_TITLE_MAX, true, e)))
		return rc;
	if (r->description && *r->description
	    && (rc = field_check_words("description", r->description, EVENT_TEXT_MAX, false, e)))
		return rc;
	if (r->ends_at <= r->starts_at)
		return invalid(e, "ends_at", "ends_at is after starts_at.");
	if (r->ends_at - r->starts_at > EVENT_DAYS_MAX * 86400)
		return invalid(e, "ends_at", "An event lasts at most 14 days.");
	if (start_given && r->starts_at < clock_now())
		return invalid(e, "starts_at", "An event starts in the future.");
	if (!strcmp(r->mode, "online"))
		r->place = NULL;
	if (!strcmp(r->mode, "in_person"))
		r->link = NULL;
	if (strcmp(r->mode, "online") && !r->place)
		return invalid(e, "place", "An event held in person says where.");
	if (r->place && (rc = field_check_words("place", r->place, EVENT_PLACE_MAX, true, e)))
		return rc;
	if (strcmp(r->mode, "in_person") && (!r->link || !link_ok(r->link)))
		return invalid(e, "link", "An event held online gives its https:// link, to a named host.");
	if (r->community_id && st->ops->community_get(st, r->community_id, a, &c, &ignored))
		return invalid(e, "community_id", "community_id names no community.");
	if (r->capacity < 1 || r->capacity > EVENT_CAPACITY_MAX)
		return tandem_fail_field(e, TANDEM_EINVAL, "event_capacity", "capacity",
					 "capacity is from 1 to 100,000 places.");
	return check_hosts(st, r, a, e);
}

/* Gives up to `free` places to those waiting longest; *placed counts them. */
static int promote(struct store *st, int64_t event_id, int64_t free, int64_t now, struct arena *a, int *placed,
		   struct tandem_err *e)
{
	struct event_registration w;
	int rc = 0;

	*placed = 0;
	while (!rc && free-- > 0) {
		if ((rc = st->ops->event_first_waiting(st, event_id, a, &w, e)) == TANDEM_ENOTFOUND) {
			tandem_err_clear(e);
			return 0;
		}
		w.status = "registered";
		w.placed_at = now;
		w.from_wait_list = true;
		if (!rc && !(rc = st->ops->event_registration_set(st, &w, e)))
			++*placed;
	}
	return rc;
}

/* One write, with the audit record rec that says what it did. */
struct change {
	const struct actor *ac;
	struct event_rec *r;                /* as it is to be written */
	struct audit_rec *rec;
	struct arena *a;
	int64_t now;
	int (*fn)(struct store *, struct change *, struct tandem_err *);
};

static int change_fn(struct store *st, void *arg, struct tandem_err *e)
{
	struct change *c = arg;
	return c->fn(st, c, e);
}

static int run(struct store *st, struct change *c, const char *action, struct event_view *out,
	       struct tandem_err *e)
{
	struct audit_rec rec = audit_entry(c->ac->user.id, action, 0, NULL, "allowed", NULL);
	int rc;

	c->rec = &rec;
	if ((rc = audit_run(st, change_fn, c, &rec, 1, e)))
		return rc;
	return events_get(st, c->ac, c->r->id, c->a, out, e);
}

static int create_fn(struct store *st, struct change *c, struct tandem_err *e)
{
	int rc = st->ops->event_create(st, c->r, e);

	if (!rc)
		c->rec->detail = arena_printf(c->a, "event %lld", (long long)c->r->id);
	return rc;
}

int events_create(struct store *st, const struct actor *ac, const struct event_input *in, struct arena *a,
		  struct event_view *out, struct tandem_err *e)
{
	static const enum event_field required[] = { EVENT_TITLE, EVENT_TOPIC, EVENT_STARTS_AT, EVENT_ENDS_AT,
						     EVENT_MODE, EVENT_AUDIENCE, EVENT_LANGUAGES, EVENT_CAPACITY };
	int64_t now = clock_now();
	struct event_rec r = { .status = "scheduled", .created_by = ac->user.id, .created_at = now, .updated_at = now,
			       .host_ids = ac->policy.org_ids, .n_host_ids = ac->policy.n_org_ids ? 1 : 0 };
	int rc = 0;

	for (size_t i = 0; i < sizeof required / sizeof *required; i++)
		if (!given(in, required[i]))
			return tandem_fail_field(e, TANDEM_EINVAL, "missing_field", events_field_names[required[i]],
						 "%s is required.", events_field_names[required[i]]);
	rc = apply(in, &r, a, e);

	if (!rc && strcmp(r.status, "scheduled"))
		rc = invalid(e, "status", "A new event is scheduled.");
	if (!rc)
		rc = check_event(st, &r, true, a, e);
	if (rc)
		return rc;
	if (!policy_event_host(&ac->policy, r.host_ids, r.n_host_ids))
		return cases_refuse(st, ac, "event.write", 0, NULL, e,
				    "An event you create is hosted by your organization, with any others.");
	return run(st, &(struct change){ .ac = ac, .r = &r, .a = a, .now = now, .fn = create_fn }, "event.create",
		   out, e);
}

/* Whether everyone with a place or waiting is of the event's audience:
 * narrowing it would leave them a place they could neither see nor give up. */
static int check_audience_kept(struct store *st, const struct event_rec *r, struct arena *a, struct tandem_err *e)
{
	unsigned audience = audience_of(r);
	struct event_attendee *rows;
	size_t n, outside = 0;
	int rc = st->ops->event_attendees(st, r->id, a, &rows, &n, e);

	for (size_t i = 0; !rc && i < n; i++) {
		int role = role_parse(rows[i].role);
		outside += role < 0 || !policy_event_audience_holds((enum role)role, audience);
	}
	if (!rc && outside)
		rc = tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "audience",
				       "%zu people outside that audience have a place or wait for one; ask them to"
				       " cancel first.", outside);
	return rc;
}

/* The capacity and the audience are checked against the registrations
 * inside the write, so that one made meanwhile counts; places the capacity
 * adds go to those waiting. */
static int update_fn(struct store *st, struct change *c, struct tandem_err *e)
{
	struct event_rec now;
	int placed = 0, rc = st->ops->event_get(st, c->r->id, 0, c->a, &now, e);

	if (!rc)
		rc = check_audience_kept(st, c->r, c->a, e);
	if (!rc && c->r->capacity < now.registered)
		rc = tandem_fail_field(e, TANDEM_EINVAL, "capacity_taken", "capacity",
				       "%lld places are taken: the capacity cannot be lower. Ask people to cancel.",
				       (long long)now.registered);
	if (!rc)
		rc = st->ops->event_update(st, c->r, e);
	if (!rc && !strcmp(c->r->status, "scheduled"))
		rc = promote(st, c->r->id, c->r->capacity - now.registered, c->now, c->a, &placed, e);
	if (!rc)
		c->rec->detail = placed ? arena_printf(c->a, "event %lld; %d placed from the wait list",
						       (long long)c->r->id, placed)
					: arena_printf(c->a, "event %lld", (long long)c->r->id);
	return rc;
}

int events_update(struct store *st, const struct actor *ac, int64_t id, const struct event_input *in,
		  struct arena *a, struct event_view *out, struct tandem_err *e)
{
	struct event_view cur;
	int64_t now = clock_now();
	int rc = events_get(st, ac, id, a, &cur, e);

	if (rc)
		return rc;
	if (!policy_event_host(&ac->policy, cur.rec.host_ids, cur.rec.n_host_ids))
		return cases_refuse(st, ac, "event.write", 0, NULL, e, "Only the hosts' staff change an event.");
	if (strcmp(cur.rec.status, "scheduled"))
		return tandem_fail(e, TANDEM_ECONFLICT, "event_cancelled", "This event is cancelled, for good.");
	if (cur.rec.ends_at <= now)
		return tandem_fail(e, TANDEM_ECONFLICT, "event_over", "This event is over.");
	rc = apply(in, &cur.rec, a, e);
	if (!rc)
		rc = check_event(st, &cur.rec, given(in, EVENT_STARTS_AT), a, e);
	if (!rc && !policy_event_host(&ac->policy, cur.rec.host_ids, cur.rec.n_host_ids))
		rc = invalid(e, "host_ids", "Keep your organization among the hosts, or ask another host to change them.");
	if (rc)
		return rc;
	cur.rec.updated_at = now;
	return run(st, &(struct change){ .ac = ac, .r = &cur.rec, .a = a, .now = now, .fn = update_fn },
		   strcmp(cur.rec.status, "cancelled") ? "event.update" : "event.cancel", out, e);
}

/* A place while fewer than the capacity hold one, else the wait list;
 * read again inside the write, so the last place goes to one person. */
static int register_fn(struct store *st, struct change *c, struct tandem_err *e)
{
	struct event_registration reg = { .event_id = c->r->id, .user_id = c->ac->user.id, .registered_at = c->now };
	struct event_rec now;
	int rc = st->ops->event_get(st, c->r->id, c->ac->user.id, c->a, &now, e);

	if (rc)
		return rc;
	if (!open_for_places(&now, c->now))
		return tandem_fail(e, TANDEM_ECONFLICT, "event_closed", "This event is over or cancelled.");
	if (now.mine.status)
		return tandem_fail(e, TANDEM_ECONFLICT, "already_registered", "You are %s already.",
				   !strcmp(now.mine.status, "waiting") ? "on its wait list" : "registered");
	reg.status = now.registered < now.capacity ? "registered" : "waiting";
	reg.placed_at = now.registered < now.capacity ? c->now : 0;
	rc = st->ops->event_register(st, &reg, e);
	if (!rc)
		c->rec->detail = arena_printf(c->a, "event %lld: %s", (long long)c->r->id, reg.status);
	return rc;
}

int events_register(struct store *st, const struct actor *ac, int64_t id, struct arena *a,
		    struct event_view *out, struct tandem_err *e)
{
	struct event_view cur;
	int rc = events_get(st, ac, id, a, &cur, e);

	if (rc)
		return rc;
	if (!policy_event_registers(&ac->policy, audience_of(&cur.rec)))
		return cases_refuse(st, ac, "event.register", 0, NULL, e, "This event is for another audience.");
	return run(st, &(struct change){ .ac = ac, .r = &cur.rec, .a = a, .now = clock_now(), .fn = register_fn },
		   "event.register", out, e);
}

/* The place given up goes to the longest waiting, in the same write. */
static int unregister_fn(struct store *st, struct change *c, struct tandem_err *e)
{
	struct event_registration reg;
	struct event_rec now;
	bool had_place;
	int placed = 0, rc = st->ops->event_get(st, c->r->id, 0, c->a, &now, e);

	if (!rc)
		rc = st->ops->event_registration(st, c->r->id, c->ac->user.id, c->a, &reg, e);
	if (rc == TANDEM_ENOTFOUND || (!rc && !strcmp(reg.status, "cancelled")))
		return tandem_fail(e, TANDEM_ENOTFOUND, "not_found", "You have no place at this event to give up.");
	if (rc)
		return rc;
	if (!open_for_places(&now, c->now))
		return tandem_fail(e, TANDEM_ECONFLICT, "event_closed", "This event is over or cancelled.");
	had_place = !strcmp(reg.status, "registered");
	reg.status = "cancelled";
	reg.cancelled_at = c->now;
	rc = st->ops->event_registration_set(st, &reg, e);
	if (!rc && had_place)
		rc = promote(st, c->r->id, 1, c->now, c->a, &placed, e);
	if (!rc)
		c->rec->detail = arena_printf(c->a, "event %lld: %s given up%s", (long long)c->r->id,
					      had_place ? "place" : "place on the wait list",
					      placed ? "; the longest waiting placed" : "");
	return rc;
}

int events_unregister(struct store *st, const struct actor *ac, int64_t id, struct arena *a,
		      struct event_view *out, struct tandem_err *e)
{
	struct event_view cur;
	int rc = events_get(st, ac, id, a, &cur, e);

	if (rc)
		return rc;
	return run(st, &(struct change){ .ac = ac, .r = &cur.rec, .a = a, .now = clock_now(), .fn = unregister_fn },
		   "event.unregister", out, e);
}

/* The event, for its hosts' staff only (refused and audited otherwise). */
static int open_as_host(struct store *st, const struct actor *ac, int64_t id, struct arena *a,
			struct event_view *ev, struct tandem_err *e)
{
	int rc = events_get(st, ac, id, a, ev, e);

	if (!rc && !(ev->actions & 1u << EVENTS_MANAGE))
		rc = cases_refuse(st, ac, "event.write", 0, NULL, e,
				  "Only the hosts' staff see who is coming and check people in.");
	return rc;
}

int events_attendees(struct store *st, const struct actor *ac, int64_t id, struct arena *a,
		     struct event_view *ev, struct event_attendee **rows, size_t *n, struct tandem_err *e)
{
	int64_t waiting = 0;
	int rc = open_as_host(st, ac, id, a, ev, e);

	if (!rc)
		rc = st->ops->event_attendees(st, id, a, rows, n, e);
	for (size_t i = 0; !rc && i < *n; i++) {
		struct event_attendee *x = &(*rows)[i];
		int role = role_parse(x->role);
		x->reg.position = strcmp(x->reg.status, "waiting") ? 0 : ++waiting;
		if (role < 0 || !policy_event_attendee_named((enum role)role))
			x->name = NULL;
	}
	return rc;
}

/* Read again inside the write: a place given up meanwhile is not checked in. */
struct checking {
	int64_t event_id, id, at;    /* at 0: the check-in undone */
	struct arena *a;
};

static int check_in_fn(struct store *st, void *arg, struct tandem_err *e)
{
	const struct checking *c = arg;
	struct event_registration reg;
	int rc = st->ops->event_registration_get(st, c->event_id, c->id, c->a, &reg, e);

	if (rc)
		return rc;
	if (strcmp(reg.status, "registered"))
		return tandem_fail(e, TANDEM_ECONFLICT, "no_place", "Only a person with a place is checked in.");
	reg.checked_in_at = c->at;
	return st->ops->event_registration_set(st, &reg, e);
}

int events_check_in(struct store *st, const struct actor *ac, int64_t id, int64_t registration_id, bool in,
		    struct arena *a, struct event_attendee *out, struct tandem_err *e)
{
	struct event_attendee *rows;
	struct event_view ev;
	struct audit_rec rec;
	int64_t now = clock_now();
	size_t n;
	int rc = open_as_host(st, ac, id, a, &ev, e);

	if (rc)
		return rc;
	if (strcmp(ev.rec.status, "scheduled"))
		return tandem_fail(e, TANDEM_ECONFLICT, "event_cancelled", "This event is cancelled, for good.");
	if (now < ev.rec.starts_at - EVENT_CHECK_IN_SLACK || now > ev.rec.ends_at + EVENT_CHECK_IN_SLACK)
		return tandem_fail(e, TANDEM_ECONFLICT, "not_today", "People are checked in on the event's day.");
	rec = audit_entry(ac->user.id, "event.check_in", 0, NULL, "allowed",
			  arena_printf(a, "event %lld: registration %lld %s", (long long)id, (long long)registration_id,
				       in ? "checked in" : "check-in undone"));
	if ((rc = audit_run(st, check_in_fn, &(struct checking){ id, registration_id, in ? now : 0, a }, &rec, 1, e))
	    || (rc = events_attendees(st, ac, id, a, &ev, &rows, &n, e)))
		return rc;
	for (size_t i = 0; i < n; i++)
		if (rows[i].reg.id == registration_id)
			return (*out = rows[i]), 0;
	return tandem_fail(e, TANDEM_ENOTFOUND, NULL, "That registration is gone.");
}

/* A random id of 62 bits: answers keep no order of their coming. */
static int64_t random_id(void)
{
	return (int64_t)crypto_random_below(1u << 31) << 31 | crypto_random_below(1u << 31);
}

struct answering {
	struct event_survey_answer *ans;
	int64_t user_id;
};

/* Inside the write, so that two answers at once are one. */
static int answer_fn(struct store *st, void *arg, struct tandem_err *e)
{
	const struct answering *x = arg;
	bool done;
	int rc = st->ops->event_survey_done(st, x->ans->event_id, x->user_id, &done, e);

	if (!rc && done)
		rc = tandem_fail(e, TANDEM_ECONFLICT, "already_answered", "You have answered this survey already.");
	return rc ? rc : st->ops->event_survey_answer(st, x->ans, x->user_id, e);
}

static int check_answer(struct store *st, const struct event_survey_answer *in, struct arena *a,
			struct tandem_err *e)
{
	struct tandem_err ignored;
	struct resource_rec s;
	int rc;

	if (in->helpful < 1 || in->helpful > 5)
		return invalid(e, "helpful", "helpful is from 1 (not at all) to 5 (very).");
	if (in->service_id && !in->learned_service)
		return invalid(e, "service_id", "A service is named only by one who learned of a service.");
	if (in->service_id && st->ops->resource_get(st, in->service_id, a, &s, &ignored))
		return invalid(e, "service_id", "service_id names no service of the directory.");
	if (in->next_topic && (rc = field_check_words("next_topic", in->next_topic, EVENT_TOPIC_MAX, true, e)))
		return rc;
	if (in->comments)
		return field_check_words("comments", in->comments, EVENT_COMMENTS_MAX, false, e);
	return 0;
}

int events_survey_answer(struct store *st, const struct actor *ac, int64_t id, const struct event_survey_answer *in,
			 struct arena *a, struct tandem_err *e)
{
	struct event_survey_answer ans = *in;
	struct event_view v;
	struct audit_rec rec;
	int rc = events_get(st, ac, id, a, &v, e);

	if (rc)
		return rc;
	if (!v.rec.mine.status || strcmp(v.rec.mine.status, "registered"))
		return cases_refuse(st, ac, "event.register", 0, NULL, e, "The survey is for those who had a place.");
	if (!surveyed(&v.rec, clock_now()))
		return tandem_fail(e, TANDEM_ECONFLICT, "survey_not_open", "The survey opens when the event begins.");
	if ((rc = check_answer(st, in, a, e)))
		return rc;
	ans.id = random_id();
	ans.done_id = random_id();
	ans.event_id = id;
	/* The record says that they answered, never what. */
	rec = audit_entry(ac->user.id, "event.survey", 0, NULL, "allowed", arena_printf(a, "event %lld", (long long)id));
	return audit_run(st, answer_fn, &(struct answering){ &ans, ac->user.id }, &rec, 1, e);
}

int events_survey_results(struct store *st, const struct actor *ac, int64_t id, struct arena *a,
			  struct event_survey_results *out, bool *shown, bool *host, bool *mine, struct tandem_err *e)
{
	struct event_view v;
	int rc = events_get(st, ac, id, a, &v, e);

	if (rc)
		return rc;
	*host = v.actions & 1u << EVENTS_MANAGE;
	*mine = v.rec.mine.answered;
	*shown = false;
	if (!*host && !(v.rec.mine.status && !strcmp(v.rec.mine.status, "registered")))
		return cases_refuse(st, ac, "event.write", 0, NULL, e, "Only the hosts' staff see the survey's results.");
	if (!*host)
		return (*out = (struct event_survey_results){0}), 0;
	if ((rc = st->ops->event_survey_results(st, id, false, a, out, e)))
		return rc;
	*shown = policy_aggregate_shown(out->answers);
	return *shown ? st->ops->event_survey_results(st, id, true, a, out, e) : 0;
}

static const char *const mail_recipients[] = { "registered", "waiting", "everyone", NULL };

struct mailing {
	struct event_mail *m;
	const char *title, *today;
	struct arena *a;
	struct audit_rec *rec;
	size_t sent;
};

/* The message kept, then one for each addressee in the outbox, in one
 * write with its audit record. */
static int mail_fn(struct store *st, void *arg, struct tandem_err *e)
{
	struct mailing *x = arg;
	struct event_addressee *to;
	size_t n;
	int rc = st->ops->event_mail(st, x->m, x->a, &to, &n, e);

	x->sent = 0;
	for (size_t i = 0; !rc && i < n; i++) {
		bool added = false;
		struct outbox_rec r = {
			.user_id = to[i].user_id, .day = x->today, .recipient = to[i].email, .kind = "event", .mail_id = x->m->id,
			.subject = arena_printf(x->a, "%s: %s", x->title, x->m->subject),
			.body = arena_printf(x->a, "%s\n\n--\nFrom the hosts of \"%s\", through tandem: you have a place"
					     " at it or wait for one.\n", x->m->body, x->title),
			.created_at = x->m->created_at,
		};
		if (!(rc = st->ops->outbox_add(st, &r, &added, e)))
			x->sent += added;
	}
	if (!rc)
		x->rec->detail = arena_printf(x->a, "event %lld: message %lld to %zu", (long long)x->m->event_id,
					      (long long)x->m->id, x->sent);
	return rc;
}

int events_mail(struct store *st, const struct actor *ac, int64_t id, const char *recipients, const char *subject,
		const char *body, struct arena *a, size_t *sent, struct tandem_err *e)
{
	struct event_view ev;
	struct audit_rec rec;
	struct event_mail m;
	struct mailing x;
	int rc = open_as_host(st, ac, id, a, &ev, e);

	if (rc)
		return rc;
	if (!recipients || text_lookup(mail_recipients, recipients) < 0)
		return invalid(e, "recipients", "recipients is registered, waiting or everyone.");
	if (!subject || !body)
		return invalid(e, subject ? "body" : "subject", "A message has a subject and a body.");
	if ((rc = field_check_words("subject", subject, EVENT_SUBJECT_MAX, true, e))
	    || (rc = field_check_words("body", body, EVENT_BODY_MAX, false, e)))
		return rc;
	m = (struct event_mail){ .event_id = id, .sent_by = ac->user.id, .created_at = clock_now(),
				 .recipients = recipients, .subject = subject, .body = body };
	rec = audit_entry(ac->user.id, "event.mail", 0, NULL, "allowed", NULL);
	x = (struct mailing){ .m = &m, .title = ev.rec.title, .today = ac->today, .a = a, .rec = &rec };
	rc = audit_run(st, mail_fn, &x, &rec, 1, e);
	*sent = x.sent;
	return rc;
}
