/* hsds_rows.c - the rules an HSDS row is read by, as publishers write them:
 * required fields, ids referred to, statuses (with "temporarily closed"),
 * language codes of ISO 639-1 or 639-3 or English names, interpretation
 * kept apart from the languages of service, schedule times given their
 * offset, and a location's community found from its address. */
#include "hsds_impl.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../lib/clock.h"
#include "../lib/text.h"
#include "languages.h"
#include "resources.h"

enum { HSDS_ID_MAX = 200, HSDS_CITY_MAX = 256 };

/* Other codes and names of the languages tandem knows: ISO 639-3 and
 * 639-2/B codes, the common varieties publishers name (Levantine, Iraqi and
 * Egyptian Arabic are Arabic; Iranian Persian is Farsi), and English names
 * beside tandem's own. Dari (prs) stays apart from Farsi; Sorani (ckb) and
 * Kurmanji (kmr) keep their codes, which tandem counts as Kurdish. */
static const char *const aliases[][2] = {
	{ "amh", "am" }, { "ara", "ar" }, { "arb", "ar" }, { "apc", "ar" }, { "ajp", "ar" }, { "acm", "ar" },
	{ "arz", "ar" }, { "ben", "bn" }, { "eng", "en" }, { "spa", "es" }, { "fas", "fa" }, { "per", "fa" },
	{ "pes", "fa" }, { "fra", "fr" }, { "fre", "fr" }, { "hau", "ha" }, { "hin", "hi" }, { "kur", "ku" },
	{ "lin", "ln" }, { "mya", "my" }, { "bur", "my" }, { "nep", "ne" }, { "npi", "ne" }, { "orm", "om" },
	{ "gaz", "om" }, { "pus", "ps" }, { "pbt", "ps" }, { "pbu", "ps" }, { "por", "pt" }, { "rus", "ru" },
	{ "kin", "rw" }, { "som", "so" }, { "swa", "sw" }, { "swh", "sw" }, { "tam", "ta" }, { "tir", "ti" },
	{ "tur", "tr" }, { "ukr", "uk" }, { "urd", "ur" }, { "vie", "vi" }, { "zho", "zh" }, { "chi", "zh" },
	{ "cmn", "zh" }, { "yue", "zh" },
	{ "persian", "fa" }, { "central kurdish", "ckb" }, { "northern kurdish", "kmr" }, { "mandarin", "zh" },
	{ "cantonese", "zh" }, { "myanmar", "my" }, { "pushto", "ps" }, { "afaan oromo", "om" },
};

/* tandem's own copy of code, when it is one of tandem's. */
static const char *hsds_language_known(const char *code)
{
	for (size_t i = 0; languages_code(i); i++)
		if (strcmp(languages_code(i), code) == 0)
			return languages_code(i);
	return NULL;
}

const char *hsds_language_code(const char *code_or_name)
{
	char s[64];
	size_t n;
	const char *known;

	while (isspace((unsigned char)*code_or_name))
		code_or_name++;
	snprintf(s, sizeof s, "%s", code_or_name);
	n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	text_ascii_lower(s);
	/* A region or script after the code (ar-SY, zh_Hans) does not matter. */
	if ((n = strcspn(s, "-_")) == 2 || n == 3)
		s[n] = '\0';
	if ((known = hsds_language_known(s)))
		return known;
	for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
		if (strcmp(aliases[i][0], s) == 0)
			return hsds_language_known(aliases[i][1]);
	for (size_t i = 0; languages_code(i); i++)
		if (strcasecmp(languages_name(languages_code(i)), s) == 0)
			return languages_code(i);
	return NULL;
}

/* The name a language row gets when the publisher gave none: tandem's, the
 * Kurdish languages saying that they are Kurdish, so that a reader (and a
 * search for "Kurdish") finds Sorani and Kurmanji under it. */
static const char *hsds_language_name(const char *code)
{
	if (strcmp(code, "ckb") == 0)
		return "Kurdish (Sorani)";
	if (strcmp(code, "kmr") == 0)
		return "Kurdish (Kurmanji)";
	return languages_name(code);
}

/* Whether a language's note says it is offered through an interpreter
 * (interpretation, interpreter, interprète, interprétation). */
static bool hsds_interpretation(const char *note)
{
	for (const char *p = note; p && *p; p++)
		if (strncasecmp(p, "interpr", 7) == 0)
			return true;
	return false;
}

