/* account.c - authentication: passwords, sessions, tokens, lock-out. */
#include "account.h"

#include <stdio.h>
#include <string.h>

#include "../lib/text.h"
#include "audit.h"

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

/* The writes of accounts, each run by audit_run in a transaction of its own
 * (never as a bare statement inside a request's read snapshot). One record
 * carries what any of them needs. */
struct account_write {
	const char *email, *address, *hash, *csrf, *language;
	int64_t user_id, now;
	bool disabled;
};

static int session_open_fn(struct store *st, void *arg, struct tandem_err *e)
{
	const struct account_write *w = arg;
	int rc = st->ops->login_failure_clear(st, w->email, e);

	return rc ? rc : st->ops->session_create(st, w->hash, w->user_id, w->csrf, w->now, e);
}

static int session_delete_fn(struct store *st, void *arg, struct tandem_err *e)
{
	return st->ops->session_delete(st, ((const struct account_write *)arg)->hash, e);
}

static int session_touch_fn(struct store *st, void *arg, struct tandem_err *e)
{
	const struct account_write *w = arg;
	return st->ops->session_touch(st, w->hash, w->now, e);
}

static int token_create_fn(struct store *st, void *arg, struct tandem_err *e)
{
	const struct account_write *w = arg;
	return st->ops->token_create(st, w->hash, w->user_id, w->now, e);
}

static int calendar_set_fn(struct store *st, void *arg, struct tandem_err *e)
{
	const struct account_write *w = arg;
	return st->ops->calendar_token_set(st, w->user_id, w->hash, w->now, e);
}

static int language_fn(struct store *st, void *arg, struct tandem_err *e)
{
	const struct account_write *w = arg;
	return st->ops->user_set_language(st, w->user_id, w->language, e);
}

static int disabled_fn(struct store *st, void *arg, struct tandem_err *e)
{
	const struct account_write *w = arg;
	int rc = st->ops->user_set_disabled(st, w->user_id, w->disabled, e);

	/* Disabling ends the account's sessions at once. */
	return rc || !w->disabled ? rc : st->ops->session_delete_user(st, w->user_id, e);
}

static int run_write(struct store *st, int (*fn)(struct store *, void *, struct tandem_err *),
		     struct account_write *w, struct tandem_err *e)
{
	return audit_run(st, fn, w, NULL, 0, e);
}

/* Refuses when failures in the window reached max; retry_after says when the
 * oldest of them leaves it. */
static int over_limit(int count, int max, int64_t oldest, int64_t now, const char *whose,
		      struct tandem_err *e)
{
	if (count < max)
		return 0;
	tandem_fail(e, TANDEM_ELIMIT, "too_many_attempts", "Too many failed sign-ins %s; try again later.",
		    whose);
	e->retry_after = (int)(oldest + ACCOUNT_FAILURE_WINDOW - now);
	if (e->retry_after < 1)
		e->retry_after = 1;
	return TANDEM_ELIMIT;
}

static int limits_hold(struct store *st, const struct login_attempt *at, struct tandem_err *e)
{
	int64_t since = at->now - ACCOUNT_FAILURE_WINDOW, oldest;
	int count, rc;

	rc = st->ops->login_failure_count(st, at->email, since, &count, &oldest, e);
	if (!rc)
		rc = over_limit(count, ACCOUNT_FAILURES_MAX, oldest, at->now, "for this account", e);
	if (!rc)
		rc = st->ops->login_failure_count_address(st, at->address, since, &count, &oldest, e);
	if (!rc)
		rc = over_limit(count, ACCOUNT_ADDRESS_FAILURES_MAX, oldest, at->now, "from this address", e);
	return rc;
}

static int unavailable(struct tandem_err *e)
{
	tandem_fail(e, TANDEM_EUNAVAIL, "sign_in_unavailable",
		    "Signing in is not possible at the moment; try again shortly.");
	e->retry_after = ACCOUNT_UNAVAILABLE_RETRY;
	return TANDEM_EUNAVAIL;
}

/* Counts the attempt as a failure before its password is checked: if the
 * count cannot be written, the password is never checked, so the limits hold
 * whatever the store does, and a right and a wrong password get one answer.
 * A crash between here and the clearing of a right one counts as a failure. */
static int attempt_fn(struct store *st, void *arg, struct tandem_err *e)
{
	const struct login_attempt *at = arg;
	int rc = limits_hold(st, at, e);

	return rc ? rc : st->ops->login_failure_add(st, at->email, at->address, at->now, e);
}

