/* events.h - the community's events (issue 13): hosted by organizations,
 * for an audience, with places and a wait list that moves in order. What
 * a reader may do is the policy's (policy_event_*); each change is checked
 * here and audited with its write. */
#ifndef TANDEM_EVENTS_H
#define TANDEM_EVENTS_H

#include "actor.h"

/* The fields of an event as a request gives them; what is not in `given`
 * keeps its value (a new event takes the defaults: no description, place,
 * link, community or interpretation; scheduled; hosted by the actor's
 * organization). Times are RFC 3339 with their offset. */
enum event_field {
	EVENT_TITLE, EVENT_TOPIC, EVENT_DESCRIPTION, EVENT_STARTS_AT, EVENT_ENDS_AT, EVENT_MODE, EVENT_PLACE,
	EVENT_LINK, EVENT_AUDIENCE, EVENT_COMMUNITY, EVENT_LANGUAGES, EVENT_INTERPRETATION, EVENT_CAPACITY,
	EVENT_HOSTS, EVENT_STATUS, EVENT_FIELD__MAX
};
extern const char *const events_field_names[];

struct event_input {
	unsigned given;                      /* 1u << enum event_field */
	const char *title, *topic, *description, *starts_at, *ends_at, *mode, *place, *link;
	const char *audience, *languages, *interpretation, *status;   /* lists comma-separated */
	int64_t community_id, capacity;
	const int64_t *host_ids;
	size_t n_host_ids;
};

/* What a reader may do with an event, a bit each. */
enum events_action {
	EVENTS_UPDATE, EVENTS_CANCEL, EVENTS_REGISTER, EVENTS_UNREGISTER, EVENTS_MANAGE, EVENTS_ANSWER_SURVEY,
	EVENTS_ACTION__MAX
};
extern const char *const events_action_names[];

/* An event as its reader sees it: with_link when they hold a place or host
 * it (the online link is theirs only). */
struct event_view {
	struct event_rec rec;
	unsigned actions;
	bool with_link;
};

extern const char *const events_topics[];

/* The events not over by `from` (0: now), of the community (0: any), that
 * the actor may read, soonest first. */
int events_list(struct store *st, const struct actor *ac, int64_t from, int64_t community_id, struct arena *a,
		struct event_view **out, size_t *n, struct tandem_err *e);
int events_get(struct store *st, const struct actor *ac, int64_t id, struct arena *a, struct event_view *out,
	       struct tandem_err *e);
int events_create(struct store *st, const struct actor *ac, const struct event_input *in, struct arena *a,
		  struct event_view *out, struct tandem_err *e);
/* Changes an event its organization hosts; raising the capacity gives the
 * places it adds to those waiting longest; cancelling is for good. */
int events_update(struct store *st, const struct actor *ac, int64_t id, const struct event_input *in,
		  struct arena *a, struct event_view *out, struct tandem_err *e);
/* The actor takes a place, or waits for one (out->rec.mine says which). */
int events_register(struct store *st, const struct actor *ac, int64_t id, struct arena *a,
		    struct event_view *out, struct tandem_err *e);
/* The actor gives up their place (the longest waiting takes it) or their
 * place on the wait list. */
int events_unregister(struct store *st, const struct actor *ac, int64_t id, struct arena *a,
		      struct event_view *out, struct tandem_err *e);
/* The public events of a community (for everyone: every audience), not
 * over for a month, soonest first: for its calendar feed, which anyone may
 * read, so they carry no registration and no link. 404 for no community. */
int events_public(struct store *st, int64_t community_id, struct arena *a, struct event_rec **out, size_t *n,
		  struct tandem_err *e);
/* The actor's answer to the survey of an event they had a place at, once
 * it has begun: helpful 1 to 5, whether they learned of a service (and
 * which, from the directory), what to cover next, comments. Once only
 * (409 already_answered); kept apart from who gave it. */
int events_survey_answer(struct store *st, const struct actor *ac, int64_t id, const struct event_survey_answer *in,
			 struct arena *a, struct tandem_err *e);
/* The results for the hosts' staff (shown: enough people answered, see
 * policy_aggregate_shown; else only how many); for one who may answer,
 * whether they have (*mine). 403 for anyone else. */
int events_survey_results(struct store *st, const struct actor *ac, int64_t id, struct arena *a,
			  struct event_survey_results *out, bool *shown, bool *host, bool *mine, struct tandem_err *e);
/* The hosts' staff write to those registered, waiting or both
 * (recipients): the message kept, and one for each in the outbox, which
 * tandem notify sends; *sent counts them. Their addresses stay hidden from
 * the hosts. */
int events_mail(struct store *st, const struct actor *ac, int64_t id, const char *recipients, const char *subject,
		const char *body, struct arena *a, size_t *sent, struct tandem_err *e);
/* For the hosts' staff (action manage): who has a place, then who waits,
 * each with their position on the wait list. */
int events_attendees(struct store *st, const struct actor *ac, int64_t id, struct arena *a,
		     struct event_view *ev, struct event_attendee **rows, size_t *n, struct tandem_err *e);
/* The hosts check a person with a place in on the day (in: false undoes
 * it), from twelve hours before the start to twelve after the end. */
int events_check_in(struct store *st, const struct actor *ac, int64_t id, int64_t registration_id, bool in,
		    struct arena *a, struct event_attendee *out, struct tandem_err *e);

#endif
