/* test_directory_search.c - the directory of local services (issue 12):
 * "médecin de famille arabe", "Arabic family doctor" and the same in Arabic,
 * with community Hamilton, find the demo's Arabic-speaking family doctor in
 * Hamilton first, and "GP" does for an Arabic-speaking family in Hamilton;
 * full-text syntax typed by a searcher is only text and never an error; a
 * stale service ranks below a verified one of equal relevance; the filters
 * hold; defunct services and the list to verify again are the curators';
 * SPO staff and LIP coordinators curate and nobody else, every change and
 * refusal audited; the index follows every change, an import's rows
 * written straight into the tables too; bad input is a 422
 * naming the field, and writes nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "harness.h"

static struct th_server srv;
static struct th_client worker, manager, sponsor, sah, refugee, lip, evaluator, admin;
static long long hamilton, toronto, fam;

static int setup(void **state)
{
	(void)state;
	if (th_server_start(&srv) || th_login(&worker, &srv, "worker@tandem.example") != 200 ||
	    th_login(&manager, &srv, "manager@tandem.example") != 200 ||
	    th_login(&sponsor, &srv, "sponsor@tandem.example") != 200 || th_login(&sah, &srv, "sah@tandem.example") != 200 ||
	    th_login(&refugee, &srv, "refugee@tandem.example") != 200 || th_login(&lip, &srv, "lip@tandem.example") != 200 ||
	    th_login(&evaluator, &srv, "evaluator@tandem.example") != 200 ||
	    th_login(&admin, &srv, "admin@tandem.example") != 200)
		return -1;
	hamilton = th_sql(&srv, "SELECT id FROM communities WHERE name = 'Hamilton'");
	toronto = th_sql(&srv, "SELECT id FROM communities WHERE name = 'Toronto'");
	fam = th_sql(&srv, "SELECT p.case_id FROM persons p JOIN users u ON u.id = p.user_id"
		     " WHERE u.email = 'refugee@tandem.example'");
	return hamilton > 0 && toronto > 0 && fam > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return th_server_stop(&srv);
}

/* The query argument's value, percent-encoded. */
static void encode(char *out, size_t size, const char *v)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)v; *p && n + 4 < size; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		    *p == '_' || *p == '.')
			out[n++] = (char)*p;
		else
			out[n++] = '%', out[n++] = hex[*p >> 4], out[n++] = hex[*p & 15];
	}
	out[n] = 0;
}

/* GET /api/v1/resources?q=Q&REST as c; the answer in r. */
static long search(struct th_client *c, const char *q, const char *rest, struct th_resp *r)
{
	char path[4096], enc[3000];

	encode(enc, sizeof enc, q ? q : "");
	snprintf(path, sizeof path, "/api/v1/resources?%s%s%s%s", q ? "q=" : "", q ? enc : "", q && rest ? "&" : "",
		 rest ? rest : "");
	return th_request(c, &srv, "GET", path, NULL, NULL, r);
}

static json_t *results(const struct th_resp *r)
{
	json_t *list = json_object_get(r->json, "resources");

	assert_true(json_is_array(list));
	return list;
}

static const char *first_id(const struct th_resp *r)
{
	return json_string_value(json_object_get(json_array_get(results(r), 0), "id"));
}

static void test_the_arabic_family_doctor_in_hamilton_comes_first_in_three_languages(void **state)
{
	static const char *const queries[] = { "médecin de famille arabe", "Arabic family doctor",
					       "طبيب الأسرة عربي", "طبيب أسرة يتكلم العربية",
					       "MEDECIN DE FAMILLE qui parle l'arabe" };
	char rest[64];

	(void)state;
	snprintf(rest, sizeof rest, "community=%lld", hamilton);
	for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
		struct th_resp r;
		assert_int_equal(search(&sponsor, queries[i], rest, &r), 200);
		assert_string_equal(first_id(&r), "1");
		assert_string_equal(json_string_value(json_object_get(json_array_get(results(&r), 0), "name")),
				    "Dr. Samira Haddad, family physician");
		assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "understood"), "language")),
				    "ar");
		assert_true(json_array_size(results(&r)) > 1);
		th_resp_free(&r);
	}
}

/* "GP" names the category only; for the demo family (Arabic, in Hamilton)
 * the case's language and community put the doctor first. */
static void test_gp_finds_the_doctor_first_for_an_arabic_speaking_family_in_hamilton(void **state)
{
	char rest[64];
	struct th_resp r;

	(void)state;
	snprintf(rest, sizeof rest, "case=%lld", fam);
	assert_int_equal(search(&refugee, "GP", rest, &r), 200);
	assert_string_equal(first_id(&r), "1");
	th_resp_free(&r);
	/* without the case, a family doctor still, though not that one first */
	assert_int_equal(search(&refugee, "GP", NULL, &r), 200);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(json_array_get(results(&r), 0),
											    "categories"), 0), "code")),
			    "health.primary_care");
	th_resp_free(&r);
}

static void test_full_text_syntax_is_text_and_never_an_error(void **state)
{
	static const char *const queries[] = {
		"\"", "*", "NEAR(a b)", "-x", "AND", "((", "'", "^", ":", "clinic\" OR \"x", "\"unterminated",
		"a AND OR NOT b", "name:clinic", "{name} : x", "NEAR/2 a b", "\\", "%", "+a -b", "a* b*", ")))(((",
		"'; DROP TABLE services;--", "«»", "،؛؟", "\"*^:-()'", "NOT", "OR", "a & b | !c <-> d", "x:*", "''",
	};
	char many[501];
	struct th_resp r;

	(void)state;
	for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
		assert_int_equal(search(&sponsor, queries[i], NULL, &r), 200);
		results(&r);
		th_resp_free(&r);
		assert_int_equal(search(&manager, queries[i], "stale=1&virtual=0", &r), 200);
		th_resp_free(&r);
	}
	memset(many, '(', 500);
	many[500] = 0;
	assert_int_equal(search(&sponsor, many, NULL, &r), 200);
	th_resp_free(&r);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM services"), 320);
}

