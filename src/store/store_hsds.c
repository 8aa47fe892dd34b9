/* store_hsds.c - the directory's rows as an Open Referral HSDS package
 * carries them (tandem import and export resources): put by id, walked in
 * id order, looked up by id. Columns in the order store.h lists for each
 * enum store_hsds. */
#include "store_impl.h"

#include <string.h>

enum { HSDS_COLS_MAX = 16 };

/* A row of t inserted, or the row of its id updated to it. */
static const char SQL_PUT_ORGANIZATION[] =
	"INSERT INTO resource_organizations (id, name, alternate_name, description, email, website, updated_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
	" alternate_name = excluded.alternate_name, description = excluded.description, email = excluded.email,"
	" website = excluded.website, updated_at = excluded.updated_at";
static const char SQL_PUT_SERVICE[] =
	"INSERT INTO services (id, organization_id, name, alternate_name, description, url, email, status,"
	" interpretation_services, application_process, fees_description, eligibility_description, assured_date,"
	" updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
	" organization_id = excluded.organization_id, name = excluded.name, alternate_name = excluded.alternate_name,"
	" description = excluded.description, url = excluded.url, email = excluded.email, status = excluded.status,"
	" interpretation_services = excluded.interpretation_services,"
	" application_process = excluded.application_process, fees_description = excluded.fees_description,"
	" eligibility_description = excluded.eligibility_description, assured_date = excluded.assured_date,"
	" updated_at = excluded.updated_at";
/* Coordinates are kept as published (checked as degrees by the domain). */
static const char SQL_PUT_LOCATION[] =
	"INSERT INTO locations (id, location_type, organization_id, name, description, url, latitude, longitude,"
	" community_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
	" ON CONFLICT (id) DO UPDATE SET location_type = excluded.location_type,"
	" organization_id = excluded.organization_id, name = excluded.name, description = excluded.description,"
	" url = excluded.url, latitude = excluded.latitude, longitude = excluded.longitude,"
	" community_id = excluded.community_id";
static const char SQL_PUT_SERVICE_AT_LOCATION[] =
	"INSERT INTO service_at_location (id, service_id, location_id, description) VALUES (?, ?, ?, ?)"
	" ON CONFLICT (id) DO UPDATE SET service_id = excluded.service_id, location_id = excluded.location_id,"
	" description = excluded.description";
static const char SQL_PUT_ADDRESS[] =
	"INSERT INTO addresses (id, location_id, attention, address_1, address_2, city, region, state_province,"
	" postal_code, country, address_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	" ON CONFLICT (id) DO UPDATE SET location_id = excluded.location_id, attention = excluded.attention,"
	" address_1 = excluded.address_1, address_2 = excluded.address_2, city = excluded.city,"
	" region = excluded.region, state_province = excluded.state_province, postal_code = excluded.postal_code,"
	" country = excluded.country, address_type = excluded.address_type";
static const char SQL_PUT_PHONE[] =
	"INSERT INTO phones (id, location_id, service_id, organization_id, number, extension, type, description)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET location_id = excluded.location_id,"
	" service_id = excluded.service_id, organization_id = excluded.organization_id, number = excluded.number,"
	" extension = excluded.extension, type = excluded.type, description = excluded.description";
static const char SQL_PUT_SCHEDULE[] =
	"INSERT INTO schedules (id, service_id, location_id, valid_from, valid_to, timezone, freq, byday, opens_at,"
	" closes_at, description, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	" ON CONFLICT (id) DO UPDATE SET service_id = excluded.service_id, location_id = excluded.location_id,"
	" valid_from = excluded.valid_from, valid_to = excluded.valid_to, timezone = excluded.timezone,"
	" freq = excluded.freq, byday = excluded.byday, opens_at = excluded.opens_at, closes_at = excluded.closes_at,"
	" description = excluded.description, notes = excluded.notes";
static const char SQL_PUT_LANGUAGE[] =
	"INSERT INTO service_languages (id, service_id, location_id, phone_id, name, code, note)"
	" VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET service_id = excluded.service_id,"
	" location_id = excluded.location_id, phone_id = excluded.phone_id, name = excluded.name,"
	" code = excluded.code, note = excluded.note";
static const char SQL_PUT_CATEGORY[] =
	"INSERT INTO service_categories (service_id, category) VALUES (?, ?) ON CONFLICT DO NOTHING";
static const char SQL_SERVICE_CATEGORIES_CLEAR[] =
	"DELETE FROM service_categories WHERE service_id = ?";

/* Every row, ordered by id bytewise: PostgreSQL's collation set aside. */
#define HSDS_WALK(cols, table, order) \
	static const char SQL_WALK_##table##_SQLITE[] = "SELECT " cols " FROM " #table " ORDER BY " order; \
	static const char SQL_WALK_##table##_PG[] = "SELECT " cols " FROM " #table " ORDER BY " order " COLLATE \"C\"";
HSDS_WALK("id, name, alternate_name, description, email, website", resource_organizations, "id")
HSDS_WALK("id, organization_id, name, alternate_name, description, url, email, status, interpretation_services,"
	  " application_process, fees_description, eligibility_description, assured_date", services, "id")
HSDS_WALK("id, location_type, organization_id, name, description, url, latitude, longitude", locations, "id")
HSDS_WALK("id, service_id, location_id, description", service_at_location, "id")
HSDS_WALK("id, location_id, attention, address_1, address_2, city, region, state_province, postal_code, country,"
	  " address_type", addresses, "id")
HSDS_WALK("id, location_id, service_id, organization_id, number, extension, type, description", phones, "id")
HSDS_WALK("id, service_id, location_id, valid_from, valid_to, timezone, freq, byday, opens_at, closes_at,"
	  " description, notes", schedules, "id")
