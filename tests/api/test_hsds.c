/* test_hsds.c - tandem import and export resources, on SQLite and, when
 * TANDEM_TEST_PG is set, on PostgreSQL: a publisher's HSDS package read as
 * it is written (tests/fixtures/hsds), from a folder or a ZIP; each kind of
 * bad row refused with its file and line and nothing written, or skipped
 * with --skip-bad-rows; a second import updating by id; export then import
 * then export writing the same files; 50,000 services in one transaction. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>
#include <cmocka.h>

#include "harness.h"

#define FIXTURE "tests/fixtures/hsds"
#define S1 "6f1c0b7e-3d2a-4c59-9f0e-1a2b3c4d5e01"
#define S2 "6f1c0b7e-3d2a-4c59-9f0e-1a2b3c4d5e02"
#define S3 "6f1c0b7e-3d2a-4c59-9f0e-1a2b3c4d5e03"

static char dir[64];
static unsigned serial;

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/tandem-hsds-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* The stores to run on: SQLite, and PostgreSQL when there is a server. */
static int stores(void)
{
	return th_pg() ? 2 : 1;
}

/* A database fresh from tandem init with two communities, one named with an
 * accent: a SQLite file in dir, or with pg a new PostgreSQL database. */
static void fresh(bool pg, char *db, size_t size)
{
	struct th_run run;
	char name[32];

	snprintf(name, sizeof name, "hsds_%u_%u", (unsigned)getpid(), serial++);
	if (pg)
		assert_int_equal(th_pg_create(name, db, size), 0);
	else
		snprintf(db, size, "%s/%s.db", dir, name);
	assert_int_equal(th_tandem(&run, NULL, "init", "--db", db, NULL), 0);
	assert_int_equal(th_sql_file(db, "INSERT INTO communities (name, region, rural) VALUES"
				     " ('Hamilton', 'Ontario', FALSE), ('Montréal', 'Québec', FALSE)"), 0);
}

/* A copy of the fixture under dir, its path in out. */
static void fixture_copy(char *out, size_t size)
{
	char cmd[512];

	snprintf(out, size, "%s/pkg%u", dir, serial++);
	snprintf(cmd, sizeof cmd, "cp -r '%s' '%s'", FIXTURE, out);
	assert_int_equal(system(cmd), 0);
}

static void append(const char *pkg, const char *file, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", pkg, file);
	assert_non_null(f = fopen(path, "ab"));
	fputs(text, f);
	fclose(f);
}

static long long text_of(const char *db, const char *sql, char *out, size_t size)
{
	return th_sql_text_file(db, sql, out, size);
}

static void assert_text(const char *db, const char *sql, const char *want)
{
	char got[512] = "";

	text_of(db, sql, got, sizeof got);
	assert_string_equal(got, want);
}

