/* seed_resources.c - the demo's directory of local services: a few hundred
 * fictional services across the taxonomy's categories, the communities and
 * the languages newcomers speak, some virtual, some not verified for over a
 * year, a few temporarily closed or gone; and the one the issue names, an
 * Arabic-speaking family doctor in Hamilton. Ids are numbers, as older
 * HSDS feeds have them; the same on every run. */
#include <stdio.h>
#include <string.h>

#include "../lib/clock.h"
#include "seed.h"

enum { SEED_SERVICES = 320 };

/* What each kind of service is called and does; %s is a neighbourhood. */
static const struct kind {
	const char *category, *name, *org, *description;
} kinds[] = {
	{ "health.primary_care", "%s Family Practice", "%s Family Health Team",
	  "Family doctors and nurse practitioners taking new patients; same-week appointments." },
	{ "health.primary_care", "Walk-in Clinic %s", "%s Medical Centre", "A walk-in clinic, no appointment needed." },
	{ "health.mental_health", "Newcomer Counselling %s", "%s Counselling Services",
	  "Free counselling for newcomers and refugees, trauma-informed, with interpreters." },
	{ "health.dental", "%s Community Dental Clinic", "%s Community Health Centre",
	  "Dental care on a sliding scale; IFHP accepted." },
	{ "health.vision", "%s Eye Care", "%s Optometry", "Eye exams and glasses for children and adults." },
	{ "health.maternal", "Healthy Babies %s", "%s Public Health", "Prenatal classes and home visits by nurses." },
	{ "health.coverage", "Health Card Help %s", "%s Newcomer Centre", "Help applying for OHIP and using the IFHP." },
	{ "housing.rental", "%s Housing Help Centre", "%s Housing Services",
	  "Help finding an apartment, reading a lease and talking with landlords." },
	{ "housing.shelter", "%s Family Shelter", "%s Shelter Network", "Emergency housing for families." },
	{ "housing.furniture", "%s Furniture Bank", "%s Furniture Bank", "Free furniture and household goods, delivered." },
	{ "language.classes", "LINC English Classes %s", "%s Language School",
	  "English classes for newcomers (LINC), with childcare on site." },
	{ "language.classes", "Cours de français %s", "%s Centre francophone",
	  "Cours de français gratuits pour les nouveaux arrivants." },
	{ "language.assessment", "%s Language Assessment Centre", "%s Language Assessment",
	  "Language assessments (CLB) and referral to classes." },
	{ "language.interpretation", "%s Interpretation Services", "%s Interpreters",
	  "Interpreters for appointments, in person or by phone." },
	{ "employment.search", "%s Employment Services", "%s Employment Centre",
	  "Job search help, resumes, interviews and job fairs." },
	{ "employment.training", "%s Bridging Program", "%s College", "Bridging programs and credential recognition." },
	{ "legal.immigration", "%s Immigration Legal Clinic", "%s Legal Clinic",
	  "Free advice on permanent residence, family reunification and citizenship." },
	{ "legal.aid", "%s Community Legal Services", "%s Legal Aid", "Legal advice on housing, work and benefits." },
	{ "legal.documents", "Service Canada %s", "Service Canada %s", "Social insurance numbers and federal documents." },
	{ "food.bank", "%s Food Bank", "%s Food Bank", "Groceries every week, halal food available." },
	{ "food.clothing", "%s Clothing Closet", "%s Community Church", "Free clothing and winter coats." },
	{ "education.schools", "%s School Welcome Centre", "%s District School Board",
	  "Enrolling children in school, assessments and school support workers." },
	{ "education.adult", "%s Adult Learning Centre", "%s Adult Education", "High school credits for adults." },
	{ "education.homework", "%s Homework Club", "%s Public Library", "Free homework help after school." },
	{ "income.benefits", "%s Tax and Benefits Clinic", "%s Community Services",
	  "Free tax returns and help with the Canada child benefit." },
	{ "income.banking", "%s Money Matters", "%s Credit Union", "Opening a bank account and budgeting." },
	{ "childcare", "%s EarlyON Centre", "%s EarlyON", "Free play and learning programs for children under six." },
	{ "transport", "%s Transit Help", "%s Transit", "Reduced-fare bus passes and help using transit." },
	{ "orientation", "%s Newcomer Settlement Services", "%s Immigrant Services",
	  "Settlement workers: orientation, forms and referrals." },
	{ "community.social", "%s Newcomer Social Club", "%s Community Centre", "Weekly gatherings, sports and outings." },
	{ "community.women", "%s Women's Circle", "%s Women's Centre", "Support groups and programs for women." },
	{ "community.youth", "%s Youth Program", "%s YMCA", "After-school and summer programs for teens." },
	{ "community.seniors", "%s Seniors' Club", "%s Seniors Services", "Activities and home support for seniors." },
	{ "disability", "%s Accessibility Services", "%s Independent Living", "Support for people with disabilities." },
	{ "crisis", "%s Crisis Line", "%s Distress Centre", "A crisis line open day and night." },
};