/* A short page is found tier by tier, stopping once nothing left can
 * reach it (store_resource_search.c): every page is the same slice of the
 * whole ranking, which a page longer than the results computes in full. */
static void test_every_page_is_a_slice_of_the_whole_ranking(void **state)
{
	char queries[][96] = { "", "", "", "", "", "", "" };
	const char *const text[] = { "Arabic family doctor", "GP", "food", "clinic", NULL, "dentist arabe", "help" };

	(void)state;
	snprintf(queries[1], sizeof queries[1], "case=%lld", fam);
	snprintf(queries[2], sizeof queries[2], "case=%lld", fam);
	snprintf(queries[4], sizeof queries[4], "language=ar&community=%lld", hamilton);
	snprintf(queries[6], sizeof queries[6], "case=%lld&virtual=0", fam);
	for (size_t i = 0; i < sizeof text / sizeof *text; i++) {
		char rest[sizeof queries[0] + 64];
		struct th_resp whole, page;
		size_t n;

		snprintf(rest, sizeof rest, "%.90s%slimit=100", queries[i], *queries[i] ? "&" : "");
		assert_int_equal(search(&refugee, text[i], rest, &whole), 200);
		n = json_array_size(results(&whole));
		if (n <= 3 || n >= 100)
			fail_msg("%s &%s: %zu results, too few or too many to check", text[i] ? text[i] : "", rest, n);
		for (size_t at = 0; at < n; at += 3) {
			snprintf(rest, sizeof rest, "%.90s%slimit=3&offset=%zu", queries[i], *queries[i] ? "&" : "", at);
			assert_int_equal(search(&refugee, text[i], rest, &page), 200);
			for (size_t k = 0; k < 3 && at + k < n; k++)
				if (strcmp(json_string_value(json_object_get(json_array_get(results(&page), k), "id")),
					   json_string_value(json_object_get(json_array_get(results(&whole), at + k), "id"))))
					fail_msg("%s&%s: rank %zu differs", text[i] ? text[i] : "", rest, at + k);
			th_resp_free(&page);
		}
		th_resp_free(&whole);
	}
}

/* A new service as c: its id in id (when created); the status. */
static long create(struct th_client *c, const char *body, char *id, size_t size)
{
	struct th_resp r;
	long status = th_request(c, &srv, "POST", "/api/v1/resources", body, NULL, &r);

	if (id && status == 201)
		snprintf(id, size, "%s", json_string_value(json_object_get(r.json, "id")));
	th_resp_free(&r);
	return status;
}

static void simple_service(char *body, size_t size, const char *name)
{
	snprintf(body, size,
		 "{\"name\":\"%s\",\"description\":\"Homework help for children.\",\"organization\":{\"name\":"
		 "\"Test Library\"},\"location\":{\"type\":\"physical\",\"community_id\":%lld,\"address_1\":\"1 Main St\","
		 "\"city\":\"Toronto\",\"state_province\":\"ON\",\"postal_code\":\"M4M 1A1\"},"
		 "\"categories\":[\"education.homework\"],\"languages\":[\"en\"]}",
		 name, toronto);
}

static void test_a_stale_service_ranks_below_a_verified_one_of_equal_relevance(void **state)
{
	char body[1024], stale[64], fresh[64], sql[256], path[128];
	struct th_resp r;
	double s0, s1;

	(void)state;
	simple_service(body, sizeof body, "Zyxwvut Homework Club");
	/* the stale one first, so that neither order of creation nor id decides */
	assert_int_equal(create(&manager, body, stale, sizeof stale), 201);
	assert_int_equal(create(&manager, body, fresh, sizeof fresh), 201);
	snprintf(sql, sizeof sql, "UPDATE services SET assured_date = '2020-01-01' WHERE id = '%s'", stale);
	assert_int_equal(th_sql(&srv, sql), 0);
	snprintf(path, sizeof path, "/api/v1/resources/%s/verify", fresh);
	assert_int_equal(th_request(&worker, &srv, "POST", path, "{}", NULL, &r), 200);
	assert_false(json_boolean_value(json_object_get(r.json, "stale")));
	th_resp_free(&r);
	assert_int_equal(search(&sponsor, "zyxwvut", NULL, &r), 200);
	assert_int_equal(json_array_size(results(&r)), 2);
	assert_string_equal(first_id(&r), fresh);
	assert_true(json_boolean_value(json_object_get(json_array_get(results(&r), 1), "stale")));
	s0 = json_real_value(json_object_get(json_array_get(results(&r), 0), "score"));
	s1 = json_real_value(json_object_get(json_array_get(results(&r), 1), "score"));
	assert_true(s1 > 0 && s1 < s0 * 0.51 && s1 > s0 * 0.49);
	th_resp_free(&r);
	/* the curators' list to verify again holds the stale one, not the fresh */
	assert_int_equal(search(&lip, "zyxwvut", "stale=1", &r), 200);
	assert_int_equal(json_array_size(results(&r)), 1);
	assert_string_equal(first_id(&r), stale);
	th_resp_free(&r);
}

/* An Arabic word is found with or without its article, in either the text
 * or the query. */
static void test_an_arabic_word_is_found_with_or_without_its_article(void **state)
{
	static const char *const queries[] = { "زيتون", "الزيتون", "برتقال", "البرتقال" };
	char body[1024], id[64];

	(void)state;
	snprintf(body, sizeof body,
		 "{\"name\":\"نادي الزيتون\",\"description\":\"واجبات المدرسة، مع برتقال للأطفال.\",\"organization\":{\"name\":"
		 "\"Test Library\"},\"url\":\"https://club.example\",\"location\":{\"type\":\"virtual\"},"
		 "\"categories\":[\"education.homework\"],\"languages\":[\"ar\"]}");
	assert_int_equal(create(&manager, body, id, sizeof id), 201);
	for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
		struct th_resp r;
		assert_int_equal(search(&sponsor, queries[i], NULL, &r), 200);
		assert_string_equal(first_id(&r), id);
		th_resp_free(&r);
	}
}

