/* search_words.c - splitting a searcher's text into bare, folded words, and
 * the plural forms of a word, for the directory's search (search_text.c)
 * and the taxonomy's terms, which are split the same way. */
#include "search_words.h"

#include <string.h>

#include "../lib/text.h"

/* The code point of the UTF-8 sequence at p and its length in *len. */
static unsigned decode(const unsigned char *p, size_t *len)
{
	if (p[0] < 0x80)
		return *len = 1, p[0];
	if ((p[0] & 0xE0) == 0xC0)
		return *len = 2, (unsigned)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
	if ((p[0] & 0xF0) == 0xE0)
		return *len = 3, (unsigned)(p[0] & 0x0F) << 12 | (unsigned)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
	return *len = 4, (unsigned)(p[0] & 0x07) << 18 | (unsigned)(p[1] & 0x3F) << 12 | (unsigned)(p[2] & 0x3F) << 6 |
			 (p[3] & 0x3F);
}

static bool separates(unsigned c)
{
	if (c < 0x80)
		return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
	return (c >= 0x80 && c <= 0xBF) || c == 0xD7 || c == 0xF7 || (c >= 0x2000 && c <= 0x2BFF) ||
	       (c >= 0x2E00 && c <= 0x2E7F) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF20) ||
	       c == 0x060C || c == 0x061B || c == 0x061F || (c >= 0x066A && c <= 0x066D) || c == 0x06D4 ||
	       c == 0xFEFF;
}

/* Arabic short vowels, shadda, sukun and the tatweel: typed or not, the
 * word is the same. */
static bool dropped(unsigned c)
{
	return (c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640;
}

/* The Arabic article, ال: a word with it and without it is the same word
 * ("الأسرة", "أسرة"), so a word keeps two letters or more without it. */
static const char article[] = "\xd8\xa7\xd9\x84";
enum { ARTICLE_LEN = sizeof article - 1, ARABIC_LETTER = 2 };

static bool arabic(const char *w)
{
	unsigned char c = (unsigned char)w[0];
	return c >= 0xD8 && c <= 0xDB;
}

static const char *without_article(const char *w, size_t len)
{
	return len >= ARTICLE_LEN + 2 * ARABIC_LETTER && !memcmp(w, article, ARTICLE_LEN) && arabic(w + ARTICLE_LEN)
		? w + ARTICLE_LEN : w;
}

int search_words_split(struct arena *a, const char *text, const char **out, size_t max)
{
	size_t len = strlen(text), n = 0, w = 0;
	char *folded = arena_alloc(a, len + 1), *word = arena_alloc(a, len + 1);

	if (!folded || !word)
		return -1;
	text_fold(text, folded);
	for (const unsigned char *p = (const unsigned char *)folded;; ) {
		size_t k = 1;
		unsigned c = *p ? decode(p, &k) : 0;

		if (!c || separates(c)) {
			if (w && n < max) {
				word[w] = 0;
				if (!(out[n++] = arena_strdup(a, without_article(word, w))))
					return -1;
			}
			w = 0;
			if (!c)
				break;
		} else if (!dropped(c) && w + k <= SEARCH_WORD_MAX) {
			memcpy(word + w, p, k);
			w += k;
		}
		p += k;
	}
	return (int)n;
}

static bool letters(const char *w)
{
	for (; *w; w++)
		if (*w < 'a' || *w > 'z')
			return false;
	return true;
}

static bool ends(const char *w, size_t n, const char *suffix)
{
	size_t m = strlen(suffix);
	return n > m && !strcmp(w + n - m, suffix);
}

int search_words_variants(struct arena *a, const char *word, const char **out)
{
	size_t n = strlen(word), k = 0;
	char stem[SEARCH_WORD_MAX + 8];
	/* Forms as (length of the word kept, suffix added). */
	struct form { size_t keep; const char *add; } forms[SEARCH_VARIANTS_MAX];
	size_t f = 0;

	out[k++] = word;
	if (arabic(word) && n >= 2 * ARABIC_LETTER && n + ARTICLE_LEN <= SEARCH_WORD_MAX) {
		/* a text in the index keeps its articles */
		memcpy(stem, article, ARTICLE_LEN);
		strcpy(stem + ARTICLE_LEN, word);
		return (out[k++] = arena_strdup(a, stem)) ? (int)k : -1;
	}
	if (n < 3 || n > SEARCH_WORD_MAX || !letters(word))
		return (int)k;
	if (ends(word, n, "ies"))
		forms[f++] = (struct form){ n - 3, "y" };
	else if (ends(word, n, "aux"))
		forms[f++] = (struct form){ n - 3, "al" };
	else if (ends(word, n, "es"))
		forms[f++] = (struct form){ n - 2, "" }, forms[f++] = (struct form){ n - 1, "" };
	else if (ends(word, n, "ss"))
		forms[f++] = (struct form){ n, "es" };
	else if (ends(word, n, "s"))
		forms[f++] = (struct form){ n - 1, "" }, forms[f++] = (struct form){ n, "es" };
	else if (ends(word, n, "x"))
		forms[f++] = (struct form){ n - 1, "" };
	else {
		forms[f++] = (struct form){ n, "s" };
		if (ends(word, n, "y"))
			forms[f++] = (struct form){ n - 1, "ies" };
		else if (ends(word, n, "al"))
			forms[f++] = (struct form){ n - 2, "aux" };
		else if (ends(word, n, "ch") || ends(word, n, "sh"))
			forms[f++] = (struct form){ n, "es" };
		else if (ends(word, n, "eu") || ends(word, n, "au"))
			forms[f++] = (struct form){ n, "x" };
	}
	for (size_t i = 0; i < f; i++) {
		memcpy(stem, word, forms[i].keep);
		strcpy(stem + forms[i].keep, forms[i].add);
		if (!(out[k++] = arena_strdup(a, stem)))
			return -1;
	}
	return (int)k;
}

bool search_words_same(const char *u, const char *t)
{
	size_t n = strlen(u), m = strlen(t);

	if (!strcmp(u, t))
		return true;
	/* u is t with a plural ending */
	if (n > m && !strncmp(u, t, m))
		return !strcmp(u + m, "s") || !strcmp(u + m, "x") || !strcmp(u + m, "es");
	if (n >= 3 && m >= 2 && ends(u, n, "ies") && ends(t, m, "y"))
		return n - 3 == m - 1 && !strncmp(u, t, m - 1);
	if (n >= 3 && m >= 2 && ends(u, n, "aux") && ends(t, m, "al"))
		return n - 3 == m - 2 && !strncmp(u, t, m - 2);
	return false;
}
