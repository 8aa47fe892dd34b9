/* store_resources.c - one service of the directory with its organization,
 * places, phones, hours, languages and categories; writing what curators
 * change of it, and its verification. */
#include "store_impl.h"

#include <stdio.h>
#include <string.h>

#include "../lib/text.h"

static const char SQL_SERVICE_GET[] =
	"SELECT s.id, s.organization_id, s.name, s.alternate_name, s.description, s.url, s.email, s.status,"
	" s.interpretation_services, s.application_process, s.fees_description, s.eligibility_description,"
	" s.assured_date, s.updated_at, o.name, o.description, o.website, o.email"
	" FROM services s JOIN resource_organizations o ON o.id = s.organization_id WHERE s.id = ?";
/* Each place once, with its first address. */
static const char SQL_SERVICE_PLACES[] =
	"SELECT l.id, l.location_type, l.name, l.community_id, a.address_1, a.address_2, a.city, a.state_province,"
	" a.postal_code, a.country FROM service_at_location x JOIN locations l ON l.id = x.location_id"
	" LEFT JOIN addresses a ON a.id = (SELECT min(id) FROM addresses WHERE location_id = l.id)"
	" WHERE x.service_id = ? GROUP BY l.id, l.location_type, l.name, l.community_id, a.address_1, a.address_2,"
	" a.city, a.state_province, a.postal_code, a.country ORDER BY min(x.id), l.id";
static const char SQL_SERVICE_PHONES[] =
	"SELECT id, number, extension, type FROM phones WHERE service_id = ? ORDER BY id";
static const char SQL_SERVICE_SCHEDULES[] =
	"SELECT freq, byday, opens_at, closes_at, description FROM schedules WHERE service_id = ? ORDER BY id";
static const char SQL_SERVICE_LANGUAGES[] =
	"SELECT code, note FROM service_languages WHERE service_id = ? ORDER BY code, id";
static const char SQL_SERVICE_CATEGORIES_SQLITE[] =
	"SELECT group_concat(category, ',') FROM (SELECT category FROM service_categories WHERE service_id = ?"
	" ORDER BY category)";
static const char SQL_SERVICE_CATEGORIES_PG[] =
	"SELECT string_agg(category, ',' ORDER BY category) FROM service_categories WHERE service_id = ?";

static const char SQL_ORG_INSERT[] =
	"INSERT INTO resource_organizations (id, name, description, website, email, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char SQL_ORG_UPDATE[] =
	"UPDATE resource_organizations SET name = ?2, description = ?3, website = ?4, email = ?5, updated_at = ?6"
	" WHERE id = ?1";
static const char SQL_SERVICE_INSERT[] =
	"INSERT INTO services (id, organization_id, name, alternate_name, description, url, email, status,"
	" interpretation_services, application_process, fees_description, eligibility_description, assured_date,"
	" updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
static const char SQL_SERVICE_UPDATE[] =
	"UPDATE services SET organization_id = ?2, name = ?3, alternate_name = ?4, description = ?5, url = ?6,"
	" email = ?7, status = ?8, interpretation_services = ?9, application_process = ?10, fees_description = ?11,"
	" eligibility_description = ?12, assured_date = ?13, updated_at = ?14 WHERE id = ?1";
static const char SQL_LOCATION_INSERT[] =
	"INSERT INTO locations (id, location_type, organization_id, name, community_id) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_LOCATION_LINK[] =
	"INSERT INTO service_at_location (id, service_id, location_id) VALUES (?1, ?2, ?1)";
static const char SQL_LOCATION_UPDATE[] =
	"UPDATE locations SET location_type = ?2, organization_id = coalesce(organization_id, ?3), name = ?4,"
	" community_id = ?5 WHERE id = ?1";
/* The place's address: its first, changed, or a new one (keyed as the
 * place); none for a virtual place. */
static const char SQL_ADDRESS_DROP[] =
	"DELETE FROM addresses WHERE location_id = ?1 AND ?2 IS NULL";
static const char SQL_ADDRESS_UPDATE[] =
	"UPDATE addresses SET address_1 = ?2, address_2 = ?3, city = ?4, state_province = ?5, postal_code = ?6,"
	" country = ?7 WHERE id = (SELECT min(id) FROM addresses WHERE location_id = ?1)";
