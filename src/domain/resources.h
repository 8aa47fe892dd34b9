/* resources.h - the directory of local services (issue 12): searching it,
 * for everyone signed in, ranked for a case's family when the reader may
 * read that case; reading one service; and its curation by SPO staff and
 * LIP coordinators, each change checked here and audited. */
#ifndef TANDEM_RESOURCES_H
#define TANDEM_RESOURCES_H

#include "actor.h"
#include "search_text.h"

/* What a reader may do with a service, a bit each. */
enum resources_action { RESOURCES_UPDATE, RESOURCES_VERIFY, RESOURCES_ACTION__MAX };
extern const char *const resources_action_names[];

/* The days a verification holds: a service not verified within them (its
 * assured_date) is stale, and ranks as if half as relevant. */
enum { RESOURCES_FRESH_MONTHS = 12 };

struct resources_search {
	const char *q;                   /* the searcher's text; NULL: none */
	const char *category, *language; /* filters; NULL: any (language: a code or a name) */
	int64_t community;               /* filter: located there, or virtual; 0: any */
	int is_virtual;                  /* filter: 0 or 1; -1: any */
	bool stale_only;                 /* curators: those to verify again, oldest first */
	int64_t case_id;                 /* rank for this case's family; 0: none */
	int limit, offset;
};

/* A page of services, best first; understood: what the text was read as;
 * actions: what the reader may do with each (the same for all). */
int resources_search(struct store *st, const struct actor *ac, const struct resources_search *s, struct arena *a,
		     struct resource_hit **hits, size_t *n, struct search_text *understood, unsigned *actions,
		     struct tandem_err *e);
/* One service; a defunct one only for curators. */
int resources_get(struct store *st, const struct actor *ac, const char *id, struct arena *a, struct resource_rec *out,
		  bool *stale, unsigned *actions, struct tandem_err *e);

/* The text fields of a service a curator writes, each as a member of struct
 * resource_rec; org: a field of its organization. */
struct resources_field {
	const char *name;
	size_t offset;        /* of the const char * in struct resource_rec */
	size_t max;           /* bytes */
	bool required, org;
};
extern const struct resources_field resources_fields[];
extern const size_t resources_fields_count;
/* The value v of the field named name ("url", "organization.email") as
 * curation checks it: 422 invalid_field naming it; 0 for a name that is not
 * one of resources_fields. The import holds its rows to the same. */
int resources_field_check(const char *name, const char *v, struct tandem_err *e);
/* Whether id can stand in a service's address (/resources/{id}): 1 to 64
 * letters, digits, '-', '_' or '.'. */
bool resources_id_ok(const char *id);

/* What a curator gives. rec holds the fields given (bit i of fields: field
 * i of resources_fields, which may be NULL to clear it) and what else is
 * given (has_*): locations[0] and phones[0], which change the service's
 * first place and phone or add them, and its languages and categories,
 * which replace its own; organization_id names an organization of the
 * directory instead of the fields of a new one. */
struct resources_input {
	struct resource_rec rec;
	unsigned long long fields;
	bool has_place, has_phone, has_languages, has_categories, has_schedules;
};

int resources_create(struct store *st, const struct actor *ac, const struct resources_input *in, struct arena *a,
		     struct resource_rec *out, unsigned *actions, struct tandem_err *e);
int resources_update(struct store *st, const struct actor *ac, const char *id, const struct resources_input *in,
		     struct arena *a, struct resource_rec *out, unsigned *actions, struct tandem_err *e);
/* Marks it verified today. */
int resources_verify(struct store *st, const struct actor *ac, const char *id, struct arena *a,
		     struct resource_rec *out, unsigned *actions, struct tandem_err *e);
/* The name of the service a case's referral or message points at; 422
 * invalid_field naming field when the directory has no such service, or
 * only a defunct one. */
int resources_named(struct store *st, const char *id, const char *field, struct arena *a, const char **name,
		    struct tandem_err *e);
/* Whether a service verified on assured_date (NULL: never) is stale on today. */
bool resources_stale(const char *assured_date, const char *today);

#endif