/* An offset from UTC, in minutes, from "Z", "+05:30", "-0500" or "-05";
 * *used says how many bytes it took. */
static bool hsds_offset(const char *s, int *minutes, size_t *used)
{
	int h, m = 0, sign;
	size_t n = 0;

	if (*s == 'Z' || *s == 'z') {
		*minutes = 0;
		*used = 1;
		return true;
	}
	if (*s != '+' && *s != '-')
		return false;
	sign = *s == '-' ? -1 : 1;
	if (!isdigit((unsigned char)s[1]) || !isdigit((unsigned char)s[2]))
		return false;
	h = (s[1] - '0') * 10 + (s[2] - '0');
	n = 3;
	if (s[n] == ':')
		n++;
	if (isdigit((unsigned char)s[n]) && isdigit((unsigned char)s[n + 1])) {
		m = (s[n] - '0') * 10 + (s[n + 1] - '0');
		n += 2;
	} else if (s[n - 1] == ':') {
		return false;
	}
	if (h > 14 || m > 59)
		return false;
	*minutes = sign * (h * 60 + m);
	*used = n;
	return true;
}

/* HSDS's timezone: a fixed offset from UTC, in hours as a number ("-5",
 * "5.5") or as an offset ("-05:00", "UTC-5"). A zone's name is refused: a
 * place's offset changes with the season (Ontario's twice a year), and a
 * schedule's times must mean one instant each. */
static bool hsds_timezone(const char *tz, int *minutes)
{
	char *end;
	double h;
	size_t used;

	if (strncasecmp(tz, "UTC", 3) == 0 || strncasecmp(tz, "GMT", 3) == 0) {
		tz += 3;
		if (!*tz) {
			*minutes = 0;
			return true;
		}
	}
	if (hsds_offset(tz, minutes, &used) && !tz[used])
		return true;
	h = strtod(tz, &end);
	if (end == tz || *end || h < -14 || h > 14)
		return false;
	*minutes = (int)(h * 60 + (h < 0 ? -0.5 : 0.5));
	return true;
}

/* A time of day as HSDS writes it ("09:00", "9:00:00", "17:30-04:00")
 * given its offset: its own, else the schedule's timezone, else UTC. */
static const char *hsds_time(struct arena *a, const char *t, bool has_tz, int tz_minutes)
{
	int h, m, s = -1, off = tz_minutes;
	size_t used = 0;
	const char *p = t;

	if (!isdigit((unsigned char)*p))
		return NULL;
	h = *p++ - '0';
	if (isdigit((unsigned char)*p))
		h = h * 10 + (*p++ - '0');
	if (*p++ != ':' || !isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]))
		return NULL;
	m = (p[0] - '0') * 10 + (p[1] - '0');
	p += 2;
	if (*p == ':' && isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2])) {
		s = (p[1] - '0') * 10 + (p[2] - '0');
		p += 3;
	}
	if (*p && !hsds_offset(p, &off, &used))
		return NULL;
	if ((*p && p[used]) || h > 24 || m > 59 || s > 59)
		return NULL;
	if (!*p && !has_tz)
		off = 0;
	if (s >= 0)
		return off ? arena_printf(a, "%02d:%02d:%02d%c%02d:%02d", h, m, s, off < 0 ? '-' : '+', abs(off) / 60,
					  abs(off) % 60)
			   : arena_printf(a, "%02d:%02d:%02dZ", h, m, s);
	return off ? arena_printf(a, "%02d:%02d%c%02d:%02d", h, m, off < 0 ? '-' : '+', abs(off) / 60, abs(off) % 60)
		   : arena_printf(a, "%02d:%02dZ", h, m);
}

/* The value of col, lower-cased in place, when it is one of allowed. */
static bool hsds_one_of(const char **v, const char *const *allowed)
{
	char *s;

	if (!*v || !(s = (char *)*v))
		return false;
	text_ascii_lower(s);
	return text_lookup(allowed, s) >= 0;
}

/* The id in column c of r names a row of f (when it is given). */
static int hsds_ref(struct hsds_import *im, enum hsds_file rf, struct hsds_row *r, size_t c, enum hsds_file f)
{
	bool found;
	int rc;

	if (!r->v[c] || r->bad)
		return 0;
	if ((rc = hsds_known(im, f, r->v[c], &found)))
		return rc;
	if (found)
		return 0;
	return hsds_reject(im, rf, r, "%s \"%.64s\" names no %s in the package or the database", hsds_specs[rf].cols[c],
			   r->v[c], hsds_specs[f].resource);
}