static void test_a_publishers_package_is_read_as_written(void **state)
{
	struct th_run run;
	char db[256], got[512];

	(void)state;
	for (int pg = 0; pg < stores(); pg++) {
		fresh(pg, db, sizeof db);
		assert_int_equal(th_tandem(&run, NULL, "import", "resources", FIXTURE, "--db", db, NULL), 0);
		assert_non_null(strstr(run.out, "imported 2 organizations, 3 services, 4 locations,"));
		assert_int_equal(th_sql_file(db, "SELECT count(*) FROM services"), 3);
		/* Reordered, missing and null columns; a status with a space; a
		 * status in capitals; a date and time cut to its date. */
		assert_text(db, "SELECT status FROM services WHERE id = '" S2 "'", "temporarily closed");
		assert_text(db, "SELECT status FROM services WHERE id = '" S3 "'", "active");
		assert_text(db, "SELECT assured_date FROM services WHERE id = '" S2 "'", "2026-01-10");
		assert_int_equal(th_sql_file(db, "SELECT count(*) FROM services WHERE url IS NULL OR email IS NULL"), 3);
		/* A quoted description across CRLF lines, its line ends LF as a
		 * curator's are; Markdown and HTML as text. */
		text_of(db, "SELECT description FROM services WHERE id = '" S1 "'", got, sizeof got);
		assert_string_equal(got, "Accepting new patients.\nBring your IFHP certificate.\n\n- walk-in on Mondays");
		assert_text(db, "SELECT description FROM resource_organizations WHERE id = '2'",
			    "<p>Soins pour les <em>nouveaux arrivants</em>.</p>");
		/* 639-3 codes made tandem's, Dari and Sorani kept, a phone's
		 * language, a name alone; interpretation is no language of service. */
		assert_text(db, "SELECT code FROM service_languages WHERE id = '50'", "ar");
		assert_text(db, "SELECT code FROM service_languages WHERE id = '51'", "prs");
		assert_text(db, "SELECT code || ' ' || name FROM service_languages WHERE id = '52'", "ckb Kurdish (Sorani)");
		assert_text(db, "SELECT code || ' ' || phone_id FROM service_languages WHERE id = '53'", "fr 41");
		assert_text(db, "SELECT code FROM service_languages WHERE id = '55'", "so");
		assert_int_equal(th_sql_file(db, "SELECT count(*) FROM service_languages WHERE id = '54'"), 0);
		assert_int_equal(th_sql_file(db, "SELECT count(*) FROM service_languages WHERE service_id = '" S3
					     "' AND code = 'ar'"), 0);
		assert_text(db, "SELECT interpretation_services FROM services WHERE id = '" S3 "'",
			    "Interpreters on request; Arabic (Interpretation on request)");
		/* Times without offset are UTC unless the timezone gives one. */
		assert_text(db, "SELECT opens_at || ' ' || closes_at FROM schedules WHERE id = '60'", "09:00Z 17:00Z");
		assert_text(db, "SELECT opens_at || ' ' || closes_at FROM schedules WHERE id = '61'",
			    "09:00-05:00 12:30-05:00");
		assert_text(db, "SELECT opens_at FROM schedules WHERE id = '62'", "10:00-04:00");
		/* Communities from the address's city, case and accents aside. */
		assert_text(db, "SELECT c.name FROM locations l JOIN communities c ON c.id = l.community_id"
			    " WHERE l.id = '10'", "Hamilton");
		assert_text(db, "SELECT c.name FROM locations l JOIN communities c ON c.id = l.community_id"
			    " WHERE l.id = '11'", "Montréal");
		assert_int_equal(th_sql_file(db, "SELECT count(*) FROM locations WHERE community_id IS NULL"), 2);
		/* Categories from taxonomy terms linked to services; a location's
		 * attribute is left aside. */
		assert_int_equal(th_sql_file(db, "SELECT count(*) FROM service_categories"), 3);
		assert_text(db, "SELECT category FROM service_categories WHERE service_id = '" S3 "'", "mental_health");
		assert_non_null(strstr(run.out, "1 attributes of other things left aside"));
	}
}

