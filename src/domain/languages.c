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

const char *languages_name(const char *code)
{
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(names[i][0], code) == 0)
			return names[i][1];
	return code;
}
