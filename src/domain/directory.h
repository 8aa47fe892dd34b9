/* directory.h - adding communities and organizations to the directory, for
 * administrators (the policy's directory.write). */
#ifndef TANDEM_DIRECTORY_H
#define TANDEM_DIRECTORY_H

#include "actor.h"

int directory_community_create(struct store *st, const struct actor *ac, struct community_rec *r,
			       struct tandem_err *e);
int directory_org_create(struct store *st, const struct actor *ac, struct org_rec *r, struct tandem_err *e);

#endif