static void test_importing_again_updates_by_id(void **state)
{
	struct th_run run;
	char db[256], pkg[128], path[256], cmd[512];

	(void)state;
	for (int pg = 0; pg < stores(); pg++) {
		fresh(pg, db, sizeof db);
		assert_int_equal(th_tandem(&run, NULL, "import", "resources", FIXTURE, "--db", db, NULL), 0);
		assert_int_equal(th_tandem(&run, NULL, "import", "resources", FIXTURE, "--db", db, NULL), 0);
		assert_int_equal(th_sql_file(db, "SELECT count(*) FROM services"), 3);
		assert_int_equal(th_sql_file(db, "SELECT count(*) FROM service_categories"), 3);
		assert_text(db, "SELECT interpretation_services FROM services WHERE id = '" S3 "'",
			    "Interpreters on request; Arabic (Interpretation on request)");
		fixture_copy(pkg, sizeof pkg);
		snprintf(path, sizeof path, "%s/services.csv", pkg);
		snprintf(cmd, sizeof cmd, "sed -i 's/Newcomer legal clinic/Free legal clinic/' '%s'", path);
		assert_int_equal(system(cmd), 0);
		assert_int_equal(th_tandem(&run, NULL, "import", "resources", pkg, "--db", db, NULL), 0);
		assert_text(db, "SELECT name FROM services WHERE id = '" S2 "'", "Free legal clinic");
		assert_int_equal(th_sql_file(db, "SELECT count(*) FROM services"), 3);
		/* A service of the package has the categories it gives it now. */
		snprintf(cmd, sizeof cmd, "sed -i '/^80,/d' '%s/attributes.csv'", pkg);
		assert_int_equal(system(cmd), 0);
		assert_int_equal(th_tandem(&run, NULL, "import", "resources", pkg, "--db", db, NULL), 0);
		assert_int_equal(th_sql_file(db, "SELECT count(*) FROM service_categories"), 2);
	}
}

/* Each kind of bad row, added to the fixture: the file it goes in, the row,
 * and the report's line for it. */
#define LONG_NAME "Clinic clinic clinic clinic clinic clinic clinic clinic clinic clinic clinic clinic clinic clinic " \
	"clinic clinic clinic clinic clinic clinic clinic clinic clinic clinic clinic clinic clinic clinic clinic clinic"
static const struct {
	const char *file, *row, *report;
} bad_rows[] = {
	{ "services.csv", "99,1,null,A service without a name,active,,,,,,\r\n", "services.csv:8: name is missing\n" },
	{ "languages.csv", "56," S1 ",,,,xx,\n", "languages.csv:8: unknown language code \"xx\"\n" },
	{ "organizations.csv", "3,\"Bad \"quote\",x,,,\n",
	  "organizations.csv:4: broken quoting: text after a closing quote\n" },
	{ "locations.csv", "14,physical\n", "locations.csv:6: wrong column count: 2 fields where the header has 8\n" },
	{ "service_at_location.csv", "35," S1 ",999\n",
	  "service_at_location.csv:7: location_id \"999\" names no location in the package or the database\n" },
	{ "services.csv", "99,1,Closed clinic,x,closed,,,,,,\r\n",
	  "services.csv:8: bad status \"closed\" (active, inactive, defunct or temporarily closed)\n" },
	{ "services.csv", "99,1,Clinic,x,active,,,,,2026-13-45,\r\n",
	  "services.csv:8: assured_date \"2026-13-45\" is not a date (YYYY-MM-DD)\n" },
	{ "phones.csv", "40," S1 ",null,905-555-0102,null,voice,null\n",
	  "phones.csv:4: duplicate id \"40\" (first on line 2)\n" },
	/* And the other rules a row is read by. */
	{ "schedules.csv", "63," S1 ",null,America/Toronto,WEEKLY,MO,09:00,17:00,null\n",
	  "schedules.csv:5: timezone \"America/Toronto\" is not a fixed offset from UTC (such as -5 or -05:00)\n" },
	{ "schedules.csv", "63," S1 ",null,null,WEEKLY,MO,9am,17:00,null\n",
	  "schedules.csv:5: opens_at \"9am\" is not a time of day (such as 09:00)\n" },
	{ "addresses.csv", "23,10,2 Main St,null,Hamilton,ON,L8P 1A1,CA,home\n",
	  "addresses.csv:5: bad address_type \"home\" (physical, postal or virtual)\n" },
	{ "locations.csv", "14,physical,1,Far north,95,10,null,null\n",
	  "locations.csv:6: latitude and longitude are not degrees\n" },
	{ "attributes.csv", "84," S1 ",99,null,service,null\n",
	  "attributes.csv:6: taxonomy_term_id \"99\" names no taxonomy term in the package\n" },
	{ "organizations.csv", "3,Bad \xff name,x,,,\n", "organizations.csv:4: name is not UTF-8 text\n" },
	{ "languages.csv", "56,,,,,ar,\n", "languages.csv:8: service_id, location_id and phone_id are all missing\n" },
	/* What curation would refuse, so that every service imported can be corrected. */
	{ "services.csv", "99,1,Clinic,x,active,www.clinic.example,,,,,\r\n",
	  "services.csv:8: A web address begins with https:// or http://.\n" },
	{ "services.csv", "99,1,Clinic,x,active,,,,,,\"" LONG_NAME "\"\r\n",
	  "services.csv:8: alternate_name is longer than 200 bytes.\n" },
	{ "services.csv", "a service,1,Clinic,x,active,,,,,,\r\n",
	  "services.csv:8: id \"a service\" cannot name a service: 1 to 64 letters, digits, - _ or .\n" },
	{ "organizations.csv", "3,Org,x,not-an-address,,\n", "organizations.csv:4: An e-mail address, as clinic@example.org.\n" },
};
#undef LONG_NAME

