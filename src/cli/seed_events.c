/* seed_events.c - the demo's community events: a dozen across the
 * communities, hosted by their SPOs with the LIP or a SAH, some past (with
 * who came and what three in four of them answered: nine in ten found it
 * helpful, as the pilot's did), some to come (with places taken), one full
 * with a wait list. Those who register are the sponsors of the community's
 * groups. */
#include <string.h>

#include "../domain/policy.h"
#include "seed.h"

enum { SEED_OFFSET = -300 };   /* Eastern time in winter, minutes east of UTC */

static const struct seed_event {
	int community, spo, sah;        /* indexes; sah -1: none */
	bool lip;                       /* the community's LIP co-hosts */
	const char *title, *topic, *mode, *audience, *languages, *interpretation, *description;
	int day, hour, hours;           /* from today; local start; length */
	int capacity, registrants;
} events[] = {
	{ 0, 0, -1, true, "Renting your first home in Hamilton", "housing", "hybrid", "sponsors,refugees", "en,ar",
	  "ar", "Leases, deposits, tenants' rights and where to look, with a housing worker and a landlord.",
	  9, 18, 2, 40, 12 },
	{ 0, 0, 0, true, "The first year, month by month", "sponsorship_basics", "in_person", "sponsors,sahs", "en", "",
	  "For new sponsor groups: what the settlement plan asks of you, and who helps with what.", 16, 19, 2, 3, 5 },
	{ 0, 0, -1, false, "Finding a family doctor", "health_care", "online", "everyone", "en,ar", "ar",
	  "How Health Care Connect works, walk-in clinics meanwhile, and interpreters at appointments.",
	  -21, 18, 1, 60, 14 },
	{ 1, 1, -1, true, "Mental health after resettlement: what sponsors can do", "mental_health", "hybrid",
	  "sponsors,spo_staff", "en,fr", "fr", "Signs to notice, how to talk about them, and the services that answer.",
	  12, 18, 2, 50, 6 },
	{ 1, 1, 1, false, "Knowledge exchange: sponsors and agencies", "sponsorship_basics", "in_person", "everyone",
	  "en,fr", "", "An evening of questions both ways, and the local resource guide.", -35, 18, 2, 30, 8 },
	{ 2, 2, -1, true, "Employment fair for newcomers", "employment", "in_person", "refugees,sponsors",
	  "en,ar,ti", "ar,ti", "Employers hiring now, credential recognition and language at work.", 23, 10, 4, 120, 8 },
	{ 2, 2, 2, true, "Sponsors' circle: the thirteenth month", "sponsorship_basics", "online", "sponsors,sahs", "en",
	  "", "What changes when the sponsorship year ends, and how to prepare the family for it.", -14, 19, 1, 25, 7 },
	{ 3, 3, -1, true, "Enrolling children in school", "schooling", "online", "refugees,sponsors", "en,ar,fa",
	  "ar,fa", "Registration, assessment, ESL support and the first weeks.", 6, 17, 1, 80, 6 },
	{ 4, 4, -1, true, "Banking and budgeting in the first year", "finances", "in_person", "refugees,sponsors",
	  "en,ar", "ar", "Opening an account, credit, and the sponsorship budget.", 19, 14, 2, 25, 5 },
	{ 5, 4, -1, true, "Transit and driving in London", "other", "in_person", "refugees,sponsors", "en,ar", "ar",
	  "Bus passes, the G1 test in your language, and car seats for children.", 30, 13, 2, 30, 4 },
	{ 6, 1, -1, true, "Legal clinic: status and family reunification", "legal", "hybrid", "refugees,sponsors",
	  "en,ar,fr", "ar", "Lawyers answer one question each, privately, by appointment on the night.",
	  27, 13, 3, 30, 3 },
	{ 7, 5, 4, false, "Rural sponsors: preparing for winter", "sponsorship_basics", "online", "sponsors,sahs", "en", "",
	  "Heating, winter clothing, driving on snow and getting to appointments without a car.", -10, 19, 1, 20, 4 },
};

/* The knowledge exchange's earlier evenings in Hamilton, a season apart,
 * so that its hosts' results run over the year. */
static const struct seed_event history[] = {
	{ 0, 0, -1, true, "Knowledge exchange: the first weeks", "sponsorship_basics", "in_person", "everyone", "en,ar",
	  "ar", "Sponsors, families and the agency on the first weeks: what went well and what did not.",
	  -330, 18, 2, 30, 12 },
	{ 0, 0, -1, true, "Knowledge exchange: the first lease", "housing", "in_person", "everyone", "en,ar", "ar",
	  "Finding a home a family can keep after the sponsorship year.", -240, 18, 2, 30, 12 },
	{ 0, 0, -1, true, "Knowledge exchange: school and children", "schooling", "in_person", "everyone", "en,ar", "ar",
	  "Schools, ESL and after-school programs, with two teachers.", -150, 18, 2, 30, 12 },
	{ 0, 0, -1, true, "Knowledge exchange: work and language classes", "employment", "in_person", "everyone",
	  "en,ar", "ar", "LINC, bridging programs and the first job.", -60, 18, 2, 30, 12 },
};

