/* invitations.h - inviting people to tandem: an administrator names the
 * account (e-mail, name, role and where it is held); the invitation link's
 * secret lets its holder set a password once, within a week. */
#ifndef TANDEM_INVITATIONS_H
#define TANDEM_INVITATIONS_H

#include "../lib/crypto.h"
#include "actor.h"
#include "users.h"

enum { INVITATION_DAYS = 7, INVITATION_LEN = 4 + CRYPTO_SECRET_HEX };   /* "inv_" + hex, with NUL */

int invitations_create(struct store *st, const struct actor *ac, const struct user_spec *spec,
		       char out[INVITATION_LEN], int64_t *expires_at, struct tandem_err *e);
/* Creates the invited account with this password and ends the invitation;
 * *user_id receives the account. */
int invitations_accept(struct store *st, const char *secret, const char *password, struct arena *a,
		       int64_t *user_id, struct tandem_err *e);

#endif