static void test_each_bad_row_is_reported_and_nothing_written_unless_skipped(void **state)
{
	struct th_run run;
	char db[256], pkg[128];

	(void)state;
	for (int pg = 0; pg < stores(); pg++) {
		for (size_t i = 0; i < sizeof bad_rows / sizeof *bad_rows; i++) {
			fresh(pg, db, sizeof db);
			fixture_copy(pkg, sizeof pkg);
			append(pkg, bad_rows[i].file, bad_rows[i].row);
			assert_int_equal(th_tandem(&run, NULL, "import", "resources", pkg, "--db", db, NULL), 2);
			if (!strstr(run.err, bad_rows[i].report))
				fail_msg("%s: expected \"%s\" in:\n%s", bad_rows[i].file, bad_rows[i].report, run.err);
			assert_non_null(strstr(run.err, "nothing was imported"));
			assert_string_equal(run.out, "");
			assert_int_equal(th_sql_file(db, "SELECT count(*) FROM resource_organizations"), 0);
			assert_int_equal(th_sql_file(db, "SELECT count(*) FROM services"), 0);
			assert_int_equal(th_sql_file(db, "SELECT count(*) FROM service_languages"), 0);

			assert_int_equal(th_tandem(&run, NULL, "import", "resources", pkg, "--skip-bad-rows", "--db", db, NULL),
					 0);
			assert_non_null(strstr(run.err, bad_rows[i].report));
			assert_non_null(strstr(run.out, "1 rows skipped"));
			assert_int_equal(th_sql_file(db, "SELECT count(*) FROM resource_organizations"), 2);
			assert_int_equal(th_sql_file(db, "SELECT count(*) FROM services"), 3);
			assert_int_equal(th_sql_file(db, "SELECT count(*) FROM service_languages"), 5);
			assert_int_equal(th_sql_file(db, "SELECT count(*) FROM phones"), 2);
		}
	}
}

/* A rejected parent takes its children with it when rows are skipped. */
static void test_rows_of_a_rejected_parent_are_rejected_too(void **state)
{
	struct th_run run;
	char db[256], pkg[128];

	(void)state;
	fresh(false, db, sizeof db);
	fixture_copy(pkg, sizeof pkg);
	append(pkg, "services.csv", "77,1,Orphans' parent,x,closed,,,,,,\r\n");
	append(pkg, "languages.csv", "57,77,,,,ar,\n");
	assert_int_equal(th_tandem(&run, NULL, "import", "resources", pkg, "--skip-bad-rows", "--db", db, NULL), 0);
	assert_non_null(strstr(run.err, "languages.csv:8: service_id \"77\" names no service"));
	assert_non_null(strstr(run.out, "2 rows skipped"));
	assert_int_equal(th_sql_file(db, "SELECT count(*) FROM service_languages"), 5);
}