static const char SQL_ADDRESS_INSERT[] =
	"INSERT INTO addresses (id, location_id, address_1, address_2, city, state_province, postal_code, country,"
	" address_type) SELECT ?1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, 'physical'"
	" WHERE NOT EXISTS (SELECT 1 FROM addresses WHERE location_id = ?1)";
static const char SQL_PHONE_UPDATE[] =
	"UPDATE phones SET number = ?3, extension = ?4, type = ?5 WHERE id = ?1 AND service_id = ?2";
static const char SQL_PHONE_INSERT[] =
	"INSERT INTO phones (id, service_id, number, extension, type) SELECT ?1, ?2, ?3, ?4, ?5"
	" WHERE NOT EXISTS (SELECT 1 FROM phones WHERE id = ?1)";
static const char SQL_LANGUAGES_DROP[] = "DELETE FROM service_languages WHERE service_id = ?";
static const char SQL_LANGUAGE_INSERT[] =
	"INSERT INTO service_languages (id, service_id, code, note) VALUES (?1 || '-' || ?3, ?1, ?2, ?4)";
static const char SQL_SCHEDULES_DROP[] = "DELETE FROM schedules WHERE service_id = ?";
static const char SQL_SCHEDULE_INSERT[] =
	"INSERT INTO schedules (id, service_id, freq, byday, opens_at, closes_at, description)"
	" VALUES (?1 || '-h' || ?2, ?1, ?3, ?4, ?5, ?6, ?7)";
static const char SQL_CATEGORIES_DROP[] = "DELETE FROM service_categories WHERE service_id = ?";
static const char SQL_CATEGORY_INSERT[] = "INSERT INTO service_categories (service_id, category) VALUES (?, ?)";
static const char SQL_VERIFY[] = "UPDATE services SET assured_date = ?, updated_at = ? WHERE id = ?";

static void service_read(struct arena *a, struct db_stmt *q, void *elem)
{
	struct resource_rec *r = elem;
	const char **text[] = {
		&r->id, &r->organization_id, &r->name, &r->alternate_name, &r->description, &r->url, &r->email,
		&r->status, &r->interpretation_services, &r->application_process, &r->fees_description,
		&r->eligibility_description, &r->assured_date,
	};

	for (size_t i = 0; i < sizeof text / sizeof *text; i++)
		*text[i] = db_text(a, q, (int)i);
	r->updated_at = db_int(q, 13);
	r->org_name = db_text(a, q, 14);
	r->org_description = db_text(a, q, 15);
	r->org_website = db_text(a, q, 16);
	r->org_email = db_text(a, q, 17);
}

static void place_read(struct arena *a, struct db_stmt *q, void *elem)
{
	struct resource_location *l = elem;

	l->id = db_text(a, q, 0);
	l->type = db_text(a, q, 1);
	l->name = db_text(a, q, 2);
	l->community_id = db_int(q, 3);
	l->address_1 = db_text(a, q, 4);
	l->address_2 = db_text(a, q, 5);
	l->city = db_text(a, q, 6);
	l->state_province = db_text(a, q, 7);
	l->postal_code = db_text(a, q, 8);
	l->country = db_text(a, q, 9);
}

static void phone_read(struct arena *a, struct db_stmt *q, void *elem)
{
	struct resource_phone *p = elem;

	p->id = db_text(a, q, 0);
	p->number = db_text(a, q, 1);
	p->extension = db_text(a, q, 2);
	p->type = db_text(a, q, 3);
}

static void schedule_read(struct arena *a, struct db_stmt *q, void *elem)
{
	struct resource_schedule *s = elem;

	s->freq = db_text(a, q, 0);
	s->byday = db_text(a, q, 1);
	s->opens_at = db_text(a, q, 2);
	s->closes_at = db_text(a, q, 3);
	s->description = db_text(a, q, 4);
}

static void language_read(struct arena *a, struct db_stmt *q, void *elem)
{
	struct resource_language *l = elem;

	l->code = db_text(a, q, 0);
	l->note = db_text(a, q, 1);
}

