/* calendar.c - each user's meetings as one iCalendar feed that calendar
 * programs subscribe to. They cannot sign in, so the feed's address holds
 * a secret of its own: POST /api/v1/me/calendar-token makes a new one (and
 * ends the former), GET /api/v1/me/calendar.ics?token=... reads the feed. */
#include "api.h"

#include "../domain/account.h"
#include "../domain/meetings.h"

enum { FEED_PAST_DAYS = 30 };

void api_calendar_token(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	char secret[ACCOUNT_CALENDAR_LEN];
	struct tandem_err e = {0};

	(void)app;
	if (account_calendar_issue(c->store, c->actor.user.id, secret, &e)) {
		http_reply_error(req, &e);
		return;
	}
	http_reply_json(req, 201, json_pack("{s:s, s:s}", "token", secret, "path",
					    arena_printf(req->arena, "/api/v1/me/calendar.ics?token=%s", secret)));
}

void api_calendar_feed(struct http_request *req, void *app)
{
	static const char *const allowed[] = { "token", NULL };
	struct api_ctx *c = api_ctx(req);
	struct tandem_err e = {0};
	struct meeting_view *m;
	struct ical_event *ev;
	struct actor ac;
	size_t n;

	(void)app;
	if (!api_query_only(req, allowed))
		return;
	if (account_calendar(c->store, http_query(req, "token"), clock_now(), req->arena, &ac, &e)
	    || meetings_feed(c->store, &ac, clock_now() - FEED_PAST_DAYS * 86400, req->arena, &m, &n, &e)) {
		http_reply_error(req, &e);
		return;
	}
	ev = arena_alloc(req->arena, (n + 1) * sizeof *ev);
	if (!ev) {
		http_reply_fail(req, TANDEM_ENOMEM, NULL, "Out of memory.");
		return;
	}
	/* meetings_feed left out the places the owner may not see */
	for (size_t i = 0; i < n; i++)
		ev[i] = api_meeting_event(req, &m[i].rec, true);
	api_reply_ics(req, ev, n, NULL);
}
