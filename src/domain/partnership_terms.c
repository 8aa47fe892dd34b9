/* partnership_terms.c - the agreement template's clauses and activities,
 * loaded once from the embedded JSON, and the checks of a draft's own. */
#include "partnership_terms.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "../lib/text.h"
#include "case_fields.h"

enum { TERMS_LANGS = 3, TERM_TEXT_MAX = 400 };

extern const char partnership_template_json[];   /* data/partnership-template.json, embedded at build */

static const char *const langs[TERMS_LANGS + 1] = { "en", "fr", "ar", NULL };
static const char *const parties[] = { "spo", "sah", "both", NULL };

struct template_term {
	char key[40], party[8];
	char text[TERMS_LANGS][TERM_TEXT_MAX];   /* "" where the template lacks a language */
};

static struct {
	struct template_term clauses[PARTNERSHIP_TERMS_MAX], activities[PARTNERSHIP_TERMS_MAX];
	size_t n_clauses, n_activities;
} tpl;
static pthread_once_t tpl_once = PTHREAD_ONCE_INIT;

/* One list of the template; an entry without a key or English words is
 * left out (tests/unit/test_partnership_terms.c checks there is none). */
static size_t load_list(json_t *list, bool clauses, struct template_term *out)
{
	size_t i, n = 0;
	json_t *t;

	json_array_foreach(list, i, t) {
		const char *key = json_string_value(json_object_get(t, "key"));
		const char *party = json_string_value(json_object_get(t, "party"));
		if (n == PARTNERSHIP_TERMS_MAX || !key || (clauses && (!party || text_lookup(parties, party) < 0)))
			continue;
		snprintf(out[n].key, sizeof out[n].key, "%s", key);
		snprintf(out[n].party, sizeof out[n].party, "%s", clauses ? party : "");
		for (int l = 0; l < TERMS_LANGS; l++) {
			const char *s = json_string_value(json_object_get(json_object_get(t, "text"), langs[l]));
			snprintf(out[n].text[l], TERM_TEXT_MAX, "%s", s ? s : "");
		}
		if (out[n].text[0][0])
			n++;
	}
	return n;
}

static void tpl_load(void)
{
	json_t *doc = json_loads(partnership_template_json, 0, NULL);

	tpl.n_clauses = load_list(json_object_get(doc, "clauses"), true, tpl.clauses);
	tpl.n_activities = load_list(json_object_get(doc, "activities"), false, tpl.activities);
	json_decref(doc);
}

static const struct template_term *tpl_find(bool clauses, const char *key)
{
	const struct template_term *list;
	size_t n;

	pthread_once(&tpl_once, tpl_load);
	list = clauses ? tpl.clauses : tpl.activities;
	n = clauses ? tpl.n_clauses : tpl.n_activities;
	for (size_t i = 0; key && i < n; i++)
		if (strcmp(list[i].key, key) == 0)
			return &list[i];
	return NULL;
}

int partnership_terms_template(bool clauses, struct arena *a, struct partnership_term **out, size_t *n)
{
	const struct template_term *list;
	struct partnership_term *t;

	pthread_once(&tpl_once, tpl_load);
	list = clauses ? tpl.clauses : tpl.activities;
	*n = clauses ? tpl.n_clauses : tpl.n_activities;
	if (!(t = arena_alloc(a, (*n + 1) * sizeof *t)))
		return TANDEM_ENOMEM;
	for (size_t i = 0; i < *n; i++)
		t[i] = (struct partnership_term){ .party = clauses ? list[i].party : NULL, .key = list[i].key };
	*out = t;
	return 0;
}

int partnership_terms_check(bool clauses, struct partnership_term *t, size_t n, const char *field,
			    struct tandem_err *e)
{
	if (clauses && n == 0)
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", field,
					 "An agreement says who does what: at least one clause.");
	if (n > PARTNERSHIP_TERMS_MAX)
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", field, "%s holds at most %d entries.", field,
					 PARTNERSHIP_TERMS_MAX);
	for (size_t i = 0; i < n; i++) {
		const struct template_term *tt = t[i].key ? tpl_find(clauses, t[i].key) : NULL;
		if (t[i].key && !tt)
			return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", field,
						 "%s names \"%.40s\", which the template does not have.", field, t[i].key);
		for (size_t j = 0; tt && j < i; j++)
			if (t[j].key && !strcmp(t[j].key, t[i].key))
				return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", field,
							 "%s names \"%.40s\" twice.", field, t[i].key);
		if (tt) {
			t[i].party = clauses ? tt->party : NULL;
			t[i].text = NULL;
			continue;
		}
		if (!t[i].text)
			return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", field,
						 "Each of %s is a key of the template or words of your own.", field);
		/* Own words are checked as every text field is: not blank, clean,
		 * within bytes enough for 1,000 characters in any script. */
		if (field_check_text(&(struct field_def){ .name = field, .kind = FIELD_TEXT,
							  .max = PARTNERSHIP_TERM_TEXT_MAX }, t[i].text, e))
			return TANDEM_EINVAL;
		if (clauses && (!t[i].party || text_lookup(parties, t[i].party) < 0))
			return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", field,
						 "A clause's party is spo, sah or both.");
	}
	return 0;
}

const char *partnership_term_text(bool clause, const struct partnership_term *t, const char *lang)
{
	const struct template_term *tt = t->key ? tpl_find(clause, t->key) : NULL;
	int l = lang ? text_lookup(langs, lang) : -1;

	if (!tt)   /* the parties' words, or a key the template has since lost */
		return t->text ? t->text : t->key ? t->key : "";
	return l > 0 && tt->text[l][0] ? tt->text[l] : tt->text[0];
}