/* A package that cannot be read at all is one line, exit 2, nothing written. */
static void test_an_unreadable_package_is_one_line(void **state)
{
	struct th_run run;
	char db[256], pkg[128], cmd[512];

	(void)state;
	fresh(false, db, sizeof db);
	fixture_copy(pkg, sizeof pkg);
	snprintf(cmd, sizeof cmd, "rm '%s/phones.csv'", pkg);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(th_tandem(&run, NULL, "import", "resources", pkg, "--db", db, NULL), 2);
	assert_non_null(strstr(run.err, "datapackage.json lists phones.csv, which the package does not hold.\n"));
	snprintf(cmd, sizeof cmd, "rm '%s/datapackage.json'", pkg);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(th_tandem(&run, NULL, "import", "resources", pkg, "--db", db, NULL), 2);
	assert_non_null(strstr(run.err, "holds no datapackage.json."));
	assert_int_equal(th_sql_file(db, "SELECT count(*) FROM resource_organizations"), 0);
}

/* A required column missing from a header is the file's one problem. */
static void test_a_required_column_missing_rejects_its_file(void **state)
{
	struct th_run run;
	char db[256], pkg[128], cmd[512];

	(void)state;
	fresh(false, db, sizeof db);
	fixture_copy(pkg, sizeof pkg);
	snprintf(cmd, sizeof cmd, "sed -i '1s/^id,organization_id,/id,organisation,/' '%s/services.csv'", pkg);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(th_tandem(&run, NULL, "import", "resources", pkg, "--db", db, NULL), 2);
	assert_non_null(strstr(run.err, "services.csv:1: the column organization_id is missing from the header\n"));
	assert_int_equal(th_sql_file(db, "SELECT count(*) FROM resource_organizations"), 0);
}

/* The report reads in file then line order, however each fault was found
 * (a wrong column count when the file is read, a missing name when its
 * rows are checked). */
static void test_the_report_is_in_file_then_line_order(void **state)
{
	struct th_run run;
	char db[256], pkg[128];

	(void)state;
	fresh(false, db, sizeof db);
	fixture_copy(pkg, sizeof pkg);
	append(pkg, "locations.csv", "14,physical\n");
	append(pkg, "services.csv", "99,1,null,No name,active,,,,,,\r\n");
	append(pkg, "organizations.csv", "3,null,x,,,\n");
	assert_int_equal(th_tandem(&run, NULL, "import", "resources", pkg, "--db", db, NULL), 2);
	assert_non_null(strstr(run.err, "organizations.csv:4: name is missing\n"
				       "services.csv:8: name is missing\n"
				       "locations.csv:6: wrong column count: 2 fields where the header has 8\n"
				       "tandem import resources: 3 rows of the package are wrong; nothing was imported.\n"));
}

