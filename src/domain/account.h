/* account.h - signing in and out, sessions, API tokens and lock-out. Session
 * ids and tokens are random 256-bit secrets; only their hashes are stored. */
#ifndef TANDEM_ACCOUNT_H
#define TANDEM_ACCOUNT_H

#include "../lib/crypto.h"
#include "../lib/slots.h"
#include "actor.h"
#include "actor_cache.h"

enum {
	ACCOUNT_FAILURES_MAX = 5,           /* failed logins per account ... */
	ACCOUNT_ADDRESS_FAILURES_MAX = 20,  /* ... and per client address (offices share one) ... */
	ACCOUNT_FAILURE_WINDOW = 15 * 60,   /* ... within this many seconds */
	ACCOUNT_RECORD_WAIT_MS = 250,       /* for another process's write lock, to record an attempt */
	ACCOUNT_UNAVAILABLE_RETRY = 5,      /* Retry-After when an attempt cannot be recorded */
	ACCOUNT_BUSY_RETRY = 1,             /* Retry-After when every verification slot is taken */
	ACCOUNT_IDLE_SENSITIVE = 60 * 60,   /* roles that can read health data */
	ACCOUNT_IDLE_OTHER = 12 * 60 * 60,
	ACCOUNT_TOUCH_EVERY = 60,           /* seconds between last-seen writes */
	ACCOUNT_PASSWORD_MIN = 10,
	ACCOUNT_PASSWORD_MAX = 256,
	ACCOUNT_TOKEN_LEN = 4 + CRYPTO_SECRET_HEX   /* "tdm_" + hex, with NUL */
};

struct login {
	char session[CRYPTO_SECRET_HEX];    /* the cookie value */
	char csrf[CRYPTO_SECRET_HEX];
	struct user_rec user;
};

struct login_attempt {
	const char *email;      /* lower case */
	const char *password;
	const char *address;    /* the client's, for the per-address limit */
	int64_t now;
};

/* Signs in. Same answer and about the same time for an unknown email, a
 * disabled account and a wrong password: TANDEM_EAUTH. TANDEM_ELIMIT
 * ("too_many_attempts") after too many failures for the account or from the
 * address, or ("sign_in_busy") when verifiers, the slots that bound the
 * Argon2id verifications running at once, are full. TANDEM_EUNAVAIL
 * ("sign_in_unavailable") when the attempt cannot be recorded, whatever the
 * password. e->retry_after is set with each of these. */
int account_login(struct store *st, struct slots *verifiers, const struct login_attempt *at,
		  struct arena *a, struct login *out, struct tandem_err *e);
int account_logout(struct store *st, const char *session, struct tandem_err *e);
/* Resolves a session cookie into an actor; TANDEM_EAUTH when it is unknown
 * or has been idle too long (then it is deleted). csrf receives the session's
 * CSRF token. The session is read every time; its actor is taken from cache
 * (which may be NULL) while the access epoch stands, and kept there. */
int account_session(struct store *st, struct actor_cache *cache, const char *session, int64_t now,
		    struct arena *a, struct actor *out, const char **csrf, struct tandem_err *e);
/* Resolves an API token into an actor, from cache as account_session does:
 * a token revoked moves the epoch. */
int account_token(struct store *st, struct actor_cache *cache, const char *token, int64_t now,
		  struct arena *a, struct actor *out, struct tandem_err *e);
/* Creates a token for the user; out receives it, to be shown once. */
int account_token_issue(struct store *st, int64_t user_id, char out[ACCOUNT_TOKEN_LEN],
			struct tandem_err *e);
enum { ACCOUNT_CALENDAR_LEN = 4 + CRYPTO_SECRET_HEX };   /* "cal_" + hex, with NUL */
/* Makes the user a new calendar feed secret, ending the former one. */
int account_calendar_issue(struct store *st, int64_t user_id, char out[ACCOUNT_CALENDAR_LEN], struct tandem_err *e);
/* The actor whose feed secret this is; TANDEM_EAUTH otherwise. */
int account_calendar(struct store *st, const char *secret, int64_t now, struct arena *a, struct actor *out,
		     struct tandem_err *e);
/* The interface language of the account: "en", "fr" or "ar". */
int account_set_language(struct store *st, int64_t user_id, const char *language, struct tandem_err *e);
/* Disables or enables an account, with an audit record naming by (0: the
 * operator, at the command line); disabling ends its sessions at once. */
int account_set_disabled(struct store *st, int64_t by, int64_t user_id, bool disabled, struct tandem_err *e);
int account_idle_limit(enum role r);
/* Checks a new password's length; 0 or TANDEM_EINVAL. */
int account_password_check(const char *password, struct tandem_err *e);

#endif
