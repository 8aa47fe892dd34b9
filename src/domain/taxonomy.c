/* taxonomy.c - the directory's categories, read from the JSON embedded at
 * build into tables that recognise their terms in a searcher's words. */
#include "taxonomy.h"

#include <jansson.h>
#include <pthread.h>
#include <string.h>

#include "search_words.h"

extern const char taxonomy_json[];   /* data/taxonomy.json, embedded at build */

enum { TAXONOMY_CODES_MAX = 64, TAXONOMY_TERMS_MAX = 1024 };

struct term {
	const char *code;
	const char *words[TAXONOMY_TERM_WORDS];
	size_t n;
};

static const char *const langs[] = { "en", "fr", "ar" };

/* Built once by load(); read by every thread after. */
static struct {
	json_t *doc;
	struct arena *a;
	const char *codes[TAXONOMY_CODES_MAX];
	json_t *labels[TAXONOMY_CODES_MAX];
	size_t n_codes;
	struct term terms[TAXONOMY_TERMS_MAX];
	size_t n_terms;
	struct tandem_err err;
	int rc;
} tax;
static pthread_once_t tax_once = PTHREAD_ONCE_INIT;

#define bad(...) (tax.rc = tandem_fail(&tax.err, TANDEM_EIO, "invalid_taxonomy", __VA_ARGS__))

static bool code_ok(const char *c)
{
	return c && *c && strspn(c, "abcdefghijklmnopqrstuvwxyz_.") == strlen(c);
}

/* A term of code: its words, refused when it has none, too many, or is
 * already a term of another category. */
static int add_term(const char *code, const char *text)
{
	struct term *t = &tax.terms[tax.n_terms];
	const char *words[TAXONOMY_TERM_WORDS + 1];
	int n = search_words_split(tax.a, text, words, TAXONOMY_TERM_WORDS + 1);

	if (n < 0)
		return tax.rc = tandem_fail(&tax.err, TANDEM_ENOMEM, NULL, "Out of memory.");
	if (n == 0 || n > TAXONOMY_TERM_WORDS || tax.n_terms == TAXONOMY_TERMS_MAX)
		return bad("The term \"%s\" has no words, too many, or there are too many terms.", text);
	for (size_t i = 0; i < tax.n_terms; i++) {
		bool same = tax.terms[i].n == (size_t)n;
		for (int k = 0; same && k < n; k++)
			same = !strcmp(tax.terms[i].words[k], words[k]);
		if (same && strcmp(tax.terms[i].code, code))
			return bad("The term \"%s\" belongs to two categories.", text);
	}
	t->code = code;
	t->n = (size_t)n;
	memcpy(t->words, words, (size_t)n * sizeof *words);
	tax.n_terms++;
	return 0;
}

static int add_category(json_t *c)
{
	const char *code = json_string_value(json_object_get(c, "code"));
	json_t *label = json_object_get(c, "label"), *terms = json_object_get(c, "terms"), *t;
	size_t i;

	if (!code_ok(code) || tax.n_codes == TAXONOMY_CODES_MAX)
		return bad("A category's code (%s) is lower-case letters, dots and underscores.", code ? code : "none");
	for (i = 0; i < tax.n_codes; i++)
		if (!strcmp(tax.codes[i], code))
			return bad("The code %s is given twice.", code);
	for (size_t l = 0; l < sizeof langs / sizeof *langs; l++) {
		const char *s = json_string_value(json_object_get(label, langs[l]));
		json_t *list = json_object_get(terms, langs[l]);
		if (!s || !*s || !json_array_size(list))
			return bad("%s lacks a label or terms in one of en, fr, ar.", code);
		json_array_foreach(list, i, t) {
			if (!json_string_value(t))
				return bad("A term of %s is not text.", code);
			if (add_term(code, json_string_value(t)))
				return tax.rc;
		}
	}
	tax.labels[tax.n_codes] = label;
	tax.codes[tax.n_codes++] = code;
	return 0;
}

static void load(void)
{
	json_t *list, *c;
	size_t i;

	tax.a = arena_new();
	tax.doc = json_loads(taxonomy_json, 0, NULL);
	list = json_object_get(tax.doc, "categories");
	if (!tax.a || !json_array_size(list)) {
		bad("%s is not a list of categories.", "data/taxonomy.json");
		return;
	}
	json_array_foreach(list, i, c)
		if (add_category(c))
			return;
}

int taxonomy_load(struct tandem_err *e)
{
	pthread_once(&tax_once, load);
	if (tax.rc && e)
		*e = tax.err;
	return tax.rc;
}

const char *taxonomy_code(size_t i)
{
	return !taxonomy_load(NULL) && i < tax.n_codes ? tax.codes[i] : NULL;
}

static int index_of(const char *code)
{
	if (!code || taxonomy_load(NULL))
		return -1;
	for (size_t i = 0; i < tax.n_codes; i++)
		if (!strcmp(tax.codes[i], code))
			return (int)i;
	return -1;
}

bool taxonomy_known(const char *code)
{
	return index_of(code) >= 0;
}

const char *taxonomy_label(const char *code, const char *lang)
{
	int i = index_of(code);
	const char *s;

	if (i < 0)
		return NULL;
	s = json_string_value(json_object_get(tax.labels[i], lang ? lang : "en"));
	return s ? s : json_string_value(json_object_get(tax.labels[i], "en"));
}

size_t taxonomy_match(const char *const *words, size_t n, const char **code)
{
	size_t best = 0;

	if (taxonomy_load(NULL))
		return 0;
	for (size_t i = 0; i < tax.n_terms; i++) {
		const struct term *t = &tax.terms[i];
		bool ok = t->n <= n && t->n > best;
		for (size_t k = 0; ok && k < t->n; k++)
			ok = search_words_same(words[k], t->words[k]);
		if (ok) {
			best = t->n;
			*code = t->code;
		}
	}
	return best;
}