/* Every result of the search passes check. */
static void each(struct th_client *c, const char *q, const char *rest, bool (*check)(json_t *), size_t at_least)
{
	struct th_resp r;
	json_t *x;
	size_t i;

	assert_int_equal(search(c, q, rest, &r), 200);
	assert_true(json_array_size(results(&r)) >= at_least);
	json_array_foreach(results(&r), i, x)
		if (!check(x))
			fail_msg("%s&%s: %s fails", q ? q : "", rest, json_string_value(json_object_get(x, "id")));
	th_resp_free(&r);
}

static bool has_word(json_t *list, const char *key, const char *v)
{
	json_t *x;
	size_t i;

	json_array_foreach(list, i, x)
		if (json_string_value(key ? json_object_get(x, key) : x) &&
		    !strcmp(json_string_value(key ? json_object_get(x, key) : x), v))
			return true;
	return false;
}

static bool food_bank(json_t *x)
{
	return has_word(json_object_get(x, "categories"), "code", "food.bank");
}

static bool speaks_arabic(json_t *x)
{
	return has_word(json_object_get(x, "languages"), NULL, "ar");
}

static bool speaks_french(json_t *x)
{
	return has_word(json_object_get(x, "languages"), NULL, "fr");
}

static bool is_virtual(json_t *x)
{
	return json_is_true(json_object_get(x, "virtual"));
}

static bool in_hamilton(json_t *x)
{
	json_t *id;
	size_t i;

	json_array_foreach(json_object_get(x, "community_ids"), i, id)
		if (json_integer_value(id) == hamilton)
			return true;
	return is_virtual(x);
}

static bool not_defunct(json_t *x)
{
	return strcmp(json_string_value(json_object_get(x, "status")), "defunct") != 0;
}

static void test_the_filters_hold(void **state)
{
	char rest[128];

	(void)state;
	each(&sponsor, NULL, "category=food.bank&limit=100", food_bank, 8);
	each(&sponsor, "help", "language=ar&limit=100", speaks_arabic, 1);
	each(&sponsor, NULL, "language=arabe&limit=100", speaks_arabic, 10);
	/* a name with its article, which the words lose: الفرنسية */
	snprintf(rest, sizeof rest, "limit=100&language=");
	encode(rest + strlen(rest), sizeof rest - strlen(rest), "الفرنسية");
	each(&sponsor, NULL, rest, speaks_french, 5);
	each(&sponsor, NULL, "virtual=1&limit=100", is_virtual, 5);
	snprintf(rest, sizeof rest, "community=%lld&limit=100", hamilton);
	each(&sponsor, "clinic", rest, in_hamilton, 2);
	each(&sponsor, NULL, "limit=100&offset=0", not_defunct, 100);
	each(&sponsor, NULL, "limit=100&offset=200", not_defunct, 50);
}

/* A full page says where the next one starts; the last says none. */
static void test_pages_say_where_the_next_starts(void **state)
{
	struct th_resp r;
	char rest[64];
	long long all = th_sql(&srv, "SELECT count(*) FROM services WHERE status <> 'defunct'");

	(void)state;
	assert_int_equal(search(&sponsor, NULL, "limit=5&offset=10", &r), 200);
	assert_int_equal(json_array_size(results(&r)), 5);
	assert_int_equal(json_integer_value(json_object_get(r.json, "next_offset")), 15);
	th_resp_free(&r);
	snprintf(rest, sizeof rest, "limit=5&offset=%lld", all - 3);
	assert_int_equal(search(&sponsor, NULL, rest, &r), 200);
	assert_int_equal(json_array_size(results(&r)), 3);
	assert_true(json_is_null(json_object_get(r.json, "next_offset")));
	th_resp_free(&r);
}

static void test_bad_search_arguments_are_422_naming_them(void **state)
{
	static const char *const bad[][2] = {
		{ "category=health", "category" }, { "language=xx", "language" }, { "community=abc", "community" },
		{ "virtual=maybe", "virtual" }, { "stale=2", "stale" }, { "limit=0", "limit" }, { "limit=101", "limit" },
		{ "offset=-1", "offset" }, { "case=x", "case" }, { "sort=name", "sort" },
	};
	char q[600];
	struct th_resp r;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_int_equal(search(&sponsor, NULL, bad[i][0], &r), 422);
		assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "error"), "field")), bad[i][1]);
		th_resp_free(&r);
	}
	memset(q, 'a', 501);
	q[501] = 0;
	assert_int_equal(search(&sponsor, q, NULL, &r), 422);
	th_resp_free(&r);
	assert_int_equal(th_request(&sponsor, &srv, "GET", "/api/v1/resources?q=%FF%FE", NULL, NULL, &r), 422);
	th_resp_free(&r);
}

static long long refusals(void)
{
	return th_sql(&srv, "SELECT count(*) FROM audit WHERE outcome = 'refused'");
}

static void test_ranking_by_a_case_needs_reading_it_and_the_stale_list_curating(void **state)
{
	char rest[64];
	long long before = refusals();
	struct th_resp r;

	(void)state;
	snprintf(rest, sizeof rest, "case=%lld", fam);
	assert_int_equal(search(&admin, "GP", rest, &r), 403);
	th_resp_free(&r);
	assert_int_equal(search(&lip, "GP", rest, &r), 403);
	th_resp_free(&r);
	assert_int_equal(search(&sponsor, NULL, "stale=1", &r), 403);
	th_resp_free(&r);
	assert_int_equal(refusals(), before + 3);
	assert_int_equal(search(&sponsor, "GP", rest, &r), 200);
	th_resp_free(&r);
	assert_int_equal(search(&worker, NULL, "stale=1&limit=100", &r), 200);
	assert_true(json_array_size(results(&r)) > 10);
	th_resp_free(&r);
}

