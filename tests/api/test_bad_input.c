/* test_bad_input.c - malformed, oversized, ill-typed and hostile input gets
 * a clear error in the API's error shape, the server stays up, and nothing
 * is written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"

static struct th_server srv;
static struct th_client worker;
static long long target;   /* a case of the demo worker's */

static const char HOSTILE[] = "Robert'); DROP TABLE cases;-- \\\" OR 1=1 /* %s %n";

static int setup(void **state)
{
	(void)state;
	if (th_server_start(&srv) || th_login(&worker, &srv, "worker@tandem.example") != 200)
		return -1;
	target = th_sql(&srv, "SELECT min(c.id) FROM cases c JOIN users u ON u.id = c.worker_id"
			" WHERE u.email = 'worker@tandem.example'");
	return target > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return th_server_stop(&srv);
}

/* What would change if something were written (a refusal is recorded). */
static void snapshot(char *out, size_t size)
{
	snprintf(out, size, "%lld/%lld/%lld/%lld", th_sql(&srv, "SELECT count(*) FROM audit WHERE outcome <> 'refused'"),
		 th_sql(&srv, "SELECT count(*) FROM cases"), th_sql(&srv, "SELECT count(*) FROM persons"),
		 th_sql(&srv, "SELECT coalesce(sum(updated_at), 0) FROM cases"));
}

static void expect(const char *method, const char *path, const char *body, const char *extra,
		   long status, const char *code, const char *field)
{
	char before[128], after[128];
	struct th_resp r;

	snapshot(before, sizeof before);
	assert_int_equal(th_request(&worker, &srv, method, path, body, extra, &r), status);
	assert_string_equal(th_error_code(&r), code);
	assert_true(json_is_string(json_object_get(json_object_get(r.json, "error"), "message")));
	if (field)
		assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "error"), "field")),
				    field);
	th_resp_free(&r);
	snapshot(after, sizeof after);
	assert_string_equal(before, after);
	/* the server is still up */
	assert_int_equal(th_request(NULL, &srv, "GET", "/healthz", NULL, NULL, &r), 200);
	th_resp_free(&r);
}

static char *case_path(void)
{
	static char p[64];
	snprintf(p, sizeof p, "/api/v1/cases/%lld", target);
	return p;
}

static void test_malformed_json_is_400_invalid_json(void **state)
{
	(void)state;
	expect("PATCH", case_path(), "{\"address\": ", NULL, 400, "invalid_json", NULL);
	expect("PATCH", case_path(), "{\"address\": \"a\",}", NULL, 400, "invalid_json", NULL);
	expect("PATCH", case_path(), "[1, 2]", NULL, 400, "invalid_json", NULL);
	expect("PATCH", case_path(), "{\"address\":\"a\",\"address\":\"b\"}", NULL, 400, "invalid_json", NULL);
	expect("POST", "/api/v1/session", "nonsense", NULL, 400, "invalid_json", NULL);
}

static void test_a_2_mib_body_is_413(void **state)
{
	size_t n = 2u << 20;
	char *big = malloc(n + 1);

	(void)state;
	memset(big, ' ', n);
	memcpy(big, "{\"address\":\"", 12);
	big[n - 2] = '"';
	big[n - 1] = '}';
	big[n] = '\0';
	expect("PATCH", case_path(), big, NULL, 413, "body_too_large", NULL);
	free(big);
}

static void test_invalid_utf8_is_400(void **state)
{
	(void)state;
	expect("PATCH", case_path(), "{\"address\":\"\xff\xfe caf\xc3\"}", NULL, 400, "invalid_utf8", NULL);
	expect("PATCH", case_path(), "{\"address\":\"\xed\xa0\x80\"}", NULL, 400, "invalid_utf8", NULL);
}

static void test_unknown_fields_are_422_naming_the_field(void **state)
{
	(void)state;
	expect("PATCH", case_path(), "{\"address\":\"x\",\"is_admin\":true}", NULL, 422, "unknown_field", "is_admin");
	expect("POST", "/api/v1/session", "{\"email\":\"a@b.example\",\"password\":\"x\",\"role\":\"admin\"}",
	       NULL, 422, "unknown_field", "role");
}

