/* profiles.h - what the matcher knows of a worker: the languages they speak,
 * places, communities served in person, virtual service and specialisations,
 * set by the managers of the worker's SPO and by the administrators
 * (policy_worker_profile; see sql/008_matching.sql for defaults). */
#ifndef TANDEM_PROFILES_H
#define TANDEM_PROFILES_H

#include "actor.h"

/* A change: the fields left unset keep their value. */
struct profile_change {
	const char *languages;         /* spoken: ISO 639 codes, comma-separated; NULL: unchanged */
	int capacity;                  /* -1: unchanged */
	int virtual_ok;                /* -1: unchanged */
	const char *specialisations;   /* needs domains, comma-separated; NULL: unchanged */
	const int64_t *community_ids;  /* served in person, when communities_set */
	size_t n_communities;
	bool communities_set;
};

/* The workers of the SPOs the actor belongs to, with their languages and
 * open cases, for the managers who assign new cases, and what the actor may
 * do with each (users.h's actions: set_profile); rows live in a. */
int profiles_worker_list(struct store *st, const struct actor *ac, struct arena *a, struct worker_load **rows,
			 unsigned **actions, size_t *n, struct tandem_err *e);
/* The worker's profile as the matcher reads it, and their SPO; a refusal
 * (audited) for anyone who may not set it, TANDEM_ENOTFOUND for a worker
 * who is disabled. */
int profiles_get(struct store *st, const struct actor *ac, int64_t worker_id, struct arena *a,
		 struct match_worker_rec *out, int64_t *spo, struct tandem_err *e);
/* The SPO of the worker whose profile the actor may set (their managers,
 * the administrators), or a refusal, audited. */
int profiles_spo(struct store *st, const struct actor *ac, int64_t worker_id, struct arena *a, int64_t *spo,
		 struct tandem_err *e);
/* Changes the worker's profile and returns it, as profiles_get does. */
int profiles_set(struct store *st, const struct actor *ac, int64_t worker_id, const struct profile_change *c,
		 struct arena *a, struct match_worker_rec *out, int64_t *spo, struct tandem_err *e);

#endif