static void test_defunct_services_are_the_curators_alone(void **state)
{
	char body[1024], id[64], path[128];
	struct th_resp r;

	(void)state;
	simple_service(body, sizeof body, "Qwertzuiop Study Hall");
	assert_int_equal(create(&worker, body, id, sizeof id), 201);
	snprintf(path, sizeof path, "/api/v1/resources/%s", id);
	assert_int_equal(th_request(&worker, &srv, "PATCH", path, "{\"status\":\"defunct\"}", NULL, &r), 200);
	th_resp_free(&r);
	assert_int_equal(th_request(&sponsor, &srv, "GET", path, NULL, NULL, &r), 404);
	th_resp_free(&r);
	assert_int_equal(search(&sponsor, "qwertzuiop", NULL, &r), 200);
	assert_int_equal(json_array_size(results(&r)), 0);
	th_resp_free(&r);
	assert_int_equal(th_request(&manager, &srv, "GET", path, NULL, NULL, &r), 200);
	th_resp_free(&r);
	assert_int_equal(search(&manager, "qwertzuiop", NULL, &r), 200);
	assert_int_equal(json_array_size(results(&r)), 1);
	th_resp_free(&r);
}

static void test_spo_staff_and_lip_coordinators_curate_and_nobody_else(void **state)
{
	struct th_client *yes[] = { &worker, &manager, &lip };
	struct th_client *no[] = { &sponsor, &sah, &refugee, &evaluator, &admin };
	char body[1024], id[64], path[128];
	long long services = th_sql(&srv, "SELECT count(*) FROM services"), before;
	long long created = th_sql(&srv, "SELECT count(*) FROM audit WHERE action = 'resource.create'"
				   " AND outcome = 'allowed'");
	struct th_resp r;

	(void)state;
	simple_service(body, sizeof body, "Role Test Tutoring");
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
		assert_int_equal(create(yes[i], body, id, sizeof id), 201);
		assert_int_equal(strlen(id), 36);
	}
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM audit WHERE action = 'resource.create'"
				" AND outcome = 'allowed'"), created + 3);
	snprintf(path, sizeof path, "/api/v1/resources/%s", id);
	for (size_t i = 0; i < sizeof no / sizeof *no; i++) {
		before = refusals();
		assert_int_equal(create(no[i], body, NULL, 0), 403);
		assert_int_equal(th_request(no[i], &srv, "PATCH", path, "{\"name\":\"Taken\"}", NULL, &r), 403);
		th_resp_free(&r);
		snprintf(path + strlen(path), sizeof path - strlen(path), "/verify");
		assert_int_equal(th_request(no[i], &srv, "POST", path, "{}", NULL, &r), 403);
		th_resp_free(&r);
		path[strlen(path) - strlen("/verify")] = 0;
		assert_int_equal(refusals(), before + 3);
		/* they read it, without the curators' actions */
		assert_int_equal(th_request(no[i], &srv, "GET", path, NULL, NULL, &r), 200);
		assert_int_equal(json_array_size(json_object_get(r.json, "actions")), 0);
		th_resp_free(&r);
	}
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM services"), services + 3);
}

