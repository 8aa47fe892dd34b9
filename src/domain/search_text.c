/* search_text.c - a searcher's text as categories, a language and bare
 * words (search_text.h): the longest taxonomy term first at each word, then
 * a language, then the word itself unless too common to search by. */
#include "search_text.h"

#include <string.h>

#include "../lib/text.h"
#include "languages.h"
#include "search_words.h"
#include "taxonomy.h"

/* Words that say nothing of a service, in English, French and Arabic. */
static const char *const common[] = {
	"a", "an", "the", "of", "for", "and", "or", "in", "on", "to", "with", "at", "by", "i", "me", "my", "is",
	"de", "la", "le", "les", "des", "du", "d", "l", "et", "ou", "pour", "au", "aux", "en", "un", "une", "dans",
	"sur", "avec", "qui", "parle", "parlant", "speak", "speaks", "speaking", "who",
	"في", "من", "على", "و", "عن", "الى", "إلى", "يتكلم", "يتحدث", NULL
};

static int nomem(struct tandem_err *e)
{
	return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
}

static void add_category(struct search_text *out, const char *code)
{
	for (size_t i = 0; i < out->n_categories; i++)
		if (!strcmp(out->categories[i], code))
			return;
	if (out->n_categories < SEARCH_CATEGORIES_MAX)
		out->categories[out->n_categories++] = code;
}

/* The word and its forms, each once in out->words (room for all). */
static int add_word(struct search_text *out, struct arena *a, const char *word, struct tandem_err *e)
{
	const char *forms[SEARCH_VARIANTS_MAX + 1];
	int n = search_words_variants(a, word, forms);

	if (n < 0)
		return nomem(e);
	for (int i = 0; i < n; i++) {
		bool seen = false;
		for (size_t k = 0; k < out->n_words && !seen; k++)
			seen = !strcmp(out->words[k], forms[i]);
		if (!seen)
			out->words[out->n_words++] = forms[i];
	}
	return 0;
}

const char *search_text_language(struct arena *a, const char *word)
{
	const char *forms[SEARCH_VARIANTS_MAX + 1], *lang = NULL;
	int n = search_words_variants(a, word, forms);

	for (int i = 0; !lang && i < n; i++)
		lang = languages_recognise(forms[i]);
	return lang;
}

int search_text_parse(const char *q, struct arena *a, struct search_text *out, struct tandem_err *e)
{
	const char *words[SEARCH_WORDS_MAX];
	int n;
	int rc = taxonomy_load(e);

	*out = (struct search_text){ 0 };
	if (rc)
		return rc;
	n = search_words_split(a, q ? q : "", words, SEARCH_WORDS_MAX);
	out->words = arena_alloc(a, (SEARCH_WORDS_MAX * (SEARCH_VARIANTS_MAX + 1) + 1) * sizeof *out->words);
	if (n < 0 || !out->words)
		return nomem(e);
	for (size_t i = 0; i < (size_t)n; ) {
		const char *code = NULL, *lang;
		size_t took = taxonomy_match(words + i, (size_t)n - i, &code);

		if (took) {
			add_category(out, code);
			i += took;
			continue;
		}
		if ((lang = search_text_language(a, words[i]))) {
			if (!out->language)
				out->language = lang;
		} else if (text_lookup(common, words[i]) < 0 && (rc = add_word(out, a, words[i], e))) {
			return rc;
		}
		i++;
	}
	return 0;
}