static void test_wrong_types_are_422_naming_the_field(void **state)
{
	static const struct { const char *body, *field; } cases[] = {
		{"{\"family_name\": 5}", "family_name"},
		{"{\"high_needs\": \"yes\"}", "high_needs"},
		{"{\"community_id\": \"Hamilton\"}", "community_id"},
		{"{\"worker_id\": -3}", "worker_id"},
		{"{\"worker_id\": 1.5}", "worker_id"},
		{"{\"expected_arrival\": \"next week\"}", "expected_arrival"},
		{"{\"expected_arrival\": \"2026-02-30\"}", "expected_arrival"},
		{"{\"stream\": \"VIP\"}", "stream"},
		{"{\"preferred_language\": [\"ar\"]}", "preferred_language"},
		{"{\"family_name\": null}", "family_name"},
		/* blank, in the spaces a pasted name may carry (text_blank) */
		{"{\"family_name\": \"\\u00a0\\u3000\"}", "family_name"},
		{"{\"contact_email\": \"not an address\"}", "contact_email"},
		{"{\"family_name\": \"a\\u0000b\"}", NULL},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (cases[i].field)
			expect("PATCH", case_path(), cases[i].body, NULL, 422, "invalid_field", cases[i].field);
		else
			expect("PATCH", case_path(), cases[i].body, NULL, 400, "invalid_json", NULL);
	}
	expect("PATCH", case_path(), "{\"status\": \"closed\"}", NULL, 422, "read_only_field", "status");
	expect("PATCH", case_path(), "{}", NULL, 422, "empty_patch", NULL);
	expect("POST", "/api/v1/session", "{\"email\": 42, \"password\": \"x\"}", NULL, 422, "invalid_field", "email");
}

static void test_references_to_nothing_are_422(void **state)
{
	(void)state;
	expect("PATCH", case_path(), "{\"community_id\": 99999}", NULL, 422, "invalid_field", "community_id");
	expect("PATCH", case_path(), "{\"stream\": \"GAR\"}", NULL, 422, "invalid_field", "sponsor_group_id");
	/* Fields the worker may not set are refused before their values are looked at. */
	expect("PATCH", case_path(), "{\"worker_id\": 99999}", NULL, 403, "forbidden_field", "worker_id");
	expect("PATCH", case_path(), "{\"sponsor_group_id\": null}", NULL, 403, "forbidden_field", "sponsor_group_id");
}

static void test_wrong_content_type_is_415_and_empty_body_is_400(void **state)
{
	(void)state;
	expect("PATCH", case_path(), "address=x", "Content-Type: application/x-www-form-urlencoded",
	       415, "unsupported_media_type", NULL);
	expect("PATCH", case_path(), "", NULL, 400, "invalid_json", NULL);
}

/* Free-text fields keep hostile strings verbatim; SQL never sees them as SQL. */
static void test_sql_metacharacters_in_every_string_field_are_stored_verbatim(void **state)
{
	static const char *text_fields[] = { "family_name", "address", "health_notes", "worker_notes" };
	static const char *typed_fields[] = {
		"preferred_language", "contact_phone", "contact_email", "stream", "expected_arrival",
		"actual_arrival",
	};
	long long cases = th_sql(&srv, "SELECT count(*) FROM cases");
	json_t *body;
	char *text, path[128];
	struct th_resp r;

	(void)state;
	for (size_t i = 0; i < sizeof text_fields / sizeof text_fields[0]; i++) {
		body = json_pack("{s:s}", text_fields[i], HOSTILE);
		text = json_dumps(body, 0);
		assert_int_equal(th_request(&worker, &srv, "PATCH", case_path(), text, NULL, &r), 200);
		assert_string_equal(json_string_value(json_object_get(r.json, text_fields[i])), HOSTILE);
		th_resp_free(&r);
		assert_int_equal(th_request(&worker, &srv, "GET", case_path(), NULL, NULL, &r), 200);
		assert_string_equal(json_string_value(json_object_get(r.json, text_fields[i])), HOSTILE);
		th_resp_free(&r);
		free(text);
		json_decref(body);
	}
	for (size_t i = 0; i < sizeof typed_fields / sizeof typed_fields[0]; i++) {
		body = json_pack("{s:s}", typed_fields[i], HOSTILE);
		text = json_dumps(body, 0);
		expect("PATCH", case_path(), text, NULL, 422, "invalid_field", typed_fields[i]);
		free(text);
		json_decref(body);
	}
	/* people: names are free text too */
	snprintf(path, sizeof path, "%s/people", case_path());
	body = json_pack("{s:s, s:s, s:s, s:i}", "given_name", HOSTILE, "family_name", HOSTILE,
			 "relationship", "x'); DROP TABLE persons;--", "birth_year", 1990);
	text = json_dumps(body, 0);
	assert_int_equal(th_request(&worker, &srv, "POST", path, text, NULL, &r), 201);
	assert_string_equal(json_string_value(json_object_get(r.json, "given_name")), HOSTILE);
	th_resp_free(&r);
	free(text);
	json_decref(body);
	/* in the sign-in, a query argument and a path */
	expect("POST", "/api/v1/session", "{\"email\":\"' OR '1'='1\",\"password\":\"' OR '1'='1\"}", NULL,
	       401, "invalid_credentials", NULL);
	expect("GET", "/api/v1/cases?status=active'%20OR%201=1--", NULL, NULL, 422, "invalid_parameter", "status");
	expect("GET", "/api/v1/cases/1%20OR%201=1", NULL, NULL, 404, "not_found", NULL);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM cases"), cases);
	assert_int_equal(th_sql(&srv, "SELECT 1 FROM cases LIMIT 1"), 1);
}

