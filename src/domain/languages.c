/* languages.c - names of the languages of Canadian resettlement (IRCC's
 * most frequent mother tongues of resettled refugees, and Canada's two
 * official languages). */
#include "languages.h"

#include <string.h>

static const char *const names[][2] = {
	{ "am", "Amharic" },   { "ar", "Arabic" },    { "bn", "Bengali" },   { "ckb", "Sorani" },
	{ "en", "English" },   { "es", "Spanish" },   { "fa", "Farsi" },     { "fr", "French" },
	{ "ha", "Hausa" },     { "hi", "Hindi" },     { "ku", "Kurdish" },   { "kmr", "Kurmanji" },
	{ "ln", "Lingala" },   { "my", "Burmese" },   { "ne", "Nepali" },    { "om", "Oromo" },
	{ "prs", "Dari" },     { "ps", "Pashto" },    { "pt", "Portuguese" }, { "ru", "Russian" },
	{ "rw", "Kinyarwanda" }, { "so", "Somali" },  { "sw", "Swahili" },   { "ta", "Tamil" },
	{ "ti", "Tigrinya" },  { "tr", "Turkish" },   { "uk", "Ukrainian" }, { "ur", "Urdu" },
	{ "vi", "Vietnamese" }, { "zh", "Chinese" },
};

enum { LANGUAGES_COUNT = sizeof names / sizeof *names };

const char *languages_name(const char *code)
{
	for (size_t i = 0; i < LANGUAGES_COUNT; i++)
		if (strcmp(names[i][0], code) == 0)
			return names[i][1];
	return code;
}

const char *languages_code(size_t i)
{
	return i < LANGUAGES_COUNT ? names[i][0] : NULL;
}

bool languages_known(const char *code)
{
	return languages_name(code) != code;
}

/* Whether the code of n bytes at p comes earlier in list, before p. */
static bool repeated(const char *list, const char *p, size_t n)
{
	while (list < p) {
		size_t m = strcspn(list, ",");
		if (m == n && strncmp(list, p, n) == 0)
			return true;
		list += m + 1;
	}
	return false;
}

int languages_list_check(const char *list, const char *field, struct arena *a, struct tandem_err *e)
{
	/* Every item, an empty one after a last comma too. */
	for (const char *p = list; *list; p++) {
		size_t n = strcspn(p, ",");
		char *code = arena_strndup(a, p, n);
		if (!code)
			return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
		if (!languages_known(code))
			return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", field,
						 "\"%.20s\" is not a language code tandem knows (such as ar, prs, ti).", code);
		if (repeated(list, p, n))
			return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", field, "%s is listed twice.", code);
		if (!p[n])
			break;
		p += n;
	}
	return 0;
}
