/* languages.h - the English names of the languages newcomers and workers
 * speak, by ISO 639 code, for sentences a manager reads. */
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
int languages_list_check(const char *list, const char *field, struct arena *a, struct tandem_err *e);

#endif
