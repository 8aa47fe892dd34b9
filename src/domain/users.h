/* users.h - creating accounts with the membership their role needs. */
#ifndef TANDEM_USERS_H
#define TANDEM_USERS_H

#include "actor.h"

struct user_spec {
	const char *email, *name, *role, *language;
	const char *languages;     /* spoken: ISO 639 codes, comma-separated; NULL: none */
	const char *pwhash;        /* an encoded Argon2id hash */
	int64_t org_id;            /* for roles held in an organization */
	int64_t group_id;          /* for sponsors */
	int64_t person_id;         /* for refugees: the person of a case they are */
};

/* Checks the spec (e-mail, role, where the role is held) and creates the
 * user and membership in one transaction; *id receives the new user's id. */
int users_create(struct store *st, const struct user_spec *spec, int64_t *id, struct tandem_err *e);
/* The check alone. */
int users_check(struct store *st, const struct user_spec *spec, struct tandem_err *e);
/* What an administrator looks for among the accounts. */
struct users_query {
	const char *q;        /* text in the name or the e-mail, folded; NULL or "": any */
	const char *role;     /* NULL: any */
	int64_t org_id;       /* 0: any */
	int disabled;         /* 0 or 1; -1: any */
	int limit, offset;
};

/* What a reader may do with an account (bits of users_actions). */
enum users_action {
	USERS_ACTION_DISABLE,       /* PATCH /users/{id} {"disabled": true} */
	USERS_ACTION_ENABLE,        /* PATCH /users/{id} {"disabled": false} */
	USERS_ACTION_SET_PROFILE,   /* a worker's matching profile: GET and PATCH /workers/{id} */
	USERS_ACTION__MAX
};
/* Their names in the API, indexed by enum users_action, NULL-terminated. */
extern const char *const users_action_names[];

struct users_page {
	struct user_row *rows;
	unsigned *actions;    /* per row: bits (1u << enum users_action) */
	size_t n;
	int64_t total;        /* accounts that pass the query, on every page */
};

/* A page of the accounts that pass the query, for the administrators, by
 * name; TANDEM_EINVAL ("invalid_parameter", naming it) for a role that is
 * none or a text over 100 bytes. Rows live in a. */
int users_search(struct store *st, const struct actor *ac, const struct users_query *in, struct arena *a,
		 struct users_page *out, struct tandem_err *e);
/* Disables or enables the account as the actor, audited; its sessions end
 * with it. TANDEM_ECONFLICT ("own_account") for the actor's own account,
 * TANDEM_ENOTFOUND for none. out receives the account with its actions. */
int users_set_disabled(struct store *st, const struct actor *ac, int64_t user_id, bool disabled, struct arena *a,
		       struct users_page *out, struct tandem_err *e);
/* The creation alone, inside the caller's write transaction. */
int users_insert(struct store *st, const struct user_spec *spec, int64_t *id, struct tandem_err *e);

#endif