static void test_a_curated_service_reads_back_whole_and_the_index_follows_it(void **state)
{
	char body[2048], id[64], path[128];
	struct th_resp r;
	json_t *s, *place, *langs;
	long long updates = th_sql(&srv, "SELECT count(*) FROM audit WHERE action = 'resource.update'");

	(void)state;
	snprintf(body, sizeof body,
		 "{\"name\":\"Clinique Éole\",\"description\":\"Soins pour nouveaux arrivants.\","
		 "\"url\":\"https://eole.example\",\"email\":\"info@eole.example\",\"status\":\"temporarily closed\","
		 "\"fees_description\":\"Free.\",\"organization\":{\"name\":\"Réseau Éole\",\"website\":"
		 "\"https://reseau.example\"},\"location\":{\"type\":\"physical\",\"community_id\":%lld,"
		 "\"address_1\":\"12 rue Principale\",\"city\":\"Hamilton\",\"state_province\":\"ON\","
		 "\"postal_code\":\"L8P 1A1\"},\"phone\":{\"number\":\"+1 905 555 0199\",\"extension\":\"12\"},"
		 "\"languages\":[{\"code\":\"fr\",\"note\":\"French on Tuesdays\"},\"ar\"],"
		 "\"schedules\":[{\"byday\":\"MO,WE\",\"opens_at\":\"09:00\",\"closes_at\":\"17:30\"},"
		 "{\"description\":\"Evenings by appointment.\"}],"
		 "\"categories\":[\"health.dental\",\"health.vision\"]}",
		 hamilton);
	assert_int_equal(create(&lip, body, id, sizeof id), 201);
	snprintf(path, sizeof path, "/api/v1/resources/%s", id);
	assert_int_equal(th_request(&sponsor, &srv, "GET", path, NULL, NULL, &r), 200);
	s = r.json;
	assert_string_equal(json_string_value(json_object_get(s, "status")), "temporarily closed");
	assert_string_equal(json_string_value(json_object_get(json_object_get(s, "organization"), "name")), "Réseau Éole");
	place = json_array_get(json_object_get(s, "locations"), 0);
	assert_int_equal(json_integer_value(json_object_get(place, "community_id")), hamilton);
	assert_string_equal(json_string_value(json_object_get(json_object_get(place, "address"), "country")), "CA");
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(s, "phones"), 0),
								  "extension")), "12");
	langs = json_object_get(s, "languages");
	assert_int_equal(json_array_size(langs), 2);
	assert_true(has_word(langs, "code", "ar") && has_word(langs, "note", "French on Tuesdays"));
	assert_int_equal(json_array_size(json_object_get(s, "categories")), 2);
	{
		json_t *hours = json_object_get(s, "schedules"), *first = json_array_get(hours, 0);
		assert_int_equal(json_array_size(hours), 2);
		assert_string_equal(json_string_value(json_object_get(first, "freq")), "WEEKLY");
		assert_string_equal(json_string_value(json_object_get(first, "byday")), "MO,WE");
		assert_string_equal(json_string_value(json_object_get(first, "closes_at")), "17:30");
		assert_true(has_word(hours, "description", "Evenings by appointment."));
	}
	assert_true(json_boolean_value(json_object_get(s, "stale")));   /* never verified */
	th_resp_free(&r);
	/* found by its words, accents aside, and by its organization's */
	assert_int_equal(search(&sponsor, "eole", NULL, &r), 200);
	assert_string_equal(first_id(&r), id);
	th_resp_free(&r);
	/* a change of name and organization is in the index at once */
	assert_int_equal(th_request(&worker, &srv, "PATCH", path,
				    "{\"name\":\"Clinique Zéphyrine\",\"organization\":{\"name\":\"Réseau Borée\"},"
				    "\"languages\":[\"so\"],\"categories\":[\"health.dental\"],"
				    "\"schedules\":[{\"byday\":\"SA\",\"opens_at\":\"10:00\",\"closes_at\":\"14:00\"}]}",
				    NULL, &r), 200);
	th_resp_free(&r);
	{
		/* a note counts characters: 200 Arabic letters (400 bytes) are allowed, 201 are not */
		char hours[1024];
		int k = snprintf(hours, sizeof hours, "{\"schedules\":[{\"description\":\"");
		for (int i = 0; i < 201; i++, k += 2)
			memcpy(hours + k, "\xd8\xa8", 2);
		snprintf(hours + k, sizeof hours - (size_t)k, "\"}]}");
		assert_int_equal(th_request(&worker, &srv, "PATCH", path, hours, NULL, &r), 422);
		th_resp_free(&r);
		memcpy(hours + k - 2, "\"}]}", 5);
		assert_int_equal(th_request(&worker, &srv, "PATCH", path, hours, NULL, &r), 200);
		th_resp_free(&r);
		assert_int_equal(th_request(&worker, &srv, "PATCH", path,
					    "{\"schedules\":[{\"byday\":\"SA\",\"opens_at\":\"10:00\",\"closes_at\":\"14:00\"}]}",
					    NULL, &r), 200);
	}
	assert_int_equal(json_array_size(json_object_get(r.json, "languages")), 1);
	assert_int_equal(json_array_size(json_object_get(r.json, "schedules")), 1);
	assert_int_equal(json_array_size(json_object_get(r.json, "locations")), 1);
	th_resp_free(&r);
	assert_int_equal(search(&sponsor, "zephyrine", NULL, &r), 200);
	assert_string_equal(first_id(&r), id);
	th_resp_free(&r);
	assert_int_equal(search(&sponsor, "borée", NULL, &r), 200);
	assert_string_equal(first_id(&r), id);
	th_resp_free(&r);
	assert_int_equal(search(&sponsor, "eole", NULL, &r), 200);
	assert_int_equal(json_array_size(results(&r)), 0);
	th_resp_free(&r);
	/* the change of name, the long note and the hours again: each audited */
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM audit WHERE action = 'resource.update'"), updates + 3);
}

/* An import writes the HSDS tables straight, calling nothing: the index is
 * the databases' own triggers' to keep, through every table it reads. */
static void test_rows_written_straight_into_the_tables_are_found_at_once(void **state)
{
	char sql[512], rest[64];
	const char *const rows[] = {
		"INSERT INTO resource_organizations (id, name, updated_at) VALUES ('imp-o', 'Plughwyd Trust', 0)",
		"INSERT INTO services (id, organization_id, name, description, status, assured_date, updated_at)"
		" VALUES ('imp-s', 'imp-o', 'Imported service', 'Snorkelwick lessons', 'active', '2099-01-01', 0)",
		"INSERT INTO service_categories (service_id, category) VALUES ('imp-s', 'transport')",
		"INSERT INTO service_languages (id, service_id, code) VALUES ('imp-l', 'imp-s', 'ti')",
		"INSERT INTO locations (id, location_type, community_id) VALUES ('imp-p', 'physical', 1)",
		"INSERT INTO service_at_location (id, service_id, location_id) VALUES ('imp-x', 'imp-s', 'imp-p')",
	};
	struct th_resp r;

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
		assert_int_equal(th_sql(&srv, rows[i]), 0);
	/* by its words, its organization's, and through every filter */
	assert_int_equal(search(&sponsor, "snorkelwick", "language=ti&category=transport&community=1", &r), 200);
	assert_string_equal(first_id(&r), "imp-s");
	th_resp_free(&r);
	assert_int_equal(search(&sponsor, "plughwyd", NULL, &r), 200);
	assert_string_equal(first_id(&r), "imp-s");
	th_resp_free(&r);
	/* the place moves, the language goes: the filters follow */
	snprintf(sql, sizeof sql, "UPDATE locations SET community_id = %lld WHERE id = 'imp-p'", toronto);
	assert_int_equal(th_sql(&srv, sql), 0);
	assert_int_equal(th_sql(&srv, "DELETE FROM service_languages WHERE id = 'imp-l'"), 0);
	assert_int_equal(search(&sponsor, "snorkelwick", "community=1", &r), 200);
	assert_int_equal(json_array_size(results(&r)), 0);
	th_resp_free(&r);
	assert_int_equal(search(&sponsor, "snorkelwick", "language=ti", &r), 200);
	assert_int_equal(json_array_size(results(&r)), 0);
	th_resp_free(&r);
	snprintf(rest, sizeof rest, "community=%lld&virtual=0", toronto);
	assert_int_equal(search(&sponsor, "snorkelwick", rest, &r), 200);
	assert_string_equal(first_id(&r), "imp-s");
	th_resp_free(&r);
	/* gone for good: in no search of a reader's, in a curator's */
	assert_int_equal(th_sql(&srv, "UPDATE services SET status = 'defunct' WHERE id = 'imp-s'"), 0);
	assert_int_equal(search(&sponsor, "snorkelwick", NULL, &r), 200);
	assert_int_equal(json_array_size(results(&r)), 0);
	th_resp_free(&r);
	assert_int_equal(search(&worker, "snorkelwick", NULL, &r), 200);
	assert_int_equal(json_array_size(results(&r)), 1);
	th_resp_free(&r);
}

