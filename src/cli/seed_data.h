/* seed_data.h - the fictional names and places the demo data is drawn from. */
#ifndef TANDEM_SEED_DATA_H
#define TANDEM_SEED_DATA_H

enum {
	SEED_COMMUNITIES = 8, SEED_SPOS = 6, SEED_SAHS = 5, SEED_NAMES = 6, SEED_FAMILIES = 8,
	SEED_PLACES = 4, SEED_SUFFIXES = 6
};

struct seed_language {
	const char *code;               /* ISO 639 */
	int weight;                     /* share of cases */
	const char *male[SEED_NAMES], *female[SEED_NAMES], *family[SEED_FAMILIES];
};

struct seed_community {
	const char *name;
	int rural, weight;
	const char *places[SEED_PLACES];   /* neighbourhoods, for sponsor group names */
};

struct seed_org {
	const char *name, *domain;      /* domain: for e-mail addresses */
	int communities[3];             /* indexes, -1 ends */
	const char *languages[6];       /* what its workers speak besides English */
	int workers;
};

extern const struct seed_language seed_languages[];
extern const int seed_languages_count;
extern const struct seed_language seed_english;
extern const struct seed_community seed_communities[SEED_COMMUNITIES];
extern const struct seed_org seed_spos[SEED_SPOS];
extern const struct seed_org seed_sahs[SEED_SAHS];
extern const int seed_partners[][2];   /* {SAH index, SPO index}, ended by {-1, -1} */
extern const int seed_draft_partners[2];   /* the one of them still a draft */
/* Group names end with one of these, by kind (g5, community sponsor) or
 * by SAH for its constituent groups; with a place, SEED_PLACES *
 * SEED_SUFFIXES distinct names a kind in each community. */
extern const char *const seed_group_suffixes[2][SEED_SUFFIXES];
extern const char *const seed_constituent_suffixes[SEED_SAHS][SEED_SUFFIXES];
extern const char *const seed_health_notes[];
extern const char *const seed_worker_notes[];

#endif
