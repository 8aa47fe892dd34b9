/* users.h - creating accounts with the membership their role needs. */
#ifndef TANDEM_USERS_H
#define TANDEM_USERS_H

#include "../store/store.h"

struct user_spec {
	const char *email, *name, *role, *language;
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
/* Every account, for the administrators; rows live in a. */
int users_list(struct store *st, struct arena *a, struct user_rec **rows, size_t *n, struct tandem_err *e);
/* The creation alone, inside the caller's write transaction. */
int users_insert(struct store *st, const struct user_spec *spec, int64_t *id, struct tandem_err *e);

#endif