/* What every row must be: UTF-8, its required fields filled, its ids short
 * single-line texts. */
static int hsds_check_common(struct hsds_import *im, enum hsds_file f, struct hsds_row *r)
{
	const struct hsds_spec *s = &hsds_specs[f];

	for (size_t c = 0; c < s->n_cols; c++) {
		const char *v = r->v[c], *col = s->cols[c];
		size_t n = v ? strlen(v) : 0;
		if (v && !text_utf8_valid(v, n))
			return hsds_reject(im, f, r, "%s is not UTF-8 text", col);
		if (v && (strcmp(col, "id") == 0 || strstr(col, "_id")) &&
		    (n > HSDS_ID_MAX || v[strcspn(v, "\r\n\t")]))
			return hsds_reject(im, f, r, "%s is not an id (one line of at most %d bytes)", col, HSDS_ID_MAX);
	}
	for (const char *const *q = s->required; *q; q++)
		if (!r->v[text_lookup(s->cols, *q)])
			return hsds_reject(im, f, r, "%s is missing", *q);
	return 0;
}

/* A text's line ends as the API writes them: CRLF (or a CR alone, inside
 * a quoted field) becomes LF. */
static void hsds_lf(char *v)
{
	char *w = v;

	for (; *v; v++)
		if (*v != '\r')
			*w++ = *v;
		else if (v[1] != '\n')
			*w++ = '\n';
	*w = 0;
}

/* The texts curators write, held to curation's rules (length, no control
 * characters, a web address, an e-mail), so that whatever is imported can be
 * corrected through the API later; prefix names the organization's. */
static int hsds_check_texts(struct hsds_import *im, enum hsds_file f, struct hsds_row *r, const char *prefix)
{
	const struct hsds_spec *s = &hsds_specs[f];

	for (size_t c = 0; c < s->n_cols; c++) {
		struct tandem_err why;
		char name[64];

		if (!r->v[c])
			continue;
		if (strchr(r->v[c], '\r'))
			hsds_lf((char *)r->v[c]);
		snprintf(name, sizeof name, "%s%s", prefix, s->cols[c]);
		if (resources_field_check(name, r->v[c], &why))
			return hsds_reject(im, f, r, "%s", why.msg);
	}
	return 0;
}

static int hsds_check_service(struct hsds_import *im, struct hsds_row *r)
{
	static const char *const statuses[] = { "active", "inactive", "defunct", "temporarily closed", NULL };
	const char *d = r->v[SVC_ASSURED_DATE];
	int rc;

	if (!resources_id_ok(r->v[SVC_ID]))
		return hsds_reject(im, HSDS_SERVICES, r, "id \"%.64s\" cannot name a service: 1 to 64 letters, digits,"
				   " - _ or .", r->v[SVC_ID]);
	if ((rc = hsds_check_texts(im, HSDS_SERVICES, r, "")) || r->bad)
		return rc;
	if (!r->v[SVC_STATUS])
		r->v[SVC_STATUS] = "active";
	else if (!hsds_one_of(&r->v[SVC_STATUS], statuses))
		return hsds_reject(im, HSDS_SERVICES, r, "bad status \"%.40s\" (active, inactive, defunct or temporarily closed)",
				   r->v[SVC_STATUS]);
	/* A date, or the date of a date and time. */
	if (d) {
		char *day = arena_strndup(im->a, d, 10);
		if (!day)
			return tandem_fail(im->e, TANDEM_ENOMEM, NULL, "Out of memory.");
		if (!clock_date_parse(day, NULL) || (d[10] && d[10] != 'T' && d[10] != ' '))
			return hsds_reject(im, HSDS_SERVICES, r, "assured_date \"%.40s\" is not a date (YYYY-MM-DD)", d);
		r->v[SVC_ASSURED_DATE] = day;
	}
	if ((rc = hsds_ref(im, HSDS_SERVICES, r, SVC_ORGANIZATION_ID, HSDS_ORGANIZATIONS)))
		return rc;
	return 0;
}

static bool hsds_number(const char *s, double min, double max)
{
	char *end;
	double v = strtod(s, &end);

	return end != s && !*end && v >= min && v <= max;
}