/* The rows of one of the service's lists. */
static int list_of(struct db *d, const char *sql, const char *id, struct arena *a, size_t size, store_row_fn fn,
		   void *out, size_t *n, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(d, sql, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_text(q, 1, id);
	return store_collect(q, a, size, fn, (void **)out, n, e);
}

static void categories_read(struct arena *a, struct db_stmt *q, void *elem)
{
	const char *s = db_text(a, q, 0);

	*(const char **)elem = s ? s : "";
}

int store_resource_get(struct store *st, const char *id, struct arena *a, struct resource_rec *out,
		       struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_SERVICE_GET, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	db_bind_text(q, 1, id);
	if ((rc = store_one(q, a, service_read, out, "service", e)) ||
	    (rc = list_of(d, SQL_SERVICE_PLACES, id, a, sizeof *out->locations, place_read, &out->locations,
			  &out->n_locations, e)) ||
	    (rc = list_of(d, SQL_SERVICE_PHONES, id, a, sizeof *out->phones, phone_read, &out->phones, &out->n_phones,
			  e)) ||
	    (rc = list_of(d, SQL_SERVICE_SCHEDULES, id, a, sizeof *out->schedules, schedule_read, &out->schedules,
			  &out->n_schedules, e)) ||
	    (rc = list_of(d, SQL_SERVICE_LANGUAGES, id, a, sizeof *out->languages, language_read, &out->languages,
			  &out->n_languages, e)))
		return rc;
	if (!(q = db_prepare_pair(d, SQL_SERVICE_CATEGORIES_SQLITE, SQL_SERVICE_CATEGORIES_PG, e)))
		return TANDEM_EDB;
	db_bind_text(q, 1, id);
	return store_one(q, a, categories_read, &out->categories, "service", e);
}

static int save_org(struct db *d, const struct resource_rec *r, bool create, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(d, create ? SQL_ORG_INSERT : SQL_ORG_UPDATE, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_text(q, 1, r->organization_id);
	db_bind_text(q, 2, r->org_name);
	db_bind_text(q, 3, r->org_description);
	db_bind_text(q, 4, r->org_website);
	db_bind_text(q, 5, r->org_email);
	db_bind_int(q, 6, r->updated_at);
	return db_exec(q, e);
}

static int save_service(struct db *d, const struct resource_rec *r, bool create, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(d, create ? SQL_SERVICE_INSERT : SQL_SERVICE_UPDATE, e);
	const char *text[] = {
		r->id, r->organization_id, r->name, r->alternate_name, r->description, r->url, r->email, r->status,
		r->interpretation_services, r->application_process, r->fees_description, r->eligibility_description,
		r->assured_date,
	};

	if (!q)
		return TANDEM_EDB;
	for (size_t i = 0; i < sizeof text / sizeof *text; i++)
		db_bind_text(q, (int)i + 1, text[i]);
	db_bind_int(q, 14, r->updated_at);
	return db_exec(q, e);
}

static int run(struct db *d, const char *sql, const char *const *text, size_t n, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(d, sql, e);

	if (!q)
		return TANDEM_EDB;
	for (size_t i = 0; i < n; i++)
		db_bind_text(q, (int)i + 1, text[i]);
	return db_exec(q, e);
}

/* The service's first place: changed where it is, or added and linked
 * (its link and its address keyed by the place's id). */
static int save_place(struct db *d, const struct resource_rec *r, bool exists, struct tandem_err *e)
{
	const struct resource_location *l = &r->locations[0];
	const char *addr[] = { l->id, l->address_1, l->address_2, l->city, l->state_province, l->postal_code,
			       l->country };
	struct db_stmt *q = db_prepare(d, exists ? SQL_LOCATION_UPDATE : SQL_LOCATION_INSERT, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	db_bind_text(q, 1, l->id);
	db_bind_text(q, 2, l->type);
	db_bind_text(q, 3, r->organization_id);
	db_bind_text(q, 4, l->name);
	db_bind_id(q, 5, l->community_id);
	if ((rc = db_exec(q, e)) ||
	    (!exists && (rc = run(d, SQL_LOCATION_LINK, (const char *[]){ l->id, r->id }, 2, e))) ||
	    (rc = run(d, SQL_ADDRESS_DROP, (const char *[]){ l->id, l->address_1 }, 2, e)))
		return rc;
	if (!l->address_1)
		return 0;
	if ((rc = run(d, SQL_ADDRESS_UPDATE, addr, 7, e)))
		return rc;
	return run(d, SQL_ADDRESS_INSERT, addr, 7, e);
}

static int save_phone(struct db *d, const struct resource_rec *r, struct tandem_err *e)
{
	const struct resource_phone *p = &r->phones[0];
	const char *v[] = { p->id, r->id, p->number, p->extension, p->type };
	int rc = run(d, SQL_PHONE_UPDATE, v, 5, e);

	return rc ? rc : run(d, SQL_PHONE_INSERT, v, 5, e);
}

static int save_languages(struct db *d, const struct resource_rec *r, struct tandem_err *e)
{
	int rc = run(d, SQL_LANGUAGES_DROP, &r->id, 1, e);

	for (size_t i = 0; !rc && i < r->n_languages; i++) {
		char n[24];
		snprintf(n, sizeof n, "%zu", i + 1);
		rc = run(d, SQL_LANGUAGE_INSERT,
			 (const char *[]){ r->id, r->languages[i].code, n, r->languages[i].note }, 4, e);
	}
	return rc;
}

static int save_schedules(struct db *d, const struct resource_rec *r, struct tandem_err *e)
{
	int rc = run(d, SQL_SCHEDULES_DROP, &r->id, 1, e);

	for (size_t i = 0; !rc && i < r->n_schedules; i++) {
		const struct resource_schedule *x = &r->schedules[i];
		char n[24];
		snprintf(n, sizeof n, "%02zu", i + 1);   /* read back in order: h01 … h14 */
		rc = run(d, SQL_SCHEDULE_INSERT,
			 (const char *[]){ r->id, n, x->freq, x->byday, x->opens_at, x->closes_at, x->description }, 7, e);
	}
	return rc;
}

static int save_categories(struct db *d, const struct resource_rec *r, struct tandem_err *e)
{
	const char *c = r->categories ? r->categories : "", *item;
	size_t n;
	int rc = run(d, SQL_CATEGORIES_DROP, &r->id, 1, e);

	while (!rc && (item = text_list_next(&c, &n))) {
		char code[64];
		if (n >= sizeof code)
			return tandem_fail(e, TANDEM_EINVAL, NULL, "No such category.");
		memcpy(code, item, n), code[n] = 0;
		rc = run(d, SQL_CATEGORY_INSERT, (const char *[]){ r->id, code }, 2, e);
	}
	return rc;
}

int store_resource_save(struct store *st, const struct resource_rec *r, unsigned what, struct tandem_err *e)
{
	struct db *d = store_db(st);
	bool place_exists = false;
	int rc;

	if (what & RESOURCE_SAVE_PLACE && r->n_locations
	    && (rc = store_hsds_has(st, STORE_HSDS_LOCATION, r->locations[0].id, &place_exists, e)))
		return rc;
	if (what & (RESOURCE_SAVE_NEW_ORG | RESOURCE_SAVE_ORG) && (rc = save_org(d, r, what & RESOURCE_SAVE_NEW_ORG, e)))
		return rc;
	if ((rc = save_service(d, r, what & RESOURCE_SAVE_NEW, e)))
		return rc;
	if (what & RESOURCE_SAVE_PLACE && r->n_locations && (rc = save_place(d, r, place_exists, e)))
		return rc;
	if (what & RESOURCE_SAVE_PHONE && r->n_phones && (rc = save_phone(d, r, e)))
		return rc;
	if (what & RESOURCE_SAVE_LANGUAGES && (rc = save_languages(d, r, e)))
		return rc;
	if (what & RESOURCE_SAVE_SCHEDULES && (rc = save_schedules(d, r, e)))
		return rc;
	if (what & RESOURCE_SAVE_CATEGORIES)
		return save_categories(d, r, e);
	return 0;
}

int store_resource_verify(struct store *st, const char *id, const char *day, int64_t now, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(store_db(st), SQL_VERIFY, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_text(q, 1, day);
	db_bind_int(q, 2, now);
	db_bind_text(q, 3, id);
	return db_exec(q, e);
}
