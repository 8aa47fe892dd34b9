/* account.c - authentication: passwords, sessions, tokens, lock-out. */
#include "account.h"

#include <string.h>

#include "../lib/text.h"

int account_idle_limit(enum role r)
{
	return policy_role_may_read(r, POLICY_HEALTH) ? ACCOUNT_IDLE_SENSITIVE : ACCOUNT_IDLE_OTHER;
}

int account_password_check(const char *password, struct tandem_err *e)
{
	size_t n = strlen(password);

	if (n < ACCOUNT_PASSWORD_MIN || n > ACCOUNT_PASSWORD_MAX)
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "password",
					 "A password has %d to %d characters.", ACCOUNT_PASSWORD_MIN,
					 ACCOUNT_PASSWORD_MAX);
	return 0;
}

/* Every write runs in a write transaction of its own, never as a bare
 * statement inside a request's read snapshot (see store_ops.tx_begin):
 *	if (!write_begin(st, e)) rc = write_end(st, st->ops->x(st, ...), e); */
static int write_begin(struct store *st, struct tandem_err *e)
{
	return st->ops->tx_begin(st, true, e);
}

static int write_end(struct store *st, int rc, struct tandem_err *e)
{
	if (!rc)
		rc = st->ops->tx_commit(st, e);
	if (rc)
		st->ops->tx_rollback(st);
	return rc;
}

static int locked(struct store *st, const char *email, int64_t now, struct tandem_err *e)
{
	int count, rc;
	int64_t oldest;

	rc = st->ops->login_failure_count(st, email, now - ACCOUNT_FAILURE_WINDOW, &count, &oldest, e);
	if (rc)
		return rc;
	if (count < ACCOUNT_FAILURES_MAX)
		return 0;
	rc = tandem_fail(e, TANDEM_ELIMIT, "too_many_attempts",
			 "Too many failed sign-ins for this account; try again later.");
	e->retry_after = (int)(oldest + ACCOUNT_FAILURE_WINDOW - now);
	if (e->retry_after < 1)
		e->retry_after = 1;
	return rc;
}

static int refuse_login(struct store *st, const char *email, int64_t now, struct tandem_err *e)
{
	struct tandem_err ig;

	if (!write_begin(st, &ig))
		write_end(st, st->ops->login_failure_add(st, email, now, &ig), &ig);
	return tandem_fail(e, TANDEM_EAUTH, "invalid_credentials", "The email or the password is wrong.");
}

int account_login(struct store *st, const char *email, const char *password, int64_t now,
		  struct arena *a, struct login *out, struct tandem_err *e)
{
	char id_hash[CRYPTO_HASH_HEX];
	struct tandem_err ig;
	int rc;

	memset(out, 0, sizeof *out);
	rc = locked(st, email, now, e);
	if (rc)
		return rc;
	rc = st->ops->user_by_email(st, email, a, &out->user, &ig);
	if (rc == TANDEM_ENOTFOUND || (!rc && (out->user.disabled || !out->user.pwhash))) {
		crypto_password_burn(password);
		return refuse_login(st, email, now, e);
	}
	if (rc)
		return tandem_fail(e, ig.code, ig.slug, "%s", ig.msg);
	if (!crypto_password_verify(out->user.pwhash, password))
		return refuse_login(st, email, now, e);
	crypto_secret_hex(out->session);
	crypto_secret_hex(out->csrf);
	crypto_sha256_hex(id_hash, out->session, strlen(out->session));
	rc = write_begin(st, e);
	if (rc)
		return rc;
	rc = st->ops->login_failure_clear(st, email, e);
	if (!rc)
		rc = st->ops->session_create(st, id_hash, out->user.id, out->csrf, now, e);
	return write_end(st, rc, e);
}

int account_logout(struct store *st, const char *session, struct tandem_err *e)
{
	char id_hash[CRYPTO_HASH_HEX];
	int rc;

	crypto_sha256_hex(id_hash, session, strlen(session));
	rc = write_begin(st, e);
	return rc ? rc : write_end(st, st->ops->session_delete(st, id_hash, e), e);
}

static int unauthenticated(struct tandem_err *e)
{
	return tandem_fail(e, TANDEM_EAUTH, "unauthenticated", "Please sign in.");
}

/* Reads the session and its user in one read transaction: one snapshot, one
 * round of locks. */
static int session_read(struct store *st, const char *id_hash, int64_t now, struct arena *a,
			struct session_rec *s, struct actor *out, struct tandem_err *e)
{
	struct tandem_err ig;
	int rc = st->ops->tx_begin(st, false, e);

	if (rc)
		return rc;
	rc = st->ops->session_get(st, id_hash, a, s, &ig);
	if (rc == TANDEM_ENOTFOUND)
		rc = unauthenticated(e);
	else if (rc)
		rc = tandem_fail(e, ig.code, ig.slug, "%s", ig.msg);
	else
		rc = actor_load(st, s->user_id, now, a, out, e);
	st->ops->tx_rollback(st);
	return rc;
}