static int hsds_check_location(struct hsds_import *im, struct hsds_row *r)
{
	static const char *const types[] = { "physical", "postal", "virtual", NULL };

	if (!hsds_one_of(&r->v[LOC_TYPE], types))
		return hsds_reject(im, HSDS_LOCATIONS, r, "bad location_type \"%.40s\" (physical, postal or virtual)",
				   r->v[LOC_TYPE]);
	if ((r->v[LOC_LATITUDE] && !hsds_number(r->v[LOC_LATITUDE], -90, 90)) ||
	    (r->v[LOC_LONGITUDE] && !hsds_number(r->v[LOC_LONGITUDE], -180, 180)))
		return hsds_reject(im, HSDS_LOCATIONS, r, "latitude and longitude are not degrees");
	return hsds_ref(im, HSDS_LOCATIONS, r, LOC_ORGANIZATION_ID, HSDS_ORGANIZATIONS);
}

static int hsds_check_address(struct hsds_import *im, struct hsds_row *r)
{
	static const char *const types[] = { "physical", "postal", "virtual", NULL };

	if (!hsds_one_of(&r->v[ADR_TYPE], types))
		return hsds_reject(im, HSDS_ADDRESSES, r, "bad address_type \"%.40s\" (physical, postal or virtual)",
				   r->v[ADR_TYPE]);
	return hsds_ref(im, HSDS_ADDRESSES, r, ADR_LOCATION_ID, HSDS_LOCATIONS);
}

static int hsds_check_schedule(struct hsds_import *im, struct hsds_row *r)
{
	int tz = 0, rc;
	bool has_tz = r->v[SCH_TIMEZONE] != NULL;

	if (has_tz && !hsds_timezone(r->v[SCH_TIMEZONE], &tz))
		return hsds_reject(im, HSDS_SCHEDULES, r,
				   "timezone \"%.40s\" is not a fixed offset from UTC (such as -5 or -05:00)",
				   r->v[SCH_TIMEZONE]);
	for (size_t c = SCH_OPENS_AT; c <= SCH_CLOSES_AT; c++) {
		const char *t;
		if (!r->v[c])
			continue;
		if (!(t = hsds_time(im->a, r->v[c], has_tz, tz)))
			return hsds_reject(im, HSDS_SCHEDULES, r, "%s \"%.40s\" is not a time of day (such as 09:00)",
					   hsds_specs[HSDS_SCHEDULES].cols[c], r->v[c]);
		r->v[c] = t;
	}
	if ((rc = hsds_ref(im, HSDS_SCHEDULES, r, SCH_SERVICE_ID, HSDS_SERVICES)))
		return rc;
	return hsds_ref(im, HSDS_SCHEDULES, r, SCH_LOCATION_ID, HSDS_LOCATIONS);
}

/* An interpreter's language joins its service's interpretation_services
 * (when the service is in the package) and is not a language of service. */
static int hsds_interpreted(struct hsds_import *im, struct hsds_row *r, const char *code)
{
	size_t s;
	const char **text, *name = r->v[LNG_NAME] ? r->v[LNG_NAME] : hsds_language_name(code);

	r->bad = true;
	if (!r->v[LNG_SERVICE_ID] || !hsds_ids_find(&im->ids[HSDS_SERVICES], r->v[LNG_SERVICE_ID], &s))
		return 0;
	im->out->interpretation++;
	text = &im->rows[HSDS_SERVICES][s].v[SVC_INTERPRETATION];
	*text = *text ? arena_printf(im->a, "%s; %s (%s)", *text, name, r->v[LNG_NOTE])
		      : arena_printf(im->a, "%s (%s)", name, r->v[LNG_NOTE]);
	return *text ? 0 : tandem_fail(im->e, TANDEM_ENOMEM, NULL, "Out of memory.");
}

static int hsds_check_language(struct hsds_import *im, struct hsds_row *r)
{
	const char *given = r->v[LNG_CODE] ? r->v[LNG_CODE] : r->v[LNG_NAME], *code;
	int rc;

	if (!given)
		return hsds_reject(im, HSDS_LANGUAGES, r, "code and name are both missing");
	if (!(code = hsds_language_code(given)))
		return hsds_reject(im, HSDS_LANGUAGES, r, "unknown language code \"%.40s\"", given);
	if (!r->v[LNG_SERVICE_ID] && !r->v[LNG_LOCATION_ID] && !r->v[LNG_PHONE_ID])
		return hsds_reject(im, HSDS_LANGUAGES, r, "service_id, location_id and phone_id are all missing");
	if ((rc = hsds_ref(im, HSDS_LANGUAGES, r, LNG_SERVICE_ID, HSDS_SERVICES)) ||
	    (rc = hsds_ref(im, HSDS_LANGUAGES, r, LNG_LOCATION_ID, HSDS_LOCATIONS)) ||
	    (rc = hsds_ref(im, HSDS_LANGUAGES, r, LNG_PHONE_ID, HSDS_PHONES)) || r->bad)
		return rc;
	if (hsds_interpretation(r->v[LNG_NOTE]))
		return hsds_interpreted(im, r, code);
	r->v[LNG_CODE] = code;
	if (!r->v[LNG_NAME])
		r->v[LNG_NAME] = hsds_language_name(code);
	return 0;
}

