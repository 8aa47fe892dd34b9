/* partnership_terms.h - the clauses and joint activities of an SPO-SAH
 * agreement: the template they start from (data/partnership-template.json,
 * in English, French and Arabic), checking the ones a draft gives, and
 * reading them in the reader's language. */
#ifndef TANDEM_PARTNERSHIP_TERMS_H
#define TANDEM_PARTNERSHIP_TERMS_H

#include <stdbool.h>

#include "../lib/arena.h"
#include "../lib/err.h"
#include "../store/store.h"

enum { PARTNERSHIP_TERMS_MAX = 40, PARTNERSHIP_TERM_TEXT_MAX = 4000 /* bytes */ };

/* The template's clauses (clauses true) or activities, as terms by key;
 * rows live in a. */
int partnership_terms_template(bool clauses, struct arena *a, struct partnership_term **out, size_t *n);
/* 0, or 422 invalid_field naming field: each term is a key of the template
 * or the parties' own text (not blank, without control characters, at most
 * PARTNERSHIP_TERM_TEXT_MAX bytes: 1,000 characters in any script), a
 * clause with its party (spo, sah, both; a template clause takes the
 * template's); at least one clause, at most PARTNERSHIP_TERMS_MAX. Fills the template's party in. */
int partnership_terms_check(bool clauses, struct partnership_term *t, size_t n, const char *field,
			    struct tandem_err *e);
/* A term's words in lang (en, fr, ar; English where the template lacks
 * it): the template's for a key, else the parties' own. */
const char *partnership_term_text(bool clause, const struct partnership_term *t, const char *lang);

#endif