int account_session(struct store *st, const char *session, int64_t now, struct arena *a,
		    struct actor *out, const char **csrf, struct tandem_err *e)
{
	char id_hash[CRYPTO_HASH_HEX];
	struct session_rec s;
	struct tandem_err ig;
	int rc;

	if (strlen(session) != CRYPTO_SECRET_HEX - 1)
		return unauthenticated(e);
	crypto_sha256_hex(id_hash, session, strlen(session));
	rc = session_read(st, id_hash, now, a, &s, out, e);
	if (rc)
		return rc;
	if (now - s.last_seen > account_idle_limit(out->role)) {
		if (!write_begin(st, &ig))
			write_end(st, st->ops->session_delete(st, id_hash, &ig), &ig);
		return tandem_fail(e, TANDEM_EAUTH, "session_expired",
				   "Your session ended after a period of inactivity; please sign in again.");
	}
	/* Touching on every request would make every read a write. */
	if (now - s.last_seen >= ACCOUNT_TOUCH_EVERY && !write_begin(st, &ig))
		write_end(st, st->ops->session_touch(st, id_hash, now, &ig), &ig);
	*csrf = s.csrf;
	return 0;
}

int account_token(struct store *st, const char *token, int64_t now, struct arena *a,
		  struct actor *out, struct tandem_err *e)
{
	char hash[CRYPTO_HASH_HEX];
	int64_t user_id;
	struct tandem_err ig;
	int rc;

	if (strncmp(token, "tdm_", 4) != 0 || strlen(token) != ACCOUNT_TOKEN_LEN - 1)
		return unauthenticated(e);
	crypto_sha256_hex(hash, token, strlen(token));
	rc = st->ops->tx_begin(st, false, e);
	if (rc)
		return rc;
	rc = st->ops->token_user(st, hash, &user_id, &ig);
	if (rc == TANDEM_ENOTFOUND)
		rc = unauthenticated(e);
	else if (rc)
		rc = tandem_fail(e, ig.code, ig.slug, "%s", ig.msg);
	else
		rc = actor_load(st, user_id, now, a, out, e);
	st->ops->tx_rollback(st);
	return rc;
}

int account_token_issue(struct store *st, int64_t user_id, char out[ACCOUNT_TOKEN_LEN],
			struct tandem_err *e)
{
	char secret[CRYPTO_SECRET_HEX], hash[CRYPTO_HASH_HEX];
	int rc;

	memcpy(out, "tdm_", 4);
	crypto_secret_hex(secret);
	memcpy(out + 4, secret, sizeof secret);
	crypto_sha256_hex(hash, out, strlen(out));
	rc = write_begin(st, e);
	return rc ? rc : write_end(st, st->ops->token_create(st, hash, user_id, clock_now(), e), e);
}

int account_calendar_issue(struct store *st, int64_t user_id, char out[ACCOUNT_CALENDAR_LEN], struct tandem_err *e)
{
	char secret[CRYPTO_SECRET_HEX], hash[CRYPTO_HASH_HEX];
	int rc;

	memcpy(out, "cal_", 4);
	crypto_secret_hex(secret);
	memcpy(out + 4, secret, sizeof secret);
	crypto_sha256_hex(hash, out, strlen(out));
	rc = write_begin(st, e);
	return rc ? rc : write_end(st, st->ops->calendar_token_set(st, user_id, hash, clock_now(), e), e);
}

int account_calendar(struct store *st, const char *secret, int64_t now, struct arena *a, struct actor *out,
		     struct tandem_err *e)
{
	char hash[CRYPTO_HASH_HEX];
	int64_t user_id;
	struct tandem_err ig;

	if (!secret || strncmp(secret, "cal_", 4) != 0 || strlen(secret) != ACCOUNT_CALENDAR_LEN - 1)
		return unauthenticated(e);
	crypto_sha256_hex(hash, secret, strlen(secret));
	if (st->ops->calendar_token_user(st, hash, &user_id, &ig))
		return unauthenticated(e);
	return actor_load(st, user_id, now, a, out, e);
}

int account_set_language(struct store *st, int64_t user_id, const char *language, struct tandem_err *e)
{
	static const char *const supported[] = { "en", "fr", "ar", NULL };
	int rc;

	if (!language || text_lookup(supported, language) < 0)
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "language", "language is en, fr or ar.");
	rc = write_begin(st, e);
	return rc ? rc : write_end(st, st->ops->user_set_language(st, user_id, language, e), e);
}

int account_set_disabled(struct store *st, int64_t user_id, bool disabled, struct tandem_err *e)
{
	int rc = write_begin(st, e);

	if (rc)
		return rc;
	rc = st->ops->user_set_disabled(st, user_id, disabled, e);
	if (!rc && disabled)
		rc = st->ops->session_delete_user(st, user_id, e);
	return write_end(st, rc, e);
}