HSDS_WALK("id, service_id, location_id, phone_id, name, code, note", service_languages, "id")
static const char SQL_WALK_service_categories_SQLITE[] =
	"SELECT service_id, category FROM service_categories ORDER BY service_id, category";
static const char SQL_WALK_service_categories_PG[] =
	"SELECT service_id, category FROM service_categories ORDER BY service_id COLLATE \"C\", category COLLATE \"C\"";

#define HSDS_HAS(table) static const char SQL_HAS_##table[] = "SELECT 1 FROM " #table " WHERE id = ?";
HSDS_HAS(resource_organizations)
HSDS_HAS(services)
HSDS_HAS(locations)
HSDS_HAS(service_at_location)
HSDS_HAS(addresses)
HSDS_HAS(phones)
HSDS_HAS(schedules)
HSDS_HAS(service_languages)

enum hsds_extra { HSDS_EXTRA_NONE, HSDS_EXTRA_UPDATED_AT, HSDS_EXTRA_COMMUNITY };

#define HSDS_WALKS(table) SQL_WALK_##table##_SQLITE, SQL_WALK_##table##_PG
static const struct {
	const char *put, *walk_sqlite, *walk_pg, *has;
	int n_cols;
	enum hsds_extra extra;
} hsds_sql[STORE_HSDS__MAX] = {
	[STORE_HSDS_ORGANIZATION] = { SQL_PUT_ORGANIZATION, HSDS_WALKS(resource_organizations),
				      SQL_HAS_resource_organizations, 6, HSDS_EXTRA_UPDATED_AT },
	[STORE_HSDS_SERVICE] = { SQL_PUT_SERVICE, HSDS_WALKS(services), SQL_HAS_services, 13, HSDS_EXTRA_UPDATED_AT },
	[STORE_HSDS_LOCATION] = { SQL_PUT_LOCATION, HSDS_WALKS(locations), SQL_HAS_locations, 8, HSDS_EXTRA_COMMUNITY },
	[STORE_HSDS_SERVICE_AT_LOCATION] = { SQL_PUT_SERVICE_AT_LOCATION, HSDS_WALKS(service_at_location),
					     SQL_HAS_service_at_location, 4, HSDS_EXTRA_NONE },
	[STORE_HSDS_ADDRESS] = { SQL_PUT_ADDRESS, HSDS_WALKS(addresses), SQL_HAS_addresses, 11, HSDS_EXTRA_NONE },
	[STORE_HSDS_PHONE] = { SQL_PUT_PHONE, HSDS_WALKS(phones), SQL_HAS_phones, 8, HSDS_EXTRA_NONE },
	[STORE_HSDS_SCHEDULE] = { SQL_PUT_SCHEDULE, HSDS_WALKS(schedules), SQL_HAS_schedules, 12, HSDS_EXTRA_NONE },
	[STORE_HSDS_LANGUAGE] = { SQL_PUT_LANGUAGE, HSDS_WALKS(service_languages), SQL_HAS_service_languages, 7,
				  HSDS_EXTRA_NONE },
	[STORE_HSDS_CATEGORY] = { SQL_PUT_CATEGORY, HSDS_WALKS(service_categories), NULL, 2, HSDS_EXTRA_NONE },
};

int store_hsds_put(struct store *st, enum store_hsds t, const char *const *values, int64_t tandem,
		   struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q;
	int n = hsds_sql[t].n_cols, rc;

	if (t == STORE_HSDS_SERVICE) {
		if (!(q = db_prepare(d, SQL_SERVICE_CATEGORIES_CLEAR, e)))
			return TANDEM_EDB;
		db_bind_text(q, 1, values[0]);
		if ((rc = db_exec(q, e)))
			return rc;
	}
	if (!(q = db_prepare(d, hsds_sql[t].put, e)))
		return TANDEM_EDB;
	for (int i = 0; i < n; i++)
		db_bind_text(q, i + 1, values[i]);
	if (hsds_sql[t].extra == HSDS_EXTRA_UPDATED_AT)
		db_bind_int(q, n + 1, tandem);
	else if (hsds_sql[t].extra == HSDS_EXTRA_COMMUNITY)
		db_bind_id(q, n + 1, tandem);
	return db_exec(q, e);
}

int store_hsds_walk(struct store *st, enum store_hsds t, store_row_cb fn, void *ctx, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare_pair(d, hsds_sql[t].walk_sqlite, hsds_sql[t].walk_pg, e);
	const char *values[HSDS_COLS_MAX];
	size_t lens[HSDS_COLS_MAX];
	struct store_row row = { values, lens, (size_t)hsds_sql[t].n_cols };
	int rc;

	if (!q)
		return TANDEM_EDB;
	while ((rc = db_step(q, e)) == 1) {
		for (size_t i = 0; i < row.n; i++) {
			values[i] = db_null(q, (int)i) ? NULL : db_peek(q, (int)i);
			lens[i] = values[i] ? strlen(values[i]) : 0;
		}
		if ((rc = fn(&row, ctx)))
			break;
	}
	db_done(q);
	return rc;
}

int store_hsds_has(struct store *st, enum store_hsds t, const char *id, bool *found, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q;
	int rc;

	if (!hsds_sql[t].has)
		return tandem_fail(e, TANDEM_EINVAL, NULL, "Categories have no id of their own.");
	if (!(q = db_prepare(d, hsds_sql[t].has, e)))
		return TANDEM_EDB;
	db_bind_text(q, 1, id);
	rc = db_step(q, e);
	db_done(q);
	if (rc < 0)
		return rc;
	*found = rc == 1;
	return 0;
}
