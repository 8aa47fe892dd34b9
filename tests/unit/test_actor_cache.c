/* test_actor_cache.c - the actors kept by credential: found again only at
 * the same epoch, on the same day and for the same user; copied whole, so
 * that neither the request's arena nor the cache shares the other's memory;
 * and without the password's hash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/domain/actor_cache.h"

enum { DAY = 86400, NOW = 20000 * DAY + 3600 };

static const char KEY[] = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

static void actor_of(struct actor *ac, int64_t *orgs, int64_t *adults, int *years)
{
	*ac = (struct actor){ .user = { .id = 7, .email = "a@b.example", .name = "A B", .role = "sponsor",
					.pwhash = "$argon2id$secret", .language = "fr", .languages = "fr,ar" },
			      .role = ROLE_SPONSOR };
	ac->facts.org_ids = orgs, ac->facts.n_org_ids = 2;
	ac->facts.person_case_ids = adults, ac->facts.person_birth_years = years, ac->facts.n_persons = 1;
	ac->policy = (struct policy_actor){ .user_id = 7, .role = ROLE_SPONSOR, .org_ids = orgs, .n_org_ids = 2,
					    .adult_case_ids = adults, .n_adult_case_ids = 1 };
	clock_date_format(NOW / DAY, ac->today);
}

static void test_found_at_the_same_epoch_day_and_user_only(void **state)
{
	struct actor_cache *c = actor_cache_new(16);
	struct arena *a = arena_new();
	int64_t orgs[] = { 3, 4 }, adults[] = { 11 };
	int years[] = { 1980 };
	struct actor ac, out;

	(void)state;
	actor_of(&ac, orgs, adults, years);
	assert_false(actor_cache_get(c, KEY, 5, 0, NOW, a, &out));
	actor_cache_put(c, KEY, 5, &ac);
	assert_true(actor_cache_get(c, KEY, 5, 0, NOW, a, &out));
	assert_true(actor_cache_get(c, KEY, 5, 7, NOW + 60, a, &out));
	assert_false(actor_cache_get(c, KEY, 6, 0, NOW, a, &out));
	assert_false(actor_cache_get(c, KEY, 5, 8, NOW, a, &out));
	assert_false(actor_cache_get(c, KEY, 5, 0, NOW + DAY, a, &out));
	assert_false(actor_cache_get(c, "0f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", 5, 0, NOW,
				     a, &out));
	assert_false(actor_cache_get(NULL, KEY, 5, 0, NOW, a, &out));
	arena_free(a);
	actor_cache_free(c);
}

static void test_copied_whole_both_ways_without_the_password(void **state)
{
	struct actor_cache *c = actor_cache_new(16);
	struct arena *a = arena_new();
	int64_t orgs[] = { 3, 4 }, adults[] = { 11 };
	int years[] = { 1980 };
	struct actor ac, out;

	(void)state;
	actor_of(&ac, orgs, adults, years);
	actor_cache_put(c, KEY, 5, &ac);
	orgs[0] = 99, adults[0] = 98, years[0] = 1;
	assert_true(actor_cache_get(c, KEY, 5, 0, NOW, a, &out));
	assert_ptr_not_equal(out.facts.org_ids, orgs);
	assert_int_equal(out.facts.org_ids[0], 3);
	assert_int_equal(out.facts.org_ids[1], 4);
	assert_int_equal(out.policy.org_ids[1], 4);
	assert_int_equal(out.policy.adult_case_ids[0], 11);
	assert_int_equal(out.facts.person_case_ids[0], 11);
	assert_int_equal(out.facts.person_birth_years[0], 1980);
	assert_int_equal(out.policy.n_adult_case_ids, 1);
	assert_null(out.facts.group_ids);
	assert_string_equal(out.user.email, "a@b.example");
	assert_string_equal(out.user.languages, "fr,ar");
	assert_null(out.user.pwhash);
	assert_int_equal(out.role, ROLE_SPONSOR);
	/* What a request does to its copy stays in its arena. */
	out.facts.org_ids[0] = 77;
	assert_true(actor_cache_get(c, KEY, 5, 0, NOW, a, &out));
	assert_int_equal(out.facts.org_ids[0], 3);
	arena_free(a);
	actor_cache_free(c);
}

static void test_the_newest_takes_the_slot_and_none_are_kept_without_slots(void **state)
{
	struct actor_cache *c = actor_cache_new(1), *none = actor_cache_new(0);
	struct arena *a = arena_new();
	int64_t orgs[] = { 3, 4 }, adults[] = { 11 };
	int years[] = { 1980 };
	struct actor ac, out;
	const char *other = "1f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

	(void)state;
	actor_of(&ac, orgs, adults, years);
	actor_cache_put(c, KEY, 5, &ac);
	actor_cache_put(c, other, 5, &ac);
	assert_false(actor_cache_get(c, KEY, 5, 0, NOW, a, &out));
	assert_true(actor_cache_get(c, other, 5, 0, NOW, a, &out));
	actor_cache_put(none, KEY, 5, &ac);
	assert_false(actor_cache_get(none, KEY, 5, 0, NOW, a, &out));
	arena_free(a);
	actor_cache_free(c);
	actor_cache_free(none);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_found_at_the_same_epoch_day_and_user_only),
		cmocka_unit_test(test_copied_whole_both_ways_without_the_password),
		cmocka_unit_test(test_the_newest_takes_the_slot_and_none_are_kept_without_slots),
	};

	return cmocka_run_group_tests_name("actor_cache", tests, NULL, NULL);
}
