/* resources_curate.c - curators adding, changing and verifying services of
 * the directory: every field checked before anything is written, each
 * change decided by the policy and written with its audit record. */
#include "resources.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "../lib/crypto.h"
#include "../lib/text.h"
#include "audit.h"
#include "case_fields.h"
#include "cases.h"
#include "languages.h"
#include "taxonomy.h"

#define FIELD(name, member, max, required, org) { name, offsetof(struct resource_rec, member), max, required, org }
const struct resources_field resources_fields[] = {
	FIELD("name", name, 200, true, false),
	FIELD("alternate_name", alternate_name, 200, false, false),
	FIELD("description", description, 4000, false, false),
	FIELD("url", url, 500, false, false),
	FIELD("email", email, 200, false, false),
	FIELD("status", status, 20, true, false),
	FIELD("interpretation_services", interpretation_services, 1000, false, false),
	FIELD("application_process", application_process, 1000, false, false),
	FIELD("fees_description", fees_description, 1000, false, false),
	FIELD("eligibility_description", eligibility_description, 1000, false, false),
	FIELD("organization.name", org_name, 200, true, true),
	FIELD("organization.description", org_description, 4000, false, true),
	FIELD("organization.website", org_website, 500, false, true),
	FIELD("organization.email", org_email, 200, false, true),
};
#undef FIELD
const size_t resources_fields_count = sizeof resources_fields / sizeof *resources_fields;

static const char *const statuses[] = { "active", "inactive", "defunct", "temporarily closed", NULL };
static const char *const place_types[] = { "physical", "postal", "virtual", NULL };

enum { LANGUAGES_MAX = 20, CATEGORIES_MAX = 10, NOTE_MAX = 200, SCHEDULES_MAX = 14 };

static int invalid(struct tandem_err *e, const char *field, const char *msg)
{
	return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", field, "%s", msg);
}

static const char **member(struct resource_rec *r, size_t i)
{
	return (const char **)((char *)r + resources_fields[i].offset);
}

/* Some text of at most max bytes, checked as every text field is (not only
 * spaces, no control characters); NULL when allowed. */
static int check_text(const char *field, const char *v, size_t max, bool required, struct tandem_err *e)
{
	if (!v)
		return required ? tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", field, "%s is required.", field)
				: 0;
	return field_check_text(&(struct field_def){ .name = field, .kind = FIELD_TEXT, .max = max }, v, e);
}

/* A note of at most NOTE_MAX characters (not bytes: an Arabic letter is two),
 * checked as every text is. */
static int check_note(const char *field, const char *v, struct tandem_err *e)
{
	int rc = check_text(field, v, 0, true, e);

	if (!rc && text_utf8_chars(v) > NOTE_MAX)
		return invalid(e, field, "A note has at most 200 characters.");
	return rc;
}

static bool web_address(const char *v)
{
	return (!strncmp(v, "https://", 8) || !strncmp(v, "http://", 7)) && !strpbrk(v, " \t\r\n\"<>");
}

/* Field i of resources_fields with the value v. */
static int check_field(size_t i, const char *v, struct tandem_err *e)
{
	const char *name = resources_fields[i].name;
	int rc;

	if ((rc = check_text(name, v, resources_fields[i].max, resources_fields[i].required, e)))
		return rc;
	if (v && strstr(name, "email") && !text_email_valid(v))
		return invalid(e, name, "An e-mail address, as clinic@example.org.");
	if (v && (strstr(name, "url") || strstr(name, "website")) && !web_address(v))
		return invalid(e, name, "A web address begins with https:// or http://.");
	return 0;
}

int resources_field_check(const char *name, const char *v, struct tandem_err *e)
{
	for (size_t i = 0; i < resources_fields_count; i++)
		if (!strcmp(resources_fields[i].name, name))
			return check_field(i, v, e);
	return 0;
}

/* The service's fields, and its organization's when with_org. */
static int check_fields(const struct resource_rec *r, bool with_org, struct tandem_err *e)
{
	int rc;

	for (size_t i = 0; i < resources_fields_count; i++)
		if ((!resources_fields[i].org || with_org) && (rc = check_field(i, *member((struct resource_rec *)r, i), e)))
			return rc;
	if (text_lookup(statuses, r->status) < 0)
		return invalid(e, "status", "status is active, inactive, defunct or temporarily closed.");
	return 0;
}