static const char *const next_topics[] = {
	"Housing for large families", "Schools and ESL", "Driving licences", "Dental care", "Jobs for engineers",
};

/* What one who came answered, ids drawn from the seed's numbers. */
static int seed_answer(struct seed *s, int64_t event_id, int64_t user_id)
{
	struct event_survey_answer ans = {
		.id = (int64_t)(seed_next(s) >> 2), .done_id = (int64_t)(seed_next(s) >> 2), .event_id = event_id,
		.helpful = seed_chance(s, 90) ? 4 + seed_pick(s, 2) : 2 + seed_pick(s, 2),
		.learned_service = seed_chance(s, 40),
	};

	if (seed_chance(s, 30))
		ans.next_topic = next_topics[seed_pick(s, 5)];
	return s->st->ops->event_survey_answer(s->st, &ans, user_id, s->e);
}

int64_t seed_worker_of(const struct seed *s, int spo)
{
	for (int k = 0; k < s->n_workers; k++)
		if (s->worker_spo[k] == spo)
			return s->worker[k];
	return s->worker[0];
}

static int seed_event_one(struct seed *s, const struct seed_event *v)
{
	int64_t hosts[3] = { s->spo[v->spo] }, start = (s->today + v->day) * 86400 + v->hour * 3600 - SEED_OFFSET * 60;
	struct event_rec r = {
		.title = v->title, .topic = v->topic, .description = v->description, .starts_at = start,
		.ends_at = start + v->hours * 3600, .utc_offset = SEED_OFFSET, .mode = v->mode, .audience = v->audience,
		.community_id = s->community[v->community], .languages = v->languages,
		.interpretation = v->interpretation, .capacity = v->capacity, .status = "scheduled",
		.created_by = seed_worker_of(s, v->spo), .created_at = s->now - 40 * 86400, .updated_at = s->now - 40 * 86400,
		.host_ids = hosts, .n_host_ids = 1,
	};
	unsigned audience;
	int taken = 0, rc;

	/* Stored as the API stores it: "everyone" as the four audiences. */
	if (!policy_event_audience_parse(v->audience, &audience))
		return tandem_fail(s->e, TANDEM_EINVAL, NULL, "The demo's event %s has no audience.", v->title);
	r.audience = policy_event_audience_words(audience);
	if (strcmp(v->mode, "online"))
		r.place = v->community == 7 ? "Minden Community Centre" : "Central Library, community room";
	if (strcmp(v->mode, "in_person"))
		r.link = "https://meet.example.org/tandem-demo";
	if (v->lip)
		hosts[r.n_host_ids++] = s->lip[v->community];
	if (v->sah >= 0)
		hosts[r.n_host_ids++] = s->sah[v->sah];
	if ((rc = s->st->ops->event_create(s->st, &r, s->e)))
		return rc;
	for (int g = 0, n = 0; !rc && g < s->n_groups && n < v->registrants; g++) {
		struct event_registration reg = { .event_id = r.id, .user_id = s->group_member[g],
						  .registered_at = r.created_at + (n + 1) * 3600 };
		if (s->group_community[g] != v->community)
			continue;
		n++;
		reg.status = taken < v->capacity ? "registered" : "waiting";
		reg.placed_at = taken < v->capacity ? reg.registered_at : 0;
		taken += taken < v->capacity;
		if ((rc = s->st->ops->event_register(s->st, &reg, s->e)) || v->day > 0 || !reg.placed_at
		    || !seed_chance(s, 80))
			continue;
		reg.checked_in_at = start + 600;
		rc = s->st->ops->event_registration_set(s->st, &reg, s->e);
		if (!rc && seed_chance(s, 75))
			rc = seed_answer(s, r.id, reg.user_id);
	}
	return rc;
}

int seed_events(struct seed *s)
{
	int rc = 0;

	for (size_t i = 0; !rc && i < sizeof events / sizeof *events; i++)
		rc = seed_event_one(s, &events[i]);
	return rc;
}

int seed_event_history(struct seed *s)
{
	int rc = 0;

	for (size_t i = 0; !rc && i < sizeof history / sizeof *history; i++)
		rc = seed_event_one(s, &history[i]);
	return rc;
}