/* An attribute is a category when it links a taxonomy term to a service;
 * others (of locations, organizations) are left aside. */
static int hsds_check_attribute(struct hsds_import *im, struct hsds_row *r)
{
	const char *entity = r->v[ATT_LINK_ENTITY];
	size_t term;

	if (entity && strcasecmp(entity, "service") != 0) {
		im->out->other_attributes++;
		r->bad = true;
		return 0;
	}
	if (!hsds_ids_find(&im->ids[HSDS_TAXONOMY_TERMS], r->v[ATT_TAXONOMY_TERM_ID], &term))
		return hsds_reject(im, HSDS_ATTRIBUTES, r, "taxonomy_term_id \"%.64s\" names no taxonomy term in the package",
				   r->v[ATT_TAXONOMY_TERM_ID]);
	r->tandem = 1;
	return hsds_ref(im, HSDS_ATTRIBUTES, r, ATT_LINK_ID, HSDS_SERVICES);
}

int hsds_check_row(struct hsds_import *im, enum hsds_file f, struct hsds_row *r)
{
	int rc;

	if ((rc = hsds_check_common(im, f, r)) || r->bad)
		return rc;
	switch (f) {
	case HSDS_ORGANIZATIONS:
		return hsds_check_texts(im, f, r, "organization.");
	case HSDS_SERVICES:
		return hsds_check_service(im, r);
	case HSDS_LOCATIONS:
		return hsds_check_location(im, r);
	case HSDS_SERVICE_AT_LOCATION:
		if ((rc = hsds_ref(im, f, r, SAL_SERVICE_ID, HSDS_SERVICES)))
			return rc;
		return hsds_ref(im, f, r, SAL_LOCATION_ID, HSDS_LOCATIONS);
	case HSDS_ADDRESSES:
		return hsds_check_address(im, r);
	case HSDS_PHONES:
		if ((rc = hsds_ref(im, f, r, PHO_LOCATION_ID, HSDS_LOCATIONS)) ||
		    (rc = hsds_ref(im, f, r, PHO_SERVICE_ID, HSDS_SERVICES)))
			return rc;
		return hsds_ref(im, f, r, PHO_ORGANIZATION_ID, HSDS_ORGANIZATIONS);
	case HSDS_SCHEDULES:
		return hsds_check_schedule(im, r);
	case HSDS_LANGUAGES:
		return hsds_check_language(im, r);
	case HSDS_ATTRIBUTES:
		return hsds_check_attribute(im, r);
	default:
		return 0;
	}
}

/* The community whose name is city's, accents and case aside; 0: none. */
static int64_t hsds_community(const struct hsds_import *im, const char *city)
{
	char folded[HSDS_CITY_MAX];

	if (strlen(city) >= sizeof folded)
		return 0;
	text_fold(city, folded);
	for (size_t i = 0; i < im->n_communities; i++)
		if (strcmp(folded, im->community_folded[i]) == 0)
			return im->communities[i].id;
	return 0;
}

void hsds_locate(struct hsds_import *im)
{
	/* A physical address first, then any; a city tandem does not serve
	 * leaves the location without a community. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < im->n_rows[HSDS_ADDRESSES]; i++) {
			const struct hsds_row *r = &im->rows[HSDS_ADDRESSES][i];
			size_t l;
			if (r->bad || (pass == 0 && strcmp(r->v[ADR_TYPE], "physical") != 0) ||
			    !hsds_ids_find(&im->ids[HSDS_LOCATIONS], r->v[ADR_LOCATION_ID], &l) ||
			    im->rows[HSDS_LOCATIONS][l].tandem)
				continue;
			im->rows[HSDS_LOCATIONS][l].tandem = hsds_community(im, r->v[ADR_CITY]);
		}
	}
}