static void zip_fixture(const char *zip_path)
{
	static const char *const files[] = { "datapackage.json", "organizations.csv", "services.csv", "locations.csv",
		"addresses.csv", "service_at_location.csv", "phones.csv", "languages.csv", "schedules.csv",
		"taxonomy_terms.csv", "attributes.csv" };
	int err;
	zip_t *z = zip_open(zip_path, ZIP_CREATE | ZIP_TRUNCATE, &err);

	assert_non_null(z);
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		char from[256], to[128];
		zip_source_t *src;
		snprintf(from, sizeof from, "%s/%s", FIXTURE, files[i]);
		snprintf(to, sizeof to, "hamilton/%s", files[i]);
		assert_non_null(src = zip_source_file(z, from, 0, -1));
		assert_true(zip_file_add(z, to, src, ZIP_FL_OVERWRITE) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
}

static void test_a_zip_of_the_package_imports_alike(void **state)
{
	struct th_run run;
	char db[256], zip[128], junk[128];
	FILE *f;

	(void)state;
	snprintf(zip, sizeof zip, "%s/hamilton.zip", dir);
	zip_fixture(zip);
	for (int pg = 0; pg < stores(); pg++) {
		fresh(pg, db, sizeof db);
		assert_int_equal(th_tandem(&run, NULL, "import", "resources", zip, "--db", db, NULL), 0);
		assert_int_equal(th_sql_file(db, "SELECT count(*) FROM services"), 3);
		assert_int_equal(th_sql_file(db, "SELECT count(*) FROM service_languages"), 5);
	}
	snprintf(junk, sizeof junk, "%s/not-a-zip.zip", dir);
	assert_non_null(f = fopen(junk, "w"));
	fputs("id,name\n", f);
	fclose(f);
	assert_int_equal(th_tandem(&run, NULL, "import", "resources", junk, "--db", db, NULL), 2);
	assert_non_null(strstr(run.err, "neither a folder nor a ZIP file"));
	assert_non_null(strchr(run.err, '\n'));
	assert_int_equal(strchr(run.err, '\n')[1], '\0');
}

/* Export, import into an empty database, export again: the same bytes. */
static void test_export_then_import_then_export_is_the_same(void **state)
{
	struct th_run run;
	char db[256], db2[256], a[128], b[128], first[2][128], cmd[512];

	(void)state;
	for (int pg = 0; pg < stores(); pg++) {
		fresh(pg, db, sizeof db);
		assert_int_equal(th_tandem(&run, NULL, "import", "resources", FIXTURE, "--db", db, NULL), 0);
		snprintf(a, sizeof a, "%s/export-a-%d", dir, pg);
		snprintf(b, sizeof b, "%s/export-b-%d", dir, pg);
		assert_int_equal(th_tandem(&run, NULL, "export", "resources", a, "--db", db, NULL), 0);
		assert_non_null(strstr(run.out, "exported 2 organizations, 3 services,"));
		fresh(pg, db2, sizeof db2);
		assert_int_equal(th_tandem(&run, NULL, "import", "resources", a, "--db", db2, NULL), 0);
		assert_int_equal(th_tandem(&run, NULL, "export", "resources", b, "--db", db2, NULL), 0);
		snprintf(cmd, sizeof cmd, "diff -r '%s' '%s'", a, b);
		assert_int_equal(system(cmd), 0);
		snprintf(first[pg], sizeof first[pg], "%s", a);
	}
	/* And the two stores write the same package. */
	if (stores() == 2) {
		snprintf(cmd, sizeof cmd, "diff -r '%s' '%s'", first[0], first[1]);
		assert_int_equal(system(cmd), 0);
	}
}

/* 50,000 services of 500 organizations, each in a language, as a
 * generated package. */
static void big_package(const char *pkg)
{
	char path[256];
	FILE *f;

	assert_int_equal(mkdir(pkg, 0777), 0);
	snprintf(path, sizeof path, "%s/datapackage.json", pkg);
	assert_non_null(f = fopen(path, "w"));
	fputs("{\"resources\": [{\"name\": \"organization\", \"path\": \"organizations.csv\"},"
	      " {\"name\": \"service\", \"path\": \"services.csv\"}, {\"name\": \"language\", \"path\": \"languages.csv\"}]}",
	      f);
	fclose(f);
	snprintf(path, sizeof path, "%s/organizations.csv", pkg);
	assert_non_null(f = fopen(path, "w"));
	fputs("id,name,description\r\n", f);
	for (int i = 1; i <= 500; i++)
		fprintf(f, "%d,Organization %d,\"Serves newcomers, since %d.\"\r\n", i, i, 1950 + i % 70);
	fclose(f);
	snprintf(path, sizeof path, "%s/services.csv", pkg);
	assert_non_null(f = fopen(path, "w"));
	fputs("id,organization_id,name,description,status\r\n", f);
	for (int i = 1; i <= 50000; i++)
		fprintf(f, "00000000-0000-4000-8000-%012d,%d,Service %d,\"Help with housing,\r\nhealth and work.\",%s\r\n", i,
			1 + i % 500, i, i % 10 ? "active" : "temporarily closed");
	fclose(f);
	snprintf(path, sizeof path, "%s/languages.csv", pkg);
	assert_non_null(f = fopen(path, "w"));
	fputs("id,service_id,code\r\n", f);
	for (int i = 1; i <= 50000; i++)
		fprintf(f, "%d,00000000-0000-4000-8000-%012d,%s\r\n", i, i, (const char *[]){ "ara", "fra", "prs", "ckb" }[i % 4]);
	fclose(f);
}

static void test_fifty_thousand_services_import_in_one_transaction(void **state)
{
	struct th_run run;
	char db[256], pkg[128];

	(void)state;
	snprintf(pkg, sizeof pkg, "%s/big", dir);
	big_package(pkg);
	for (int pg = 0; pg < stores(); pg++) {
		fresh(pg, db, sizeof db);
		assert_int_equal(th_tandem(&run, NULL, "import", "resources", pkg, "--db", db, NULL), 0);
		printf("# 50,000 services on %s: %s", pg ? "PostgreSQL" : "SQLite", run.out);
		assert_int_equal(th_sql_file(db, "SELECT count(*) FROM services"), 50000);
		assert_int_equal(th_sql_file(db, "SELECT count(*) FROM service_languages WHERE code = 'ar'"), 12500);
		assert_int_equal(th_sql_file(db, "SELECT count(*) FROM services WHERE status = 'temporarily closed'"), 5000);
		/* One transaction: one audit record for the whole import. */
		assert_int_equal(th_sql_file(db, "SELECT count(*) FROM audit WHERE action = 'resources.import'"), 1);
	}
}

static void one_line(const struct th_run *run)
{
	const char *nl = strchr(run->err, '\n');

	assert_non_null(nl);
	assert_int_equal(nl[1], '\0');
	assert_string_equal(run->out, "");
}

static void test_bad_arguments_give_one_line_and_exit_2(void **state)
{
	struct th_run run;
	char db[256];

	(void)state;
	fresh(false, db, sizeof db);
	assert_int_equal(th_tandem(&run, NULL, "import", NULL), 2);
	one_line(&run);
	/* Help after the kind too, and never read as a package's path. */
	assert_int_equal(th_tandem(&run, NULL, "import", "resources", "--help", NULL), 0);
	assert_non_null(strstr(run.out, "usage: tandem import resources"));
	assert_int_equal(th_tandem(&run, NULL, "export", "resources", "-h", NULL), 0);
	assert_non_null(strstr(run.out, "usage: tandem export resources"));
	assert_int_equal(th_tandem(&run, NULL, "import", "cases", FIXTURE, "--db", db, NULL), 2);
	one_line(&run);
	assert_int_equal(th_tandem(&run, NULL, "import", "resources", "--db", db, NULL), 2);
	one_line(&run);
	assert_int_equal(th_tandem(&run, NULL, "import", "resources", FIXTURE, NULL), 2);
	one_line(&run);
	assert_int_equal(th_tandem(&run, NULL, "import", "resources", FIXTURE, "--db", NULL), 2);
	one_line(&run);
	assert_int_equal(th_tandem(&run, NULL, "import", "resources", "/nonexistent/package", "--db", db, NULL), 2);
	one_line(&run);
	assert_int_equal(th_tandem(&run, NULL, "export", "resources", "--db", db, NULL), 2);
	one_line(&run);
	assert_int_equal(th_sql_file(db, "SELECT count(*) FROM services"), 0);
}

/* Bytes appended to a file of the package, NULs and all. */
static void append_bytes(const char *pkg, const char *file, const char *bytes, size_t n)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", pkg, file);
	assert_non_null(f = fopen(path, "ab"));
	assert_int_equal(fwrite(bytes, 1, n, f), n);
	fclose(f);
}

