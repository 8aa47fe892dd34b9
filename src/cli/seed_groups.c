/* seed_groups.c - the demo's sponsor groups, formed as the families they
 * sponsor come: a Group of Five or a community sponsor takes one family,
 * a SAH's constituent group one to three, and no two groups share a name. */
#include <stdio.h>

#include "seed.h"

static const char *const kinds[SEED_KIND__MAX] = { "g5", "community_sponsor", "constituent_group" };

/* The SAH of community c's constituent groups: the first serving it, or -1. */
static int sah_of(int c)
{
	for (int i = 0; i < SEED_SAHS; i++)
		for (int k = 0; k < 3; k++)
			if (seed_sahs[i].communities[k] == c)
				return i;
	return -1;
}

/* The k-th name of a kind in community c (whose constituent groups are
 * all of one SAH): every place with every suffix, the suffixes stepped so
 * that neighbouring groups differ in both. */
static const char *group_name(struct seed *s, int c, enum seed_kind kind, int k)
{
	int place = k % SEED_PLACES, round = k / SEED_PLACES;
	const char *const *suffixes = kind == SEED_CONSTITUENT ? seed_constituent_suffixes[sah_of(c)]
		: seed_group_suffixes[kind];

	return arena_printf(s->a, "%s %s", seed_communities[c].places[place],
			    suffixes[(round * (SEED_PLACES + 1) + place) % SEED_SUFFIXES]);
}

int seed_group_new(struct seed *s, int c, enum seed_kind kind, int room, bool first_time)
{
	int g = s->n_groups, sah = sah_of(c), k = s->named[c][kind];
	struct group_rec r = {
		.kind = kinds[kind], .community_id = s->community[c],
		.sah_org_id = kind == SEED_CONSTITUENT ? s->sah[sah] : 0, .first_time = first_time,
	};

	/* The tables hold enough names and slots for the demo's 300 cases. */
	if (g == SEED_GROUPS_MAX || k == SEED_PLACES * SEED_SUFFIXES || (kind == SEED_CONSTITUENT && sah < 0)) {
		tandem_fail(s->e, TANDEM_EINVAL, NULL, "The demo's tables have no room for another sponsor group.");
		return -1;
	}
	r.name = group_name(s, c, kind, k);
	if (s->st->ops->group_create(s->st, &r, s->e))
		return -1;
	s->named[c][kind]++;
	s->group[g] = r.id;
	s->group_community[g] = c;
	s->group_kind[g] = kind;
	s->group_sah[g] = kind == SEED_CONSTITUENT ? sah : -1;
	s->group_room[g] = room;
	for (int m = 0; m < SEED_MEMBERS; m++) {
		int64_t id = seed_person_user(s, m ? &seed_english : &seed_languages[seed_pick(s, 3)],
					      "sponsors.example", "sponsor", "en", 0, r.id);
		if (!id)
			return -1;
		if (m == 0)
			s->group_member[g] = id;
	}
	s->n_groups++;
	return g;
}

/* A constituent group of community c that may take another family, or -1. */
static int open_group(const struct seed *s, int c)
{
	for (int g = 0; g < s->n_groups; g++)
		if (s->group_community[g] == c && s->group_kind[g] == SEED_CONSTITUENT && s->group_room[g] > 0)
			return g;
	return -1;
}

/* Most sponsorships in Ontario go through a SAH's constituent groups,
 * which often take a second or third family; a first-time group is most
 * often a Group of Five. Drawn one at a time, so that the draws keep their
 * order on every compiler. */
int seed_group_for(struct seed *s, int c)
{
	static const int rooms[] = { 1, 2, 3, 3, 3 };
	int g = open_group(s, c), r, room;
	enum seed_kind kind;
	bool first_time;

	if (g < 0) {
		r = seed_pick(s, 100);
		kind = r < 60 ? SEED_CONSTITUENT : r < 85 ? SEED_G5 : SEED_COMMUNITY_SPONSOR;
		room = kind == SEED_CONSTITUENT ? rooms[seed_pick(s, 5)] : 1;
		first_time = seed_chance(s, kind == SEED_G5 ? 60 : kind == SEED_CONSTITUENT ? 20 : 30);
		g = seed_group_new(s, c, kind, room, first_time);
	}
	if (g >= 0)
		s->group_room[g]--;
	return g;
}