static int check_place(struct store *st, const struct resource_location *l, struct arena *a, struct tandem_err *e)
{
	const char *const addr[][2] = {
		{ "location.address_1", l->address_1 }, { "location.city", l->city },
		{ "location.state_province", l->state_province }, { "location.postal_code", l->postal_code },
		{ "location.country", l->country },
	};
	struct community_rec c;
	struct tandem_err ignored;
	bool is_virtual = l->type && !strcmp(l->type, "virtual");
	int rc;

	if (!l->type || text_lookup(place_types, l->type) < 0)
		return invalid(e, "location.type", "location.type is physical, postal or virtual.");
	if (l->community_id && st->ops->community_get(st, l->community_id, a, &c, &ignored))
		return invalid(e, "location.community_id", "location.community_id names no community.");
	if (!is_virtual && !l->community_id)
		return invalid(e, "location.community_id", "A physical or postal place is in a community.");
	if ((rc = check_text("location.name", l->name, 200, false, e)) ||
	    (rc = check_text("location.address_2", l->address_2, 200, false, e)))
		return rc;
	for (size_t i = 0; i < sizeof addr / sizeof *addr; i++)
		if ((rc = check_text(addr[i][0], addr[i][1], 200, !is_virtual, e)))
			return rc;
	if (is_virtual && l->address_1)
		return invalid(e, "location.address_1", "A virtual place has no street address.");
	return 0;
}

static int check_phone(const struct resource_phone *p, struct tandem_err *e)
{
	size_t n = p->number ? strlen(p->number) : 0;
	int rc;

	if (n < 3 || n > 40 || strspn(p->number, "0123456789 +-().") != n)
		return invalid(e, "phone.number", "phone.number has 3 to 40 digits, spaces and + - ( ) .");
	if ((rc = check_text("phone.extension", p->extension, 20, false, e)))
		return rc;
	return check_text("phone.type", p->type, 40, false, e);
}

static int check_languages(const struct resource_rec *r, struct tandem_err *e)
{
	if (r->n_languages > LANGUAGES_MAX)
		return invalid(e, "languages", "A service lists at most 20 languages.");
	for (size_t i = 0; i < r->n_languages; i++) {
		if (!r->languages[i].code || !languages_known(r->languages[i].code))
			return invalid(e, "languages", "Each language is a code tandem knows, such as ar or prs.");
		if (r->languages[i].note && check_note("languages", r->languages[i].note, e))
			return invalid(e, "languages", "A language's note has 1 to 200 characters.");
		for (size_t k = 0; k < i; k++)
			if (!strcmp(r->languages[k].code, r->languages[i].code))
				return invalid(e, "languages", "languages names a language twice.");
	}
	return 0;
}

/* "09:30": a time of day as HSDS writes it, without seconds. */
static bool time_of_day(const char *v)
{
	return v && strlen(v) == 5 && isdigit((unsigned char)v[0]) && isdigit((unsigned char)v[1]) && v[2] == ':' &&
	       v[3] >= '0' && v[3] <= '5' && isdigit((unsigned char)v[4]) && (v[0] - '0') * 10 + (v[1] - '0') < 24;
}

/* "MO,WE,FR": RFC 5545 days, each once. */
static bool week_days(const char *v)
{
	static const char *const days[] = { "MO", "TU", "WE", "TH", "FR", "SA", "SU", NULL };
	const char *p = v, *item;
	size_t n;

	if (!v || !*v)
		return false;
	while ((item = text_list_next(&p, &n))) {
		char day[3];
		if (n != 2)
			return false;
		memcpy(day, item, 2), day[2] = 0;
		if (text_lookup(days, day) < 0 || text_list_has(v, item, item, n))
			return false;
	}
	return true;
}

/* Each of a service's hours: days with the times they open and close, or
 * only words ("by appointment"), or both. */
static int check_schedules(const struct resource_rec *r, struct tandem_err *e)
{
	if (r->n_schedules > SCHEDULES_MAX)
		return invalid(e, "schedules", "A service lists at most 14 opening hours.");
	for (size_t i = 0; i < r->n_schedules; i++) {
		const struct resource_schedule *x = &r->schedules[i];
		bool timed = x->byday || x->opens_at || x->closes_at;
		int rc;

		if (x->description && (rc = check_note("schedules.description", x->description, e)))
			return rc;
		if (!timed && !x->description)
			return invalid(e, "schedules", "Each opening hour has days and times, or a description.");
		if (timed && !week_days(x->byday))
			return invalid(e, "schedules.byday", "schedules.byday lists days, each once: MO,TU,WE,TH,FR,SA,SU.");
		if (timed && !time_of_day(x->opens_at))
			return invalid(e, "schedules.opens_at", "schedules.opens_at is a time such as 09:30.");
		if (timed && !time_of_day(x->closes_at))
			return invalid(e, "schedules.closes_at", "schedules.closes_at is a time such as 17:00.");
		if (timed && strcmp(x->opens_at, x->closes_at) >= 0)
			return invalid(e, "schedules.closes_at", "A service closes after it opens.");
	}
	return 0;
}

