/* invitations.c - issuing and accepting invitations. */
#include "invitations.h"

#include <string.h>

#include "../lib/clock.h"
#include "account.h"
#include "audit.h"

static int create_fn(struct store *st, void *arg, struct tandem_err *e)
{
	return st->ops->invitation_create(st, arg, e);
}

int invitations_create(struct store *st, const struct actor *ac, const struct user_spec *spec,
		       char out[INVITATION_LEN], int64_t *expires_at, struct tandem_err *e)
{
	char secret[CRYPTO_SECRET_HEX], hash[CRYPTO_HASH_HEX];
	struct invitation_rec r = {0};
	struct audit_rec ar;
	struct user_rec existing;
	struct tandem_err ig;
	struct arena *a;
	int rc;

	rc = users_check(st, spec, e);
	if (rc)
		return rc;
	a = arena_new();
	if (!a)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	rc = st->ops->user_by_email(st, spec->email, a, &existing, &ig);
	arena_free(a);
	if (rc == 0)
		return tandem_fail_field(e, TANDEM_ECONFLICT, "already_exists", "email",
					 "There is already an account for %s.", spec->email);
	memcpy(out, "inv_", 4);
	crypto_secret_hex(secret);
	memcpy(out + 4, secret, sizeof secret);
	crypto_sha256_hex(hash, out, strlen(out));
	r = (struct invitation_rec){
		.hash = hash, .email = spec->email, .name = spec->name, .role = spec->role, .org_id = spec->org_id,
		.group_id = spec->group_id, .created_by = ac->user.id, .created_at = clock_now(),
		.expires_at = clock_now() + INVITATION_DAYS * 86400,
	};
	ar = audit_entry(ac->user.id, "invitation.create", 0, "identity", "allowed", spec->role);
	rc = audit_run(st, create_fn, &r, &ar, 1, e);
	*expires_at = r.expires_at;
	return rc;
}

static int unknown(struct tandem_err *e)
{
	return tandem_fail(e, TANDEM_ENOTFOUND, "invitation_unknown",
			   "This invitation link is not valid; ask for a new one.");
}

struct acceptance {
	const struct invitation_rec *inv;
	const struct user_spec *spec;
	int64_t *user_id;
	struct audit_rec *ar;   /* made by the new account */
};

static int accept_fn(struct store *st, void *arg, struct tandem_err *e)
{
	struct acceptance *x = arg;
	int rc = st->ops->invitation_use(st, x->inv->id, clock_now(), e);

	if (!rc)
		rc = users_insert(st, x->spec, x->user_id, e);
	if (!rc)
		x->ar->actor_id = *x->user_id;
	return rc;
}

int invitations_accept(struct store *st, const char *secret, const char *password, struct arena *a,
		       int64_t *user_id, struct tandem_err *e)
{
	char hash[CRYPTO_HASH_HEX], pwhash[CRYPTO_PWHASH_MAX];
	struct invitation_rec inv;
	struct user_spec spec;
	struct audit_rec ar;
	struct tandem_err ig;
	int rc;

	if (!secret || strncmp(secret, "inv_", 4) != 0 || strlen(secret) != INVITATION_LEN - 1)
		return unknown(e);
	crypto_sha256_hex(hash, secret, strlen(secret));
	if (st->ops->invitation_by_hash(st, hash, a, &inv, &ig))
		return unknown(e);
	if (inv.used_at)
		return tandem_fail(e, TANDEM_ECONFLICT, "invitation_used",
				   "This invitation has been used: sign in with the password set then.");
	if (inv.expires_at < clock_now())
		return tandem_fail(e, TANDEM_ECONFLICT, "invitation_expired",
				   "This invitation has expired; ask for a new one.");
	rc = account_password_check(password ? password : "", e);
	if (!rc && crypto_password_hash(pwhash, password))
		rc = tandem_fail(e, TANDEM_ENOMEM, NULL, "The password could not be hashed.");
	if (rc)
		return rc;
	spec = (struct user_spec){ .email = inv.email, .name = inv.name, .role = inv.role, .org_id = inv.org_id,
				   .group_id = inv.group_id, .pwhash = pwhash };
	ar = audit_entry(0, "invitation.accept", 0, "identity", "allowed", inv.role);
	rc = audit_run(st, accept_fn, &(struct acceptance){ &inv, &spec, user_id, &ar }, &ar, 1, e);
	return rc;
}