/* A NUL byte in a field, and a value of 70,000 bytes, are bad rows like any
 * other: reported, and the rest imported only when asked. */
static void test_a_nul_byte_or_a_huge_value_is_a_bad_row(void **state)
{
	static const char nul[] = "99,1,Na\0me,x,active,,,,,,\r\n";
	struct th_run run;
	char db[256], pkg[128], *big;
	size_t n = 70000;

	(void)state;
	assert_non_null(big = malloc(n + 64));
	memcpy(big, "98,1,", 5);
	memset(big + 5, 'x', n);
	memcpy(big + 5 + n, ",x,active,,,,,,\r\n", 18);
	fresh(false, db, sizeof db);
	fixture_copy(pkg, sizeof pkg);
	append_bytes(pkg, "services.csv", nul, sizeof nul - 1);
	append_bytes(pkg, "services.csv", big, 5 + n + 18);
	free(big);
	assert_int_equal(th_tandem(&run, NULL, "import", "resources", pkg, "--db", db, NULL), 2);
	assert_non_null(strstr(run.err, "services.csv:8: a NUL byte in a field\n"));
	assert_non_null(strstr(run.err, "services.csv:9: a value longer than 65536 bytes\n"));
	assert_int_equal(th_sql_file(db, "SELECT count(*) FROM services"), 0);
	assert_int_equal(th_tandem(&run, NULL, "import", "resources", pkg, "--skip-bad-rows", "--db", db, NULL), 0);
	assert_int_equal(th_sql_file(db, "SELECT count(*) FROM services"), 3);
}