/* Rows of every table a curation writes, and the allowed audit records. */
static void snapshot(char *out, size_t size)
{
	snprintf(out, size, "%lld/%lld/%lld/%lld/%lld/%lld/%lld/%lld",
		 th_sql(&srv, "SELECT count(*) FROM schedules"),
		 th_sql(&srv, "SELECT count(*) FROM audit WHERE outcome <> 'refused'"),
		 th_sql(&srv, "SELECT count(*) FROM services"), th_sql(&srv, "SELECT count(*) FROM resource_organizations"),
		 th_sql(&srv, "SELECT count(*) FROM locations"), th_sql(&srv, "SELECT count(*) FROM service_languages"),
		 th_sql(&srv, "SELECT count(*) FROM service_categories"),
		 th_sql(&srv, "SELECT coalesce(sum(updated_at), 0) FROM services"));
}

static void test_bad_curation_is_422_naming_the_field_and_writes_nothing(void **state)
{
#define OK_PLACE "\"location\":{\"type\":\"physical\",\"community_id\":1,\"address_1\":\"1 A St\",\"city\":\"X\"," \
		 "\"state_province\":\"ON\",\"postal_code\":\"L8P 1A1\"}"
#define ORG "\"organization\":{\"name\":\"Org\"}"
	static const char *const bad[][3] = {
		{ "{" ORG "}", "name", "invalid_field" },
		{ "{\"name\":\"\"," ORG "}", "name", "invalid_field" },
		{ "{\"name\":\"   \"," ORG "}", "name", "invalid_field" },
		{ "{\"name\":7," ORG "}", "name", "invalid_field" },
		{ "{\"name\":\"A\",\"colour\":\"red\"," ORG "}", "colour", "unknown_field" },
		{ "{\"name\":\"A\",\"status\":\"closed\"," ORG "}", "status", "invalid_field" },
		{ "{\"name\":\"A\",\"url\":\"ftp://x\"," ORG "}", "url", "invalid_field" },
		{ "{\"name\":\"A\",\"email\":\"nope\"," ORG "}", "email", "invalid_field" },
		{ "{\"name\":\"A\",\"languages\":[\"xx\"]," ORG "}", "languages", "invalid_field" },
		{ "{\"name\":\"A\",\"languages\":[\"ar\",\"ar\"]," ORG "}", "languages", "invalid_field" },
		{ "{\"name\":\"A\",\"languages\":[{\"code\":\"ar\",\"colour\":1}]," ORG "}", "languages", "invalid_field" },
		{ "{\"name\":\"A\",\"categories\":[\"nope\"]," ORG "}", "categories", "invalid_field" },
		{ "{\"name\":\"A\",\"categories\":[\"food.bank\",\"food.bank\"]," ORG "}", "categories", "invalid_field" },
		{ "{\"name\":\"A\",\"location\":{\"type\":\"boat\"}," ORG "}", "location.type", "invalid_field" },
		{ "{\"name\":\"A\",\"location\":{\"type\":\"physical\",\"address_1\":\"1 A St\"}," ORG "}",
		  "location.community_id", "invalid_field" },
		{ "{\"name\":\"A\",\"location\":{\"type\":\"physical\",\"community_id\":999999}," ORG "}",
		  "location.community_id", "invalid_field" },
		{ "{\"name\":\"A\",\"location\":{\"type\":\"physical\",\"community_id\":1}," ORG "}",
		  "location.address_1", "invalid_field" },
		{ "{\"name\":\"A\",\"location\":{\"type\":\"virtual\",\"address_1\":\"1 A St\",\"city\":\"X\","
		  "\"state_province\":\"ON\",\"postal_code\":\"L8P\"}," ORG "}", "location.address_1", "invalid_field" },
		{ "{\"name\":\"A\"," OK_PLACE ",\"phone\":{\"number\":\"call us\"}," ORG "}", "phone.number",
		  "invalid_field" },
		{ "{\"name\":\"A\"," OK_PLACE ",\"phone\":{\"colour\":1}," ORG "}", "phone.colour", "unknown_field" },
		{ "{\"name\":\"A\\u0001B\"," ORG "}", "name", "invalid_field" },
		{ "{\"name\":\"A\",\"organization_id\":\"no-such-org\"}", "organization_id", "invalid_field" },
		{ "{\"name\":\"A\",\"organization_id\":\"1\"," ORG "}", "organization", "invalid_field" },
		{ "{\"name\":\"A\"}", "organization", "invalid_field" },
		{ "{\"name\":\"A\",\"organization\":{\"name\":\"\"}}", "organization.name", "invalid_field" },
		{ "{\"name\":\"A\",\"organization\":{\"name\":\"O\",\"website\":\"x\"}}", "organization.website",
		  "invalid_field" },
		{ "{\"name\":\"A\",\"organization\":\"Org\"}", "organization", "invalid_field" },
		{ "{\"name\":\"A\",\"schedules\":{}," ORG "}", "schedules", "invalid_field" },
		{ "{\"name\":\"A\",\"schedules\":[{}]," ORG "}", "schedules", "invalid_field" },
		{ "{\"name\":\"A\",\"schedules\":[\"MO\"]," ORG "}", "schedules", "invalid_field" },
		{ "{\"name\":\"A\",\"schedules\":[{\"colour\":1}]," ORG "}", "schedules.colour", "unknown_field" },
		{ "{\"name\":\"A\",\"schedules\":[{\"byday\":\"XX\",\"opens_at\":\"09:00\",\"closes_at\":\"17:00\"}],"
		  ORG "}", "schedules.byday", "invalid_field" },
		{ "{\"name\":\"A\",\"schedules\":[{\"byday\":\"MO,MO\",\"opens_at\":\"09:00\",\"closes_at\":\"17:00\"}],"
		  ORG "}", "schedules.byday", "invalid_field" },
		{ "{\"name\":\"A\",\"schedules\":[{\"byday\":\"MO\",\"opens_at\":\"25:00\",\"closes_at\":\"26:00\"}],"
		  ORG "}", "schedules.opens_at", "invalid_field" },
		{ "{\"name\":\"A\",\"schedules\":[{\"byday\":\"MO\",\"opens_at\":\"9am\",\"closes_at\":\"17:00\"}],"
		  ORG "}", "schedules.opens_at", "invalid_field" },
		{ "{\"name\":\"A\",\"schedules\":[{\"byday\":\"MO\",\"opens_at\":\"17:00\",\"closes_at\":\"09:00\"}],"
		  ORG "}", "schedules.closes_at", "invalid_field" },
		{ "{\"name\":\"A\",\"schedules\":[{\"description\":\"   \"}]," ORG "}", "schedules.description",
		  "invalid_field" },
		{ "{\"name\":\"A\",\"schedules\":[{\"byday\":\"MO\",\"opens_at\":\"0::00\",\"closes_at\":\"17:00\"}],"
		  ORG "}", "schedules.opens_at", "invalid_field" },
		{ "{\"name\":\"A\",\"schedules\":[{\"byday\":\"MO\",\"opens_at\":\"09:00\",\"closes_at\":\"17:0:\"}],"
		  ORG "}", "schedules.closes_at", "invalid_field" },
		{ "{\"name\":\"A\",\"schedules\":[{\"colour\":1},3]," ORG "}", "schedules.colour", "unknown_field" },
	};
	char before[256], after[256];
	struct th_resp r;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		snapshot(before, sizeof before);
		if (th_request(&manager, &srv, "POST", "/api/v1/resources", bad[i][0], NULL, &r) != 422)
			fail_msg("%s: %ld", bad[i][0], r.status);
		assert_string_equal(th_error_code(&r), bad[i][2]);
		assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "error"), "field")),
				    bad[i][1]);
		th_resp_free(&r);
		/* the same on a change of the demo's doctor */
		if (strstr(bad[i][0], "organization_id") || !strcmp(bad[i][1], "organization") ||
		    strncmp(bad[i][0], "{\"name\":\"", 9))
			continue;
		if (th_request(&manager, &srv, "PATCH", "/api/v1/resources/1", bad[i][0], NULL, &r) != 422)
			fail_msg("PATCH %s: %ld", bad[i][0], r.status);
		th_resp_free(&r);
		snapshot(after, sizeof after);
		assert_string_equal(before, after);
	}
	assert_int_equal(th_request(&manager, &srv, "PATCH", "/api/v1/resources/no-such-service", "{\"name\":\"A\"}",
				    NULL, &r), 404);
	th_resp_free(&r);
	/* hours as an import keeps them, with their offset, do not stand in the
	 * way of another correction, and stay as they were */
	th_sql(&srv, "UPDATE schedules SET opens_at = '09:00Z', closes_at = '17:00Z' WHERE service_id = '1'");
	assert_int_equal(th_request(&manager, &srv, "PATCH", "/api/v1/resources/1", "{\"fees_description\":\"None.\"}",
				    NULL, &r), 200);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM schedules WHERE service_id = '1' AND opens_at = '09:00Z'"), 2);
	th_resp_free(&r);
	/* A service's organization is not moved by a change of the service. */
	snapshot(before, sizeof before);
	assert_int_equal(th_request(&manager, &srv, "PATCH", "/api/v1/resources/1", "{\"organization_id\":\"2\"}",
				    NULL, &r), 422);
	assert_string_equal(th_error_code(&r), "invalid_field");
	assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "error"), "field")),
			    "organization_id");
	th_resp_free(&r);
	snapshot(after, sizeof after);
	assert_string_equal(before, after);
	assert_int_equal(th_request(&manager, &srv, "GET", "/api/v1/resources/bad%27id", NULL, NULL, &r), 404);
	th_resp_free(&r);
