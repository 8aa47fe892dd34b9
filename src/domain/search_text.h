/* search_text.h - what the directory's search understands in a searcher's
 * text, before any store sees it: the taxonomy's terms become categories,
 * a language's name or code becomes a language, and the rest bare words
 * with their plural forms, which no full-text engine can read as syntax. */
#ifndef TANDEM_SEARCH_TEXT_H
#define TANDEM_SEARCH_TEXT_H

#include <stddef.h>

#include "../lib/arena.h"
#include "../lib/err.h"

enum { SEARCH_TEXT_MAX = 500, SEARCH_WORDS_MAX = 24, SEARCH_CATEGORIES_MAX = 8 };

struct search_text {
	const char *categories[SEARCH_CATEGORIES_MAX];   /* recognised, each once */
	size_t n_categories;
	const char *language;     /* the first language named; NULL: none */
	const char **words;       /* the other words and their forms, each once */
	size_t n_words;
};

/* Reads q (valid UTF-8, at most SEARCH_TEXT_MAX bytes; NULL is empty) into
 * out, in a. Words beyond SEARCH_WORDS_MAX are ignored, as are a few words
 * too common to search by ("de", "the", "pour"). Never fails on what q
 * holds: only when memory runs out or the taxonomy cannot be read. */
int search_text_parse(const char *q, struct arena *a, struct search_text *out, struct tandem_err *e);
/* The language a folded word (search_words_split) or one of its forms
 * names ("فرنسية" as "الفرنسية"); NULL: none. */
const char *search_text_language(struct arena *a, const char *word);

#endif