static int attempt_record(struct store *st, const struct login_attempt *at, struct tandem_err *e)
{
	struct login_attempt work = *at;
	struct tandem_err ig;
	int rc = audit_run_within(st, ACCOUNT_RECORD_WAIT_MS, attempt_fn, &work, NULL, 0, &ig);

	if (rc == TANDEM_ELIMIT) {
		*e = ig;
		return rc;
	}
	return rc ? unavailable(e) : 0;
}

static int wrong_credentials(struct tandem_err *e)
{
	return tandem_fail(e, TANDEM_EAUTH, "invalid_credentials", "The email or the password is wrong.");
}

/* The one Argon2id verification of the attempt, or as long a burn for an
 * account that has no password to check. */
static int password_check(struct store *st, const struct login_attempt *at, struct arena *a,
			  struct user_rec *u, struct tandem_err *e)
{
	struct tandem_err ig;
	int rc = st->ops->user_by_email(st, at->email, a, u, &ig);

	if (rc == TANDEM_ENOTFOUND || (!rc && (u->disabled || !u->pwhash))) {
		crypto_password_burn(at->password);
		return wrong_credentials(e);
	}
	if (rc)
		return tandem_fail(e, ig.code, ig.slug, "%s", ig.msg);
	return crypto_password_verify(u->pwhash, at->password) ? 0 : wrong_credentials(e);
}

static int session_open(struct store *st, const struct login_attempt *at, struct login *out,
			struct tandem_err *e)
{
	char id_hash[CRYPTO_HASH_HEX];
	struct tandem_err ig;
	int rc;

	crypto_secret_hex(out->session);
	crypto_secret_hex(out->csrf);
	crypto_sha256_hex(id_hash, out->session, strlen(out->session));
	rc = run_write(st, session_open_fn, &(struct account_write){ .email = at->email, .hash = id_hash,
		   .user_id = out->user.id, .csrf = out->csrf, .now = at->now }, &ig);
	return rc ? unavailable(e) : 0;
}

int account_login(struct store *st, struct slots *verifiers, const struct login_attempt *at,
		  struct arena *a, struct login *out, struct tandem_err *e)
{
	int rc;

	memset(out, 0, sizeof *out);
	/* Entered before the attempt is written, so that a flood refused here
	 * costs neither Argon2id's memory nor a write. */
	if (!slots_enter(verifiers)) {
		tandem_fail(e, TANDEM_ELIMIT, "sign_in_busy", "Too many sign-ins at once; try again in a moment.");
		e->retry_after = ACCOUNT_BUSY_RETRY;
		return TANDEM_ELIMIT;
	}
	rc = attempt_record(st, at, e);
	if (!rc)
		rc = password_check(st, at, a, &out->user, e);
	slots_leave(verifiers);
	return rc ? rc : session_open(st, at, out, e);
}

int account_logout(struct store *st, const char *session, struct tandem_err *e)
{
	char id_hash[CRYPTO_HASH_HEX];

	crypto_sha256_hex(id_hash, session, strlen(session));
	return run_write(st, session_delete_fn, &(struct account_write){ .hash = id_hash }, e);
}

static int unauthenticated(struct tandem_err *e)
{
	return tandem_fail(e, TANDEM_EAUTH, "unauthenticated", "Please sign in.");
}

/* Loads the user's actor and keeps it for the credential. The epoch was
 * read first in the same snapshot, so what is kept is no older than it. */
static int actor_load_kept(struct store *st, struct actor_cache *cache, const char *key, int64_t epoch,
			   int64_t user_id, int64_t now, struct arena *a, struct actor *out, struct tandem_err *e)
{
	int rc = actor_load(st, user_id, now, a, out, e);

	if (!rc)
		actor_cache_put(cache, key, epoch, out);
	return rc;
}

/* Reads the session and its user in one read transaction: one snapshot, one
 * round of locks. */
static int session_read(struct store *st, struct actor_cache *cache, const char *id_hash, int64_t now,
			struct arena *a, struct session_rec *s, struct actor *out, struct tandem_err *e)
{
	int64_t epoch;
	int rc = st->ops->tx_begin(st, false, e);

	if (rc)
		return rc;
	rc = st->ops->access_epoch(st, &epoch, e);
	if (!rc && (rc = st->ops->session_get(st, id_hash, a, s, e)) == TANDEM_ENOTFOUND)
		rc = unauthenticated(e);
	if (!rc && !actor_cache_get(cache, id_hash, epoch, s->user_id, now, a, out))
		rc = actor_load_kept(st, cache, id_hash, epoch, s->user_id, now, a, out, e);
	st->ops->tx_rollback(st);
	return rc;
}