static int check_categories(const char *list, struct tandem_err *e)
{
	const char *p = list, *item;
	size_t count = 0, n;

	while ((item = text_list_next(&p, &n))) {
		char code[64];
		snprintf(code, sizeof code, "%.*s", (int)n, item);
		if (n >= sizeof code || !taxonomy_known(code))
			return invalid(e, "categories", "Each category is a code of the taxonomy, such as food.bank.");
		if (text_list_has(list, item, item, n))
			return invalid(e, "categories", "categories names a category twice.");
		if (++count > CATEGORIES_MAX)
			return invalid(e, "categories", "A service has at most 10 categories.");
	}
	return 0;
}

/* The service as it will be; its hours only when the curator gives them,
 * since an import keeps HSDS's fuller times ("09:00Z"), which a change of
 * anything else leaves as they are. */
static int check_all(struct store *st, const struct resource_rec *r, bool with_org, unsigned what, struct arena *a,
		     struct tandem_err *e)
{
	int rc;

	if ((rc = check_fields(r, with_org, e)) || (rc = check_languages(r, e))
	    || (what & RESOURCE_SAVE_SCHEDULES && (rc = check_schedules(r, e)))
	    || (rc = check_categories(r->categories, e)))
		return rc;
	if (r->n_locations && (rc = check_place(st, &r->locations[0], a, e)))
		return rc;
	return r->n_phones ? check_phone(&r->phones[0], e) : 0;
}

static char *new_id(struct arena *a)
{
	char id[CRYPTO_UUID_LEN];

	crypto_uuid(id);
	return arena_strdup(a, id);
}

/* The curator's input over the service as it was (base, zeroed for a new
 * one): what the input gives replaces what was; new places and phones get
 * new ids, kept ones theirs. Fills *what with what to write. */
static int merge(const struct resources_input *in, const struct resource_rec *base, struct arena *a,
		 struct resource_rec *r, unsigned *what, struct tandem_err *e)
{
	*r = *base;
	for (size_t i = 0; i < resources_fields_count; i++)
		if (in->fields & 1ull << i)
			*member(r, i) = *member((struct resource_rec *)&in->rec, i);
	if (in->has_place) {
		r->n_locations = in->rec.n_locations ? 1 : 0;
		if (r->n_locations) {
			struct resource_location *l = arena_alloc(a, sizeof *l);
			if (!l)
				return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
			*l = in->rec.locations[0];
			l->id = base->n_locations ? base->locations[0].id : new_id(a);
			r->locations = l;
			*what |= RESOURCE_SAVE_PLACE;
		}
	}
	if (in->has_phone && in->rec.n_phones) {
		struct resource_phone *p = arena_alloc(a, sizeof *p);
		if (!p)
			return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
		*p = in->rec.phones[0];
		p->id = base->n_phones ? base->phones[0].id : new_id(a);
		r->phones = p, r->n_phones = 1;
		*what |= RESOURCE_SAVE_PHONE;
	}
	if (in->has_languages) {
		r->languages = in->rec.languages, r->n_languages = in->rec.n_languages;
		*what |= RESOURCE_SAVE_LANGUAGES;
	}
	if (in->has_schedules) {
		struct resource_schedule *x = arena_alloc(a, (in->rec.n_schedules + 1) * sizeof *x);
		if (!x)
			return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
		for (size_t i = 0; i < in->rec.n_schedules; i++) {
			x[i] = in->rec.schedules[i];
			x[i].freq = x[i].byday ? "WEEKLY" : NULL;
		}
		r->schedules = x, r->n_schedules = in->rec.n_schedules;
		*what |= RESOURCE_SAVE_SCHEDULES;
	}
	if (in->has_categories) {
		r->categories = in->rec.categories ? in->rec.categories : "";
		*what |= RESOURCE_SAVE_CATEGORIES;
	}
	r->updated_at = clock_now();
	return 0;
}

