/* directory.h - the directory of communities, organizations and sponsor
 * groups: reading it, and adding to it (the policy's directory.write). */
#ifndef TANDEM_DIRECTORY_H
#define TANDEM_DIRECTORY_H

#include "actor.h"

int directory_community_create(struct store *st, const struct actor *ac, struct community_rec *r,
			       struct tandem_err *e);
int directory_org_create(struct store *st, const struct actor *ac, struct org_rec *r, struct tandem_err *e);

/* The directory as everyone signed in reads it; rows live in a. */
int directory_community_list(struct store *st, struct arena *a, struct community_rec **rows, size_t *n,
			  struct tandem_err *e);
int directory_community_get(struct store *st, int64_t id, struct arena *a, struct community_rec *out,
			struct tandem_err *e);
int directory_org_list(struct store *st, struct arena *a, struct org_rec **rows, size_t *n,
			    struct tandem_err *e);
int directory_org_get(struct store *st, int64_t id, struct arena *a, struct org_rec *out, struct tandem_err *e);
int directory_group_list(struct store *st, struct arena *a, struct group_rec **rows, size_t *n, struct tandem_err *e);
int directory_group_get(struct store *st, int64_t id, struct arena *a, struct group_rec *out, struct tandem_err *e);

#endif
