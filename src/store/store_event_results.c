/* store_event_results.c - what an organization's events came to: places
 * taken and used, and their surveys' answers counted, one row an event,
 * newest first by the clock of each event's own zone (as its quarter is
 * counted, so that a quarter's events come together). */
#include "store_impl.h"

static const char SQL_RESULTS[] =
	"SELECT e.id, e.title, e.starts_at, e.utc_offset,"
	" (SELECT count(*) FROM event_registrations r WHERE r.event_id = e.id AND r.status = 'registered'),"
	" (SELECT count(*) FROM event_registrations r WHERE r.event_id = e.id AND r.status = 'registered'"
	"  AND r.checked_in_at IS NOT NULL),"
	" (SELECT count(*) FROM event_survey_answers s WHERE s.event_id = e.id),"
	" (SELECT count(*) FROM event_survey_answers s WHERE s.event_id = e.id AND s.helpful >= 4),"
	" (SELECT coalesce(sum(s.helpful), 0) FROM event_survey_answers s WHERE s.event_id = e.id)"
	" FROM events e JOIN event_hosts h ON h.event_id = e.id AND h.org_id = ?"
	" WHERE e.status = 'scheduled' AND e.starts_at <= ?"
	" ORDER BY e.starts_at + 60 * e.utc_offset DESC, e.id DESC LIMIT ?";

static void result_read(struct arena *a, struct db_stmt *q, void *elem)
{
	struct event_result *r = elem;

	*r = (struct event_result){ .event_id = db_int(q, 0), .title = db_text(a, q, 1), .starts_at = db_int(q, 2),
				    .utc_offset = (int)db_int(q, 3), .registered = db_int(q, 4),
				    .attended = db_int(q, 5), .answers = db_int(q, 6), .helpful = db_int(q, 7),
				    .helpful_sum = db_int(q, 8) };
}

int store_event_results(struct store *st, int64_t org_id, int64_t until, int limit, struct arena *a,
			struct event_result **rows, size_t *n, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(store_db(st), SQL_RESULTS, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, org_id);
	db_bind_int(q, 2, until);
	db_bind_int(q, 3, limit);
	return store_collect(q, a, sizeof **rows, result_read, (void **)rows, n, e);
}
