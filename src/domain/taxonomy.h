/* taxonomy.h - the categories of the directory (data/taxonomy.json,
 * embedded at build): each a code, a label and the terms people search it
 * by, in English, French and Arabic. Read once, on first use, and kept for
 * the life of the process. */
#ifndef TANDEM_TAXONOMY_H
#define TANDEM_TAXONOMY_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/err.h"

enum { TAXONOMY_TERM_WORDS = 6 };

/* Reads and checks the taxonomy: 0, or TANDEM_EIO with what is wrong
 * (a code twice, a label or terms missing in a language, a term of two
 * categories). Every other function reads it through this one. */
int taxonomy_load(struct tandem_err *e);
/* The i-th category's code, in the file's order; NULL past the last. */
const char *taxonomy_code(size_t i);
bool taxonomy_known(const char *code);
/* The label of a known code in lang (en, fr, ar; else English). */
const char *taxonomy_label(const char *code, const char *lang);
/* The longest term that words (folded, see search_words_split) begin with,
 * a word of the text matching a term's word or its plural: how many words
 * it takes (0: none), and its category in *code. */
size_t taxonomy_match(const char *const *words, size_t n, const char **code);

#endif