/* A package that lists a table twice, or holds a link or a pipe where a
 * file should be, is refused whole: exit 2, nothing written, no hang. */
static void test_a_package_with_tricks_is_refused(void **state)
{
	struct th_run run;
	char db[256], pkg[128], cmd[768];

	(void)state;
	fresh(false, db, sizeof db);
	fixture_copy(pkg, sizeof pkg);
	snprintf(cmd, sizeof cmd, "sed -i 's|\"resources\": \\[|\"resources\": [{\"name\": \"services\", \"path\":"
		 " \"services.csv\"},|' '%s/datapackage.json'", pkg);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(th_tandem(&run, NULL, "import", "resources", pkg, "--db", db, NULL), 2);
	assert_non_null(strstr(run.err, "twice"));

	fixture_copy(pkg, sizeof pkg);
	snprintf(cmd, sizeof cmd, "rm '%s/phones.csv' && ln -s /etc/passwd '%s/phones.csv'", pkg, pkg);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(th_tandem(&run, NULL, "import", "resources", pkg, "--db", db, NULL), 2);
	assert_non_null(strstr(run.err, "phones.csv"));

	fixture_copy(pkg, sizeof pkg);
	snprintf(cmd, sizeof cmd, "rm '%s/phones.csv' && mkfifo '%s/phones.csv'", pkg, pkg);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(th_tandem(&run, NULL, "import", "resources", pkg, "--db", db, NULL), 2);
	assert_non_null(strstr(run.err, "not a plain file"));
	assert_int_equal(th_sql_file(db, "SELECT count(*) FROM services"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_nul_byte_or_a_huge_value_is_a_bad_row),
		cmocka_unit_test(test_a_package_with_tricks_is_refused),
		cmocka_unit_test(test_a_publishers_package_is_read_as_written),
		cmocka_unit_test(test_importing_again_updates_by_id),
		cmocka_unit_test(test_each_bad_row_is_reported_and_nothing_written_unless_skipped),
		cmocka_unit_test(test_rows_of_a_rejected_parent_are_rejected_too),
		cmocka_unit_test(test_an_unreadable_package_is_one_line),
		cmocka_unit_test(test_the_report_is_in_file_then_line_order),
		cmocka_unit_test(test_a_required_column_missing_rejects_its_file),
		cmocka_unit_test(test_a_zip_of_the_package_imports_alike),
		cmocka_unit_test(test_export_then_import_then_export_is_the_same),
		cmocka_unit_test(test_fifty_thousand_services_import_in_one_transaction),
		cmocka_unit_test(test_bad_arguments_give_one_line_and_exit_2),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
