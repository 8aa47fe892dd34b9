/* test_fields.c - every case field has a data class, and values are checked
 * by their kind before they reach the store. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/domain/actor.h"
#include "../../src/domain/case_fields.h"

static const struct field_def *f(const char *name)
{
	const struct field_def *d = field_find(case_fields, case_fields_count, name);
	assert_non_null(d);
	return d;
}

static void test_health_and_notes_fields_carry_their_classes(void **state)
{
	(void)state;
	assert_int_equal(f("health_notes")->cls, POLICY_HEALTH);
	assert_int_equal(f("worker_notes")->cls, POLICY_NOTES);
	assert_int_equal(f("contact_phone")->cls, POLICY_CONTACT);
	assert_int_equal(f("family_name")->cls, POLICY_IDENTITY);
	assert_int_equal(f("high_needs")->cls, POLICY_NEEDS);
	for (size_t i = 0; i < case_fields_count; i++)
		assert_true(case_fields[i].cls < POLICY_CLASS__MAX);
}

static void test_values_are_checked_by_kind(void **state)
{
	struct tandem_err e;
	char longname[200];

	(void)state;
	assert_int_equal(field_check_text(f("family_name"), "O'Brien; DROP TABLE cases", &e), 0);
	assert_int_equal(field_check_text(f("family_name"), "   ", &e), TANDEM_EINVAL);
	assert_string_equal(e.field, "family_name");
	assert_int_equal(field_check_text(f("family_name"), "a\x01" "b", &e), TANDEM_EINVAL);
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	assert_int_equal(field_check_text(f("family_name"), longname, &e), TANDEM_EINVAL);
	assert_int_equal(field_check_text(f("stream"), "PSR", &e), 0);
	assert_int_equal(field_check_text(f("stream"), "psr", &e), TANDEM_EINVAL);
	assert_int_equal(field_check_text(f("preferred_language"), "prs", &e), 0);
	assert_int_equal(field_check_text(f("preferred_language"), "Arabic", &e), TANDEM_EINVAL);
	assert_int_equal(field_check_text(f("expected_arrival"), "2026-02-30", &e), TANDEM_EINVAL);
	assert_int_equal(field_check_text(f("contact_phone"), "+1 226 555 0100", &e), 0);
	assert_int_equal(field_check_text(f("contact_phone"), "call me", &e), TANDEM_EINVAL);
	assert_int_equal(field_check_text(f("contact_email"), "a@b.example", &e), 0);
	assert_int_equal(field_check_text(f("contact_email"), "nope", &e), TANDEM_EINVAL);
}

static void test_only_certain_adults_count_as_adults(void **state)
{
	int64_t t2026 = 1795421859;

	(void)state;
	assert_true(actor_is_adult(2007, t2026));
	assert_false(actor_is_adult(2008, t2026));
	assert_false(actor_is_adult(2015, t2026));
	assert_false(actor_is_adult(0, t2026));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_health_and_notes_fields_carry_their_classes),
		cmocka_unit_test(test_values_are_checked_by_kind),
		cmocka_unit_test(test_only_certain_adults_count_as_adults),
	};
	return cmocka_run_group_tests_name("fields", tests, NULL, NULL);
}