int account_session(struct store *st, struct actor_cache *cache, const char *session, int64_t now,
		    struct arena *a, struct actor *out, const char **csrf, struct tandem_err *e)
{
	char id_hash[CRYPTO_HASH_HEX];
	struct session_rec s;
	struct tandem_err ig;
	int rc;

	if (strlen(session) != CRYPTO_SECRET_HEX - 1)
		return unauthenticated(e);
	crypto_sha256_hex(id_hash, session, strlen(session));
	rc = session_read(st, cache, id_hash, now, a, &s, out, e);
	if (rc)
		return rc;
	if (now - s.last_seen > account_idle_limit(out->role)) {
		run_write(st, session_delete_fn, &(struct account_write){ .hash = id_hash }, &ig);
		return tandem_fail(e, TANDEM_EAUTH, "session_expired",
				   "Your session ended after a period of inactivity; please sign in again.");
	}
	/* Touching on every request would make every read a write. */
	if (now - s.last_seen >= ACCOUNT_TOUCH_EVERY)
		run_write(st, session_touch_fn, &(struct account_write){ .hash = id_hash, .now = now }, &ig);
	*csrf = s.csrf;
	return 0;
}

int account_token(struct store *st, struct actor_cache *cache, const char *token, int64_t now,
		  struct arena *a, struct actor *out, struct tandem_err *e)
{
	char hash[CRYPTO_HASH_HEX];
	int64_t user_id = 0, epoch;
	int rc;

	if (strncmp(token, "tdm_", 4) != 0 || strlen(token) != ACCOUNT_TOKEN_LEN - 1)
		return unauthenticated(e);
	crypto_sha256_hex(hash, token, strlen(token));
	rc = st->ops->tx_begin(st, false, e);
	if (rc)
		return rc;
	rc = st->ops->access_epoch(st, &epoch, e);
	/* Cached, the token was there at this epoch, and revoking it moves it. */
	if (!rc && !actor_cache_get(cache, hash, epoch, 0, now, a, out)) {
		if ((rc = st->ops->token_user(st, hash, &user_id, e)) == TANDEM_ENOTFOUND)
			rc = unauthenticated(e);
		if (!rc)
			rc = actor_load_kept(st, cache, hash, epoch, user_id, now, a, out, e);
	}
	st->ops->tx_rollback(st);
	return rc;
}

int account_token_issue(struct store *st, int64_t user_id, char out[ACCOUNT_TOKEN_LEN],
			struct tandem_err *e)
{
	char secret[CRYPTO_SECRET_HEX], hash[CRYPTO_HASH_HEX];

	memcpy(out, "tdm_", 4);
	crypto_secret_hex(secret);
	memcpy(out + 4, secret, sizeof secret);
	crypto_sha256_hex(hash, out, strlen(out));
	return run_write(st, token_create_fn, &(struct account_write){ .hash = hash, .user_id = user_id, .now = clock_now() },
		     e);
}

int account_calendar_issue(struct store *st, int64_t user_id, char out[ACCOUNT_CALENDAR_LEN], struct tandem_err *e)
{
	char secret[CRYPTO_SECRET_HEX], hash[CRYPTO_HASH_HEX];

	memcpy(out, "cal_", 4);
	crypto_secret_hex(secret);
	memcpy(out + 4, secret, sizeof secret);
	crypto_sha256_hex(hash, out, strlen(out));
	return run_write(st, calendar_set_fn, &(struct account_write){ .hash = hash, .user_id = user_id, .now = clock_now() },
		     e);
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

	if (!language || text_lookup(supported, language) < 0)
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "language", "language is en, fr or ar.");
	return run_write(st, language_fn, &(struct account_write){ .user_id = user_id, .language = language }, e);
}

int account_set_disabled(struct store *st, int64_t by, int64_t user_id, bool disabled, struct tandem_err *e)
{
	char detail[40];
	struct audit_rec ar;

	snprintf(detail, sizeof detail, "user %lld", (long long)user_id);
	ar = audit_entry(by, disabled ? "account.disable" : "account.enable", 0, "identity", "allowed", detail);
	return audit_run(st, disabled_fn, &(struct account_write){ .user_id = user_id, .disabled = disabled }, &ar, 1,
			 e);
}