struct change {
	const struct resource_rec *r;
	unsigned what;
	const char *day;     /* verifying: the day; else NULL */
};

static int change_fn(struct store *st, void *arg, struct tandem_err *e)
{
	const struct change *c = arg;

	return c->day ? st->ops->resource_verify(st, c->r->id, c->day, c->r->updated_at, e)
		      : st->ops->resource_save(st, c->r, c->what, e);
}

/* Writes the change with its audit record, then reads the service back. */
static int save(struct store *st, const struct actor *ac, const char *action, const struct change *c,
		struct arena *a, struct resource_rec *out, unsigned *actions, struct tandem_err *e)
{
	struct audit_rec rec = audit_entry(ac->user.id, action, 0, NULL, "allowed",
					   arena_printf(a, "service %s", c->r->id));
	bool stale;
	int rc = audit_run(st, change_fn, (void *)c, &rec, 1, e);

	return rc ? rc : resources_get(st, ac, c->r->id, a, out, &stale, actions, e);
}

static int refuse_unless_curator(struct store *st, const struct actor *ac, struct tandem_err *e)
{
	if (policy_resource_curator(&ac->policy))
		return 0;
	return cases_refuse(st, ac, "resource.write", 0, NULL, e,
			    "Only settlement agency staff and LIP coordinators curate the directory.");
}

/* The bits of the organization's fields among resources_fields. */
static unsigned long long org_fields(void)
{
	unsigned long long m = 0;

	for (size_t i = 0; i < resources_fields_count; i++)
		if (resources_fields[i].org)
			m |= 1ull << i;
	return m;
}

int resources_create(struct store *st, const struct actor *ac, const struct resources_input *in, struct arena *a,
		     struct resource_rec *out, unsigned *actions, struct tandem_err *e)
{
	struct resource_rec base = { .status = "active", .categories = "" }, r;
	unsigned what = RESOURCE_SAVE_NEW;
	bool known = false;
	int rc;

	if ((rc = refuse_unless_curator(st, ac, e)))
		return rc;
	if (in->rec.organization_id) {
		if (in->fields & org_fields())
			return invalid(e, "organization", "Name an organization_id or give an organization, not both.");
		if ((rc = st->ops->hsds_has(st, STORE_HSDS_ORGANIZATION, in->rec.organization_id, &known, e)))
			return rc;
		if (!known)
			return invalid(e, "organization_id", "organization_id names no organization of the directory.");
	} else if (!(in->fields & org_fields())) {
		return invalid(e, "organization", "A new service names its organization (organization_id) or gives a"
			       " new one (organization).");
	}
	if ((rc = merge(in, &base, a, &r, &what, e)))
		return rc;
	r.id = new_id(a);
	r.organization_id = known ? in->rec.organization_id : new_id(a);
	if (!known)
		what |= RESOURCE_SAVE_NEW_ORG;
	if (!r.id || !r.organization_id)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	if ((rc = check_all(st, &r, !known, what, a, e)))
		return rc;
	return save(st, ac, "resource.create", &(struct change){ &r, what, NULL }, a, out, actions, e);
}

int resources_update(struct store *st, const struct actor *ac, const char *id, const struct resources_input *in,
		     struct arena *a, struct resource_rec *out, unsigned *actions, struct tandem_err *e)
{
	struct resource_rec base, r;
	unsigned what = 0;
	int rc;

	if ((rc = refuse_unless_curator(st, ac, e)) || (rc = st->ops->resource_get(st, id, a, &base, e)))
		return rc;
	if (in->rec.organization_id)
		return invalid(e, "organization_id", "A service's organization is changed through organization.");
	if (in->fields & org_fields())
		what |= RESOURCE_SAVE_ORG;
	if ((rc = merge(in, &base, a, &r, &what, e)) || (rc = check_all(st, &r, what & RESOURCE_SAVE_ORG, what, a, e)))
		return rc;
	return save(st, ac, "resource.update", &(struct change){ &r, what, NULL }, a, out, actions, e);
}

int resources_verify(struct store *st, const struct actor *ac, const char *id, struct arena *a,
		     struct resource_rec *out, unsigned *actions, struct tandem_err *e)
{
	struct resource_rec r;
	int rc;

	if ((rc = refuse_unless_curator(st, ac, e)) || (rc = st->ops->resource_get(st, id, a, &r, e)))
		return rc;
	r.updated_at = clock_now();
	return save(st, ac, "resource.verify", &(struct change){ &r, 0, ac->today }, a, out, actions, e);
}