#undef OK_PLACE
#undef ORG
}

/* n services named name i (for i from n down to 1, so that the names sort
 * against the order they are made), their ids in ids, the first made first. */
static void make_many(const char *name, size_t n, char ids[][64])
{
	char body[1024], full[128];

	for (size_t i = 0; i < n; i++) {
		snprintf(full, sizeof full, "%s %c", name, (char)('A' + n - 1 - i));
		simple_service(body, sizeof body, full);
		assert_int_equal(create(&manager, body, ids[i], 64), 201);
	}
}

/* The ids of a search's results, in order, as one string ("3 1 2 "). */
static void ids_of(const char *q, const char *rest, char *out, size_t size)
{
	struct th_resp r;
	json_t *x;
	size_t i, n = 0;

	assert_int_equal(search(&sponsor, q, rest, &r), 200);
	out[0] = 0;
	json_array_foreach(results(&r), i, x)
		n += (size_t)snprintf(out + n, n < size ? size - n : 0, "%s ",
				      json_string_value(json_object_get(x, "id")));
	th_resp_free(&r);
}

/* Services that tie come in the order they entered the directory (the
 * search index's own order), not by name, on every page: the first page
 * alone (found tier by tier) as the whole list (scored at once). */
static void test_services_that_tie_come_in_the_order_they_entered_the_directory(void **state)
{
	char ids[6][64], want[512], got[512];

	(void)state;
	make_many("Plimsollq Club", 6, ids);
	snprintf(want, sizeof want, "%s %s %s %s %s %s ", ids[0], ids[1], ids[2], ids[3], ids[4], ids[5]);
	ids_of("plimsollq", "limit=100", got, sizeof got);
	assert_string_equal(got, want);
	ids_of("plimsollq", "limit=1", got, sizeof got);
	snprintf(want, sizeof want, "%s ", ids[0]);
	assert_string_equal(got, want);
}

