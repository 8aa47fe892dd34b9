/* test_taxonomy.c - data/taxonomy.json is well formed (codes once, a label
 * and terms in English, French and Arabic, no term of two categories), and
 * what the search makes of a searcher's text: terms in any of the three
 * languages, accents and case aside, become one category; language names
 * and codes a language; the rest bare words with their plurals, whatever
 * full-text syntax they held. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/domain/languages.h"
#include "../../src/domain/search_text.h"
#include "../../src/domain/search_words.h"
#include "../../src/domain/taxonomy.h"

static struct arena *a;

static int setup(void **state)
{
	(void)state;
	return (a = arena_new()) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(a);
	return 0;
}

static void test_the_taxonomy_loads_with_labels_in_three_languages(void **state)
{
	struct tandem_err e = {0};
	size_t n = 0;

	(void)state;
	assert_int_equal(taxonomy_load(&e), 0);
	while (taxonomy_code(n))
		n++;
	assert_in_range(n, 25, 40);
	for (size_t i = 0; i < n; i++)
		for (int l = 0; l < 3; l++) {
			const char *label = taxonomy_label(taxonomy_code(i), (const char *[]){ "en", "fr", "ar" }[l]);
			assert_non_null(label);
			assert_true(strlen(label) > 2);
		}
	assert_true(taxonomy_known("health.primary_care"));
	assert_false(taxonomy_known("health"));
	assert_false(taxonomy_known(NULL));
}

static struct search_text parse(const char *q)
{
	struct search_text t;
	struct tandem_err e = {0};

	assert_int_equal(search_text_parse(q, a, &t, &e), 0);
	return t;
}

static bool has_word(const struct search_text *t, const char *w)
{
	for (size_t i = 0; i < t->n_words; i++)
		if (!strcmp(t->words[i], w))
			return true;
	return false;
}

static void expect_doctor(const char *q, const char *language)
{
	struct search_text t = parse(q);

	assert_int_equal(t.n_categories, 1);
	assert_string_equal(t.categories[0], "health.primary_care");
	if (language)
		assert_string_equal(t.language, language);
	else
		assert_null(t.language);
	assert_int_equal(t.n_words, 0);
}

static void test_a_family_doctor_in_three_languages_is_one_category(void **state)
{
	(void)state;
	expect_doctor("médecin de famille arabe", "ar");
	expect_doctor("MEDECIN DE FAMILLE ARABE", "ar");
	expect_doctor("Arabic family doctor", "ar");
	expect_doctor("family doctors who speak ara", "ar");
	expect_doctor("GP", NULL);
	expect_doctor("gp", NULL);
	expect_doctor("طبيب الأسرة عربي", "ar");
	expect_doctor("طَبِيب الأسرة", NULL);
	/* with or without the article, the same words */
	expect_doctor("طبيب أسرة يتحدث الفرنسية", "fr");
	expect_doctor("الطبيب العام", NULL);
	expect_doctor("un médecin qui parle français", "fr");
}

static void test_language_names_and_codes_name_one_language(void **state)
{
	static const char *const ar[] = { "arabe", "arabic", "عربي", "العربية", "ar", "ara" };

	(void)state;
	for (size_t i = 0; i < sizeof ar / sizeof *ar; i++)
		assert_string_equal(languages_recognise(ar[i]), "ar");
	assert_string_equal(languages_recognise("dari"), "prs");
	assert_string_equal(languages_recognise("francais"), "fr");
	/* common words are not languages */
	assert_null(languages_recognise("en"));
	assert_null(languages_recognise("so"));
	assert_null(languages_recognise("my"));
}

static void test_full_text_syntax_is_only_text(void **state)
{
	struct search_text t = parse("\"clinic* NEAR(a b) -x AND ((x ' ^y : z OR NOT");

	(void)state;
	for (size_t i = 0; i < t.n_words; i++)
		assert_int_equal(strcspn(t.words[i], "\"*()-'^:{}[]+"), strlen(t.words[i]));
	assert_true(has_word(&t, "clinic"));
	assert_true(has_word(&t, "near"));
	assert_true(has_word(&t, "not"));
	assert_false(has_word(&t, "and"));
	t = parse("\"\"\"  ((( *** ^^^ ::: '''");
	assert_int_equal(t.n_words, 0);
	assert_int_equal(t.n_categories, 0);
}

/* The article goes, unless too little would be left: "الى" stays. */
static void test_the_arabic_article_is_split_off(void **state)
{
	const char *w[4];

	(void)state;
	assert_int_equal(search_words_split(a, "الأسنان الى المدرسة", w, 4), 3);
	assert_string_equal(w[0], "أسنان");
	assert_string_equal(w[1], "الى");
	assert_string_equal(w[2], "مدرسة");
	assert_int_equal(search_words_split(a, "ال الم", w, 4), 2);
	assert_string_equal(w[0], "ال");
	assert_string_equal(w[1], "الم");
}

/* A class of language said as Arabic speakers say it. */
static void test_language_classes_in_arabic(void **state)
{
	static const char *const said[] = { "دورات اللغة", "دورة لغة", "تعلم اللغة", "دروس إنجليزي" };

	(void)state;
	for (size_t i = 0; i < sizeof said / sizeof *said; i++) {
		struct search_text t = parse(said[i]);
		assert_int_equal(t.n_categories, 1);
		assert_string_equal(t.categories[0], "language.classes");
	}
}

static void test_plurals_in_english_and_french(void **state)
{
	const char *v[SEARCH_VARIANTS_MAX + 1];
	struct search_text t = parse("Clinics hôpitaux pharmacy");

	(void)state;
	assert_true(has_word(&t, "clinic") && has_word(&t, "clinics"));
	assert_true(has_word(&t, "hopital") && has_word(&t, "hopitaux"));
	assert_true(has_word(&t, "pharmacy") && has_word(&t, "pharmacies"));
	assert_int_equal(search_words_variants(a, "bus", v), 3);   /* bus, bu, buses */
	assert_int_equal(search_words_variants(a, "طبيب", v), 2);   /* طبيب, الطبيب */
	assert_string_equal(v[1], "الطبيب");
	assert_int_equal(search_words_variants(a, "سن", v), 2);
	assert_int_equal(search_words_variants(a, "ب", v), 1);
	assert_true(search_words_same("doctors", "doctor"));
	assert_true(search_words_same("families", "family"));
	assert_false(search_words_same("doctor", "doctors"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_taxonomy_loads_with_labels_in_three_languages),
		cmocka_unit_test(test_a_family_doctor_in_three_languages_is_one_category),
		cmocka_unit_test(test_language_names_and_codes_name_one_language),
		cmocka_unit_test(test_the_arabic_article_is_split_off),
		cmocka_unit_test(test_language_classes_in_arabic),
		cmocka_unit_test(test_full_text_syntax_is_only_text),
		cmocka_unit_test(test_plurals_in_english_and_french),
	};
	return cmocka_run_group_tests_name("taxonomy", tests, setup, teardown);
}
