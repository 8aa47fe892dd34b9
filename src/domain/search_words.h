/* search_words.h - what the directory's search makes of a text: bare words,
 * folded the way both stores' indexes fold (case and Latin accents), and the
 * singular and plural forms of a word in English and French. */
#ifndef TANDEM_SEARCH_WORDS_H
#define TANDEM_SEARCH_WORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/arena.h"

enum { SEARCH_WORD_MAX = 64, SEARCH_VARIANTS_MAX = 6 };

/* Splits text (valid UTF-8) into at most max folded words, copied into a:
 * ASCII and Unicode punctuation and spaces separate words, so no character
 * that a full-text engine reads as syntax (" * - ( ) ^ : ') survives; Arabic
 * vowel marks and the tatweel are dropped, and the Arabic article (ال) at a
 * word's start when two letters or more are left. A word longer than
 * SEARCH_WORD_MAX bytes is cut. Returns how many; -1 when a runs out. */
int search_words_split(struct arena *a, const char *text, const char **out, size_t max);
/* The word and its other forms, singular and plural, in English (-s, -es,
 * -ies) and French (-s, -x, -aux), or an Arabic word with its article, as
 * indexed texts have it, into out (the word first); other words, or shorter
 * than three letters (two in Arabic), have none. Returns how
 * many; -1 when a runs out. */
int search_words_variants(struct arena *a, const char *word, const char **out);
/* Whether the user's word u is the term's word t, or a plural of it. */
bool search_words_same(const char *u, const char *t);

#endif
