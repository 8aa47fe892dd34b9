/* languages.h - the English names of the languages newcomers and workers
 * speak, by ISO 639 code, for sentences a manager reads. */
#ifndef TANDEM_LANGUAGES_H
#define TANDEM_LANGUAGES_H

/* The language's English name, or the code itself when it is not known. */
const char *languages_name(const char *code);

#endif
