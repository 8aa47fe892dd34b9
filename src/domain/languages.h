/* languages.h - the English names of the languages newcomers and workers
 * speak, by ISO 639 code, for sentences a manager reads; and the names in
 * English, French and Arabic and the codes a searcher may type. */
#ifndef TANDEM_LANGUAGES_H
#define TANDEM_LANGUAGES_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/arena.h"
#include "../lib/err.h"

/* The language's English name, or the code itself when it is not known. */
const char *languages_name(const char *code);
/* The i-th code of the list, in its order; NULL past the last. */
const char *languages_code(size_t i);
bool languages_known(const char *code);
/* Checks a comma-separated list of the codes someone speaks: each known,
 * none twice ("" is a list of none); TANDEM_EINVAL naming field otherwise.
 * a holds scratch copies. */
/* The code of the language a folded word names (see search_words_split):
 * "arabic", "arabe", "عربي", "ar", "ara" all name ar; NULL when it names
 * none. Two-letter codes that are also common words ("en", "so", "my")
 * are not taken for languages. */
const char *languages_recognise(const char *word);
int languages_list_check(const char *list, const char *field, struct arena *a, struct tandem_err *e);

#endif