/* The relevance counts the searcher's words in the text, a word said twice
 * a little more, and not the text's length: a long description does not
 * bury a service below a short one. */
static void test_a_long_text_does_not_bury_a_service(void **state)
{
	char body[2048], ids[3][64], want[256], got[256], sql[512];
	static const char *const descriptions[] = {
		"Homework help for children of every age, in the reading room of the library, with volunteers from the"
		" high school, snacks, a quiet corner, books to borrow and a computer lab open to families.",
		"Homework help.", "Quillonz homework help.",
	};

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		simple_service(body, sizeof body, "Quillonz Club");
		assert_int_equal(create(&manager, body, ids[i], sizeof ids[i]), 201);
		snprintf(sql, sizeof sql, "UPDATE services SET description = '%s' WHERE id = '%s'", descriptions[i],
			 ids[i]);
		assert_int_equal(th_sql(&srv, sql), 0);
	}
	snprintf(want, sizeof want, "%s %s %s ", ids[2], ids[0], ids[1]);
	ids_of("quillonz", "limit=100", got, sizeof got);
	assert_string_equal(got, want);
}

/* The day days before the first on which a verification is still fresh:
 * 12 months before today, the 28th for a 29 February, as the domain's
 * stale_before. */
static void fresh_from(char *out, size_t size, int days)
{
	time_t now = time(NULL);
	struct tm t;

	gmtime_r(&now, &t);
	t.tm_year--;
	if (t.tm_mon == 1 && t.tm_mday == 29)
		t.tm_mday = 28;
	t.tm_mday -= days;
	now = timegm(&t);
	gmtime_r(&now, &t);
	snprintf(out, size, "%04d-%02d-%02d", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday);
}

/* The index tells fresh services from stale ones by the day each was
 * verified (sql/016_search_order.sql): verified 12 months ago to the day is
 * fresh, the day before stale, on the first page alone (found tier by tier)
 * as in the whole list. */
static void test_verified_twelve_months_ago_to_the_day_is_fresh_and_the_day_before_stale(void **state)
{
	char ids[6][64], day[40], sql[256], want[128], got[512];
	struct th_resp r;

	(void)state;
	make_many("Sextantq Club", 6, ids);
	fresh_from(day, sizeof day, 1);
	snprintf(sql, sizeof sql, "UPDATE services SET assured_date = '%s' WHERE id = '%s'", day, ids[0]);
	assert_int_equal(th_sql(&srv, sql), 0);
	fresh_from(day, sizeof day, 0);
	snprintf(sql, sizeof sql, "UPDATE services SET assured_date = '%s' WHERE id = '%s'", day, ids[1]);
	assert_int_equal(th_sql(&srv, sql), 0);
	snprintf(want, sizeof want, "%s ", ids[1]);
	ids_of("sextantq", "limit=1", got, sizeof got);
	assert_string_equal(got, want);
	assert_int_equal(search(&sponsor, "sextantq", "limit=100", &r), 200);
	assert_int_equal(json_array_size(results(&r)), 6);
	assert_string_equal(first_id(&r), ids[1]);
	assert_false(json_boolean_value(json_object_get(json_array_get(results(&r), 0), "stale")));
	assert_string_equal(json_string_value(json_object_get(json_array_get(results(&r), 1), "id")), ids[0]);
	assert_true(json_boolean_value(json_object_get(json_array_get(results(&r), 1), "stale")));
	th_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_arabic_family_doctor_in_hamilton_comes_first_in_three_languages),
		cmocka_unit_test(test_gp_finds_the_doctor_first_for_an_arabic_speaking_family_in_hamilton),
		cmocka_unit_test(test_full_text_syntax_is_text_and_never_an_error),
		cmocka_unit_test(test_every_page_is_a_slice_of_the_whole_ranking),
		cmocka_unit_test(test_a_stale_service_ranks_below_a_verified_one_of_equal_relevance),
		cmocka_unit_test(test_an_arabic_word_is_found_with_or_without_its_article),
		cmocka_unit_test(test_the_filters_hold),
		cmocka_unit_test(test_pages_say_where_the_next_starts),
		cmocka_unit_test(test_bad_search_arguments_are_422_naming_them),
		cmocka_unit_test(test_ranking_by_a_case_needs_reading_it_and_the_stale_list_curating),
		cmocka_unit_test(test_defunct_services_are_the_curators_alone),
		cmocka_unit_test(test_spo_staff_and_lip_coordinators_curate_and_nobody_else),
		cmocka_unit_test(test_a_curated_service_reads_back_whole_and_the_index_follows_it),
		cmocka_unit_test(test_rows_written_straight_into_the_tables_are_found_at_once),
		cmocka_unit_test(test_bad_curation_is_422_naming_the_field_and_writes_nothing),
		cmocka_unit_test(test_services_that_tie_come_in_the_order_they_entered_the_directory),
		cmocka_unit_test(test_a_long_text_does_not_bury_a_service),
		cmocka_unit_test(test_verified_twelve_months_ago_to_the_day_is_fresh_and_the_day_before_stale),
	};
	return cmocka_run_group_tests_name("directory_search", tests, setup, teardown);
}
