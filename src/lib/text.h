/* text.h - small string checks and conversions used across layers. */
#ifndef TANDEM_TEXT_H
#define TANDEM_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when p[0..n) is well-formed UTF-8 (no overlongs, no surrogates). */
bool text_utf8_valid(const char *p, size_t n);
/* The characters of well-formed UTF-8 s: its bytes but continuation bytes. */
size_t text_utf8_chars(const char *s);
/* Cuts s back to its longest beginning that is valid UTF-8: a message
 * that quotes input by a count of bytes may end mid-character. */
void text_utf8_trim(char *s);
/* Parses a whole decimal id in 1..INT64_MAX; false on anything else. */
bool text_parse_id(const char *s, int64_t *out);
/* Parses a whole decimal integer in [min, max]. */
bool text_parse_int(const char *s, long min, long max, long *out);
/* Index of s in the NULL-terminated list, or -1. */
int text_lookup(const char *const *list, const char *s);
/* Whether s holds nothing but spaces: ASCII's, line breaks, and the
 * no-break, ideographic and typographic spaces a pasted text may carry. */
bool text_blank(const char *s);
/* A plausible e-mail address: one @, no spaces, a dot in the domain. */
bool text_email_valid(const char *s);
/* Lower-cases ASCII letters in place. */
void text_ascii_lower(char *s);

/* What searches fold, so that "eleonore" finds "Éléonore": each character of
 * TEXT_FOLD_FROM becomes the one at the same place in TEXT_FOLD_TO (capitals
 * and the accented letters of Latin-1, Latin Extended-A and Romanian). The
 * PostgreSQL store folds with translate() over these two strings and the
 * SQLite store with text_fold, so that both find the same rows. */
#define TEXT_FOLD_FROM "ABCDEFGHIJKLMNOPQRSTUVWXYZ" \
	"ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝàáâãäåçèéêëìíîïðñòóôõöøùúûüýÿ" \
	"ĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİıĴĵĶķĹĺĻļĽľĿŀŁł" \
	"ŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžȘșȚț"
#define TEXT_FOLD_TO "abcdefghijklmnopqrstuvwxyz" \
	"aaaaaaceeeeiiiidnoooooouuuuyaaaaaaceeeeiiiidnoooooouuuuyy" \
	"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiijjkkllllllllll" \
	"nnnnnnoooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzsstt"
/* Copies s, folded, into out, which has room for strlen(s) + 1 bytes: folding
 * never lengthens a text. Other characters are copied as they are. */
void text_fold(const char *s, char *out);

/* The items of a comma-separated list (classes, codes): the next one at *p,
 * its length in *n, *p moved past it and its comma; NULL once none is left. */
const char *text_list_next(const char **p, size_t *n);
/* Whether list holds the n bytes at item as an item, looking only before
 * end when end is not NULL (an item repeated from earlier in the list). */
bool text_list_has(const char *list, const char *end, const char *item, size_t n);

#endif
