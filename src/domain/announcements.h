/* announcements.h - a LIP coordinator's announcements to chosen audiences
 * of a community its LIP serves (issue 13): roles of the community,
 * organizations by name, or both; in one or more languages; urgent ones
 * e-mailed at once through the outbox, the rest told in the daily digest.
 * Their sender sees who has read them: counts, the organizations not yet
 * read, and by name only organizations' staff (policy_announcement_*). */
#ifndef TANDEM_ANNOUNCEMENTS_H
#define TANDEM_ANNOUNCEMENTS_H

#include "actor.h"

struct announcement_input {
	int64_t community_id;
	const char *audience;                 /* an event's audience words, comma-separated; NULL: none */
	const int64_t *org_ids;
	size_t n_org_ids;
	bool urgent;
	const struct announcement_text *texts;
	size_t n_texts;
};

/* What a reader may do with one, a bit each. */
enum announcements_action { ANNOUNCEMENTS_MARK_READ, ANNOUNCEMENTS_RECEIPTS, ANNOUNCEMENTS_ACTION__MAX };
extern const char *const announcements_action_names[];

/* An announcement as its reader sees it: its text in their language (else
 * the first given); its counts only for its sender (sender). */
struct announcement_view {
	struct announcement_rec rec;
	const struct announcement_text *text;
	unsigned actions;
	bool sender;
};

/* Who has read it, for its sender: each organization it reached, the
 * organizations' staff by name, and the others (sponsors, refugees) only
 * counted, and those counts as aggregates are shown (disclosure_one: a
 * small one hidden, the rest rounded), so that no family's reading can be
 * told. */
struct announcement_org_receipt {
	int64_t org_id, recipients, read;
	const char *name;
};
struct announcement_person {
	int64_t user_id, org_id, read_at;
	const char *name;
};
struct announcement_receipts {
	struct announcement_org_receipt *orgs;
	size_t n_orgs;
	struct announcement_person *people;
	size_t n_people;
	int64_t unnamed, unnamed_read;
};

/* Those sent to the actor and those their LIP sent, newest first; *to:
 * the communities the actor may announce to. */
int announcements_list(struct store *st, const struct actor *ac, struct arena *a, struct announcement_view **out,
		       size_t *n, int64_t **to, size_t *n_to, struct tandem_err *e);
/* One sent to the actor, or by their LIP; receipts (may be NULL) filled
 * for its sender. 403 for anyone else. */
int announcements_get(struct store *st, const struct actor *ac, int64_t id, struct arena *a,
		      struct announcement_view *out, struct announcement_receipts *receipts, struct tandem_err *e);
int announcements_send(struct store *st, const struct actor *ac, const struct announcement_input *in,
		       struct arena *a, struct announcement_view *out, struct tandem_err *e);
/* The actor has read one sent to them (again: nothing changes). */
int announcements_mark_read(struct store *st, const struct actor *ac, int64_t id, struct arena *a,
			    struct announcement_view *out, struct tandem_err *e);
#endif
