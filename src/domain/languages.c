/* languages.c - names of the languages of Canadian resettlement (IRCC's
 * most frequent mother tongues of resettled refugees, and Canada's two
 * official languages). */
#include "languages.h"

#include <string.h>

#include "../lib/text.h"

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

/* What a searcher types for each language, folded (lower case, no Latin
 * accents): its names in English, French and Arabic (with and without the
 * article), and its ISO 639-2 and 639-3 codes, separated by '|'. */
static const char *const words[][2] = {
	{ "am", "amharic|amharique|amhara|الامهرية|الأمهرية|أمهري|امهري|amh" },
	{ "ar", "ar|arabic|arabe|العربية|عربي|عربية|ara" },
	{ "bn", "bn|bengali|bangla|البنغالية|بنغالي|ben" },
	{ "ckb", "ckb|sorani|السورانية|سوراني" },
	{ "en", "english|anglais|الانجليزية|الإنجليزية|انجليزي|إنجليزي|eng" },
	{ "es", "spanish|espagnol|الاسبانية|الإسبانية|اسباني|spa" },
	{ "fa", "fa|farsi|persian|persan|الفارسية|فارسي|fas|per" },
	{ "fr", "fr|french|francais|الفرنسية|فرنسي|fra|fre" },
	{ "ha", "hausa|haoussa|الهوسا|hau" },
	{ "hi", "hindi|الهندية|هندي|hin" },
	{ "ku", "ku|kurdish|kurde|الكردية|كردي|kur" },
	{ "kmr", "kmr|kurmanji|kurmandji|الكرمانجية|كرمانجي" },
	{ "ln", "ln|lingala|اللينغالا|lin" },
	{ "my", "burmese|birman|البورمية|بورمي|mya|bur" },
	{ "ne", "nepali|nepalais|النيبالية|نيبالي|nep" },
	{ "om", "oromo|الأورومية|الاورومية|orm" },
	{ "prs", "prs|dari|الدارية|دري" },
	{ "ps", "pashto|pachto|pashtou|البشتو|بشتو|pus" },
	{ "pt", "portuguese|portugais|البرتغالية|برتغالي|por" },
	{ "ru", "ru|russian|russe|الروسية|روسي|rus" },
	{ "rw", "rw|kinyarwanda|الكينيارواندية|kin" },
	{ "so", "somali|الصومالية|صومالي|som" },
	{ "sw", "sw|swahili|السواحيلية|سواحيلي|swa" },
	{ "ta", "tamil|tamoul|التاميلية|تاميلي|tam" },
	{ "ti", "tigrinya|tigrigna|tigrinia|التغرينية|تغريني|tir" },
	{ "tr", "tr|turkish|turc|التركية|تركي|tur" },
	{ "uk", "uk|ukrainian|ukrainien|الأوكرانية|الاوكرانية|أوكراني|ukr" },
	{ "ur", "ur|urdu|ourdou|الأردية|الاردية|أردو|اردو|urd" },
	{ "vi", "vi|vietnamese|vietnamien|الفيتنامية|فيتنامي|vie" },
	{ "zh", "zh|chinese|mandarin|chinois|الصينية|صيني|zho|chi" },
};

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
		if (text_list_has(list, p, p, n))
			return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", field, "%s is listed twice.", code);
		if (!p[n])
			break;
		p += n;
	}
	return 0;
}

const char *languages_recognise(const char *word)
{
	size_t n = strlen(word);

	for (size_t i = 0; n && i < sizeof words / sizeof *words; i++)
		for (const char *p = words[i][1]; *p; ) {
			size_t m = strcspn(p, "|");
			if (m == n && !strncmp(p, word, n))
				return words[i][0];
			p += m + (p[m] == '|');
		}
	return NULL;
}
