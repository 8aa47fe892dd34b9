/* seed_workgroups.c - the demo's working groups: Waterloo Region's eleven,
 * as its steering committee ran them in 2016, Ottawa's sector tables, and
 * two of Hamilton's (the demo LIP coordinator's);
 * each with the community's agency and SAH as members, one of the agency's
 * workers and one sponsor by name, a meeting to come, and two actions, one
 * done. */
#include "../lib/clock.h"
#include "seed.h"

static const struct seed_workgroup {
	int community, spo, sah;        /* indexes */
	const char *name, *purpose, *action_done, *action_open;
} groups[] = {
	{ 2, 2, 2, "Housing", "Find and keep homes families can afford on their first-year income.",
	  "Collect the landlords who rented to newcomers in 2016", "Ask the region for rent top-ups for large families" },
	{ 2, 2, 2, "Health", "A family doctor and a dentist for every family within three months.",
	  "List the clinics taking newcomer patients", "Arrange interpreters for the first appointments" },
	{ 2, 2, 2, "Education and schools", "School places, assessment and ESL support from the first week.",
	  "Meet the two school boards' welcome centres", "Find homework clubs in Arabic and Tigrinya" },
	{ 2, 2, 2, "Employment and training", "Work that uses what people already know.",
	  "Map employers hiring without Canadian experience", "Plan a job fair for the spring" },
	{ 2, 2, 2, "Language and interpretation", "Classes for every level and interpreters when they are needed.",
	  "Count the waiting lists for language classes", "Recruit volunteer interpreters for Dari" },
	{ 2, 2, 2, "Donations and in-kind support", "Furniture, clothing and household goods, stored and given fairly.",
	  "Find a warehouse for donated furniture", "Agree how sponsors ask for what their family needs" },
	{ 2, 2, 2, "Volunteers and community engagement", "Welcome the many who offer to help, and train them.",
	  "Hold the first volunteer orientation", "Screen volunteers who work with children" },
	{ 2, 2, 2, "Communications", "One voice to the public and to newcomers, in their languages.",
	  "Publish the weekly update", "Translate the welcome guide into Tigrinya" },
	{ 2, 2, 2, "Youth and children", "Recreation, camps and support for children and young people.",
	  "List the free summer camps", "Start a youth drop-in with the libraries" },
	{ 2, 2, 2, "Faith communities and private sponsors", "Support the congregations and groups that sponsor.",
	  "Hold a session on the sponsorship year", "Pair first-time groups with experienced ones" },
	{ 2, 2, 2, "Data and planning", "Know how many are arriving, when, and what they will need.",
	  "Agree what each agency reports each week", "Present the arrivals forecast to the steering committee" },
	{ 0, 0, 0, "Settlement table", "The agencies, SAHs and sponsors of Hamilton, once a month.",
	  "Agree the quarter's arrival numbers", "Plan the spring welcome event" },
	{ 0, 0, 0, "Newcomer housing", "Homes for the families arriving this winter.",
	  "List the landlords open to large families", "Find furniture storage for the winter" },
	{ 1, 1, 1, "Health and wellbeing table", "Primary care, mental health and dental care for newcomers.",
	  "Invite the community health centres", "Plan a mental health session for sponsors" },
	{ 1, 1, 1, "Housing table", "Temporary and permanent housing during the surge.",
	  "Count the rooms available this winter", "Agree who books temporary rooms" },
	{ 1, 1, 1, "Employment table", "Employers, credentials and language at work.",
	  "Meet the employers' council", "Prepare the credential recognition guide" },
	{ 1, 1, 1, "Education table", "Schools, adult education and language classes.",
	  "Meet the four school boards", "Share the ESL waiting lists monthly" },
};

/* A sponsor of a group in the community, or 0. */
static int64_t sponsor_in(const struct seed *s, int community)
{
	for (int g = 0; g < s->n_groups; g++)
		if (s->group_community[g] == community)
			return s->group_member[g];
	return 0;
}

static int seed_workgroup_one(struct seed *s, const struct seed_workgroup *v, int i)
{
	int64_t orgs[2] = { s->spo[v->spo], s->sah[v->sah] }, people[2] = { seed_worker_of(s, v->spo), 0 };
	int64_t start = (s->today + 5 + i % 14) * 86400 + 15 * 3600;   /* 10:00 in Eastern winter time */
	struct workgroup_rec r = {
		.lip_org_id = s->lip[v->community], .community_id = s->community[v->community], .name = v->name,
		.purpose = v->purpose, .created_by = s->lip_user[v->community], .created_at = s->now - 60 * 86400,
		.org_ids = orgs, .n_org_ids = 2, .member_ids = people, .n_member_ids = 1,
	};
	struct workgroup_meeting m = { .starts_at = start, .ends_at = start + 5400, .utc_offset = -300,
				       .place = "City hall, committee room", .created_at = s->now - 7 * 86400 };
	struct workgroup_action done = { .title = v->action_done, .owner_id = people[0], .status = "done",
					 .created_by = r.created_by, .created_at = r.created_at, .done_at = s->now - 86400 };
	struct workgroup_action open = { .title = v->action_open, .status = "open", .created_by = r.created_by,
					 .created_at = r.created_at };
	char due[CLOCK_DATE_LEN];
	int rc;

	if ((people[1] = sponsor_in(s, v->community)))
		r.n_member_ids = 2;
	clock_date_format(s->today + 21 + i, due);
	open.due_on = due;
	open.owner_id = people[r.n_member_ids - 1];
	if ((rc = s->st->ops->workgroup_create(s->st, &r, s->e)))
		return rc;
	m.group_id = done.group_id = open.group_id = r.id;
	if ((rc = s->st->ops->workgroup_meeting_add(s->st, &m, s->e))
	    || (rc = s->st->ops->workgroup_action_put(s->st, &done, s->e)))
		return rc;
	return s->st->ops->workgroup_action_put(s->st, &open, s->e);
}

int seed_workgroups(struct seed *s)
{
	int rc = 0;

	for (size_t i = 0; !rc && i < sizeof groups / sizeof *groups; i++)
		rc = seed_workgroup_one(s, &groups[i], (int)i);
	return rc;
}