static void test_dotdot_paths_for_static_files_are_refused(void **state)
{
	const char *paths[] = { "/../sql/001_platform.sql", "/%2e%2e/Makefile", "/css/../../Makefile",
				"/.git/config", "/..%2fMakefile" };
	struct th_resp r;

	(void)state;
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		long st = th_request(NULL, &srv, "GET", paths[i], NULL, NULL, &r);
		assert_true(st == 400 || st == 404);
		assert_null(strstr(r.body ? r.body : "", "CREATE TABLE"));
		assert_null(strstr(r.body ? r.body : "", "[core]"));
		th_resp_free(&r);
	}
	expect("GET", "/../Makefile", NULL, NULL, 400, "invalid_path", NULL);
}

static void test_unknown_query_parameters_and_bad_paging_are_422(void **state)
{
	(void)state;
	expect("GET", "/api/v1/cases?colour=blue", NULL, NULL, 422, "unknown_parameter", "colour");
	expect("GET", "/api/v1/cases?limit=0", NULL, NULL, 422, "invalid_parameter", "limit");
	expect("GET", "/api/v1/cases?limit=100000", NULL, NULL, 422, "invalid_parameter", "limit");
	expect("GET", "/api/v1/cases?cursor=abc", NULL, NULL, 422, "invalid_parameter", "cursor");
	expect("GET", "/api/v1/audit?case=abc", NULL, NULL, 422, "invalid_parameter", "case");
}

static void test_unknown_routes_and_methods_answer_in_the_error_shape(void **state)
{
	(void)state;
	expect("GET", "/api/v1/nothing-here", NULL, NULL, 404, "not_found", NULL);
	expect("PUT", case_path(), "{}", NULL, 405, "method_not_allowed", NULL);
	expect("GET", "/api/v1/cases/0", NULL, NULL, 404, "not_found", NULL);
	expect("GET", "/api/v1/cases/999999", NULL, NULL, 404, "not_found", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_malformed_json_is_400_invalid_json),
		cmocka_unit_test(test_a_2_mib_body_is_413),
		cmocka_unit_test(test_invalid_utf8_is_400),
		cmocka_unit_test(test_unknown_fields_are_422_naming_the_field),
		cmocka_unit_test(test_wrong_types_are_422_naming_the_field),
		cmocka_unit_test(test_references_to_nothing_are_422),
		cmocka_unit_test(test_wrong_content_type_is_415_and_empty_body_is_400),
		cmocka_unit_test(test_sql_metacharacters_in_every_string_field_are_stored_verbatim),
		cmocka_unit_test(test_dotdot_paths_for_static_files_are_refused),
		cmocka_unit_test(test_unknown_query_parameters_and_bad_paging_are_422),
		cmocka_unit_test(test_unknown_routes_and_methods_answer_in_the_error_shape),
	};
	return cmocka_run_group_tests_name("bad_input", tests, setup, teardown);
}