static const char *const streets[] = { "Main Street", "King Street", "Queen Street", "James Street", "Barton Street",
				       "Wellington Road", "Victoria Avenue", "Elm Street" };
static const char *const postal[] = { "L8P", "K1N", "N2J", "M4M", "N9A", "N6A", "K7L", "K0M" };
/* The languages services are offered in, beyond English. */
static const char *const offered[] = { "ar", "fr", "prs", "ti", "so", "fa", "uk", "es", "am", "ku", "ps", "ur" };

/* The pattern with its %s replaced by word. */
static char *fill(struct seed *s, const char *pattern, const char *word)
{
	const char *at = strstr(pattern, "%s");

	return arena_printf(s->a, "%.*s%s%s", (int)(at - pattern), pattern, word, at + 2);
}

static int save(struct seed *s, struct resource_rec *r)
{
	return s->st->ops->resource_save(s->st, r, RESOURCE_SAVE_NEW | RESOURCE_SAVE_NEW_ORG | RESOURCE_SAVE_PLACE |
						     RESOURCE_SAVE_PHONE | RESOURCE_SAVE_LANGUAGES |
						     RESOURCE_SAVE_CATEGORIES | RESOURCE_SAVE_SCHEDULES, s->e);
}

static void days_ago(struct seed *s, int days, char out[CLOCK_DATE_LEN])
{
	clock_date_format(s->today - days, out);
}

/* The service the issue names: a family doctor in Hamilton who speaks Arabic. */
static int arabic_doctor(struct seed *s)
{
	char verified[CLOCK_DATE_LEN];
	struct resource_location place = {
		.id = "1", .type = "physical", .community_id = s->community[0], .name = "Westdale clinic",
		.address_1 = "1020 King Street West", .city = "Hamilton", .state_province = "ON",
		.postal_code = "L8S 1L8", .country = "CA",
	};
	struct resource_phone phone = { .id = "1", .number = "+1 905 555 0100", .type = "voice" };
	struct resource_language langs[] = { { "ar", "Dr. Haddad speaks Arabic with every patient." }, { "en", NULL } };
	struct resource_schedule hours[] = {
		{ "WEEKLY", "MO,TU,WE,TH", "09:00", "17:00", NULL }, { "WEEKLY", "FR", "09:00", "12:00", NULL },
	};
	struct resource_rec r = {
		.id = "1", .organization_id = "1", .name = "Dr. Samira Haddad, family physician",
		.description = "A family doctor taking new patients, newcomer families welcome. Appointments in Arabic"
			       " and English; IFHP and OHIP accepted.",
		.status = "active", .assured_date = verified, .updated_at = s->now,
		.org_name = "Westdale Family Health Team", .org_website = "https://westdale-fht.example",
		.locations = &place, .n_locations = 1, .phones = &phone, .n_phones = 1,
		.languages = langs, .n_languages = 2, .categories = "health.primary_care",
		.schedules = hours, .n_schedules = 2,
		.fees_description = "No fee with OHIP or the IFHP.",
	};

	days_ago(s, 20, verified);
	return save(s, &r);
}

/* Opening hours as small services keep them: most on weekdays, some into
 * the evening or on Saturday, a few by appointment only. */
static const struct resource_schedule week_hours[][2] = {
	{ { "WEEKLY", "MO,TU,WE,TH,FR", "09:00", "17:00", NULL } },
	{ { "WEEKLY", "MO,WE,FR", "10:00", "16:00", NULL } },
	{ { "WEEKLY", "TU,TH", "13:00", "20:00", NULL }, { "WEEKLY", "SA", "10:00", "14:00", NULL } },
	{ { "WEEKLY", "MO,TU,WE,TH", "08:30", "16:30", NULL }, { "WEEKLY", "FR", "08:30", "12:00", NULL } },
	{ { NULL, NULL, NULL, NULL, "By appointment: call first." } },
};

static int service(struct seed *s, int n)
{
	/* Every kind of service in every community first, then at random. */
	int kinds_n = (int)(sizeof kinds / sizeof *kinds), i = n - 2, round = kinds_n * SEED_COMMUNITIES;
	const struct kind *k = &kinds[i < round ? i % kinds_n : seed_pick(s, kinds_n)];
	int c = i < round ? i / kinds_n : seed_pick(s, SEED_COMMUNITIES), age = seed_pick(s, 100);
	int state = seed_pick(s, 100);
	const char *place_name = seed_communities[c].places[seed_pick(s, SEED_PLACES)];
	bool is_virtual = seed_chance(s, 10);
	char verified[CLOCK_DATE_LEN];
	struct resource_language langs[4] = { { "en", NULL } };
	/* The service, its organization, place and phone share their number, as
	 * an older feed's ids would. */
	const char *id = arena_printf(s->a, "%d", n);
	struct resource_location place = { .id = id, .type = is_virtual ? "virtual" : "physical" };
	struct resource_phone phone = { .id = id, .type = "voice",
					.number = arena_printf(s->a, "+1 905 555 %04d", 1000 + n) };
	struct resource_rec r = {
		.id = id, .organization_id = id,
		.name = fill(s, k->name, is_virtual ? "Ontario" : place_name),
		.org_name = fill(s, k->org, seed_communities[c].name), .description = k->description,
		.status = state < 3 ? "temporarily closed" : state < 5 ? "inactive" : state < 7 ? "defunct" : "active",
		.assured_date = age < 4 ? NULL : verified, .updated_at = s->now, .categories = k->category,
		.locations = &place, .n_locations = 1, .phones = &phone, .n_phones = 1, .languages = langs,
		.n_languages = 1,
	};
	/* by number, so that the rest of the demo draws what it drew before */
	const struct resource_schedule *kept = week_hours[n % (int)(sizeof week_hours / sizeof *week_hours)];
	struct resource_schedule hours[2] = { kept[0], kept[1] };
	/* Stale: verified 13 to 30 months ago; else within the year. */
	days_ago(s, age < 20 ? 400 + seed_pick(s, 500) : 1 + seed_pick(s, 330), verified);
	if (!is_virtual) {
		place.community_id = s->community[c];
		place.address_1 = arena_printf(s->a, "%d %s", 10 + seed_pick(s, 980), streets[seed_pick(s, 8)]);
		place.city = seed_communities[c].name;
		place.state_province = "ON";
		place.postal_code = arena_printf(s->a, "%s %d%c%d", postal[c], seed_pick(s, 10), 'A' + seed_pick(s, 26),
						 seed_pick(s, 10));
		place.country = "CA";
		r.schedules = hours;
		r.n_schedules = hours[1].freq ? 2 : 1;
	}
	for (int extra = seed_pick(s, 3); extra > 0; extra--) {
		const char *code = offered[seed_pick(s, (int)(sizeof offered / sizeof *offered))];
		bool seen = false;
		for (size_t j = 0; j < r.n_languages; j++)
			seen |= !strcmp(langs[j].code, code);
		/* The family doctor stays the one Arabic-speaking doctor a
		 * family in Hamilton finds first. */
		seen |= !strcmp(code, "ar") && !strcmp(k->category, "health.primary_care") && (c == 0 || is_virtual);
		if (!seen)
			langs[r.n_languages++] = (struct resource_language){ code, seed_chance(s, 30) ? "On Tuesdays" : NULL };
	}
	return save(s, &r);
}

int seed_resources(struct seed *s)
{
	int rc = arabic_doctor(s);

	for (int n = 2; !rc && n <= SEED_SERVICES; n++)
		rc = service(s, n);
	return rc;
}
