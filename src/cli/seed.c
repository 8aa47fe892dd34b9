/* seed.c - tandem seed --demo: a deterministic, fictional but realistic
 * Ontario: 8 communities with their LIPs, SPOs and SAHs in partnership,
 * about 40 settlement workers, some 90 sponsor groups and 300 cases with
 * their families, and one sign-in per role. Dates are relative to the
 * moment of seeding, so that the demo always looks current, and each
 * case's story is drawn to hold together (seed_workflow.c; the rules are
 * tests/api/test_seed_coherence.c). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../domain/audit.h"
#include "../domain/partnership_terms.h"
#include "../lib/clock.h"
#include "../lib/crypto.h"
#include "cli.h"
#include "seed.h"


/* Every demo account has this password; it is printed by make demo. */
static const char DEMO_PASSWORD[] = "tandem-demo-2026";

static const char usage[] =
	"usage: tandem seed --demo --db PATH\n"
	"\n"
	"Fills an empty database (made by 'tandem init') with demo data: eight\n"
	"Ontario communities, their organizations, about 40 settlement workers,\n"
	"some 90 sponsor groups and 300 cases, and a surge of arrival notices to\n"
	"come in Hamilton and Ottawa. The same data every time, with dates\n"
	"relative to today. Prints one sign-in per role.\n";

/* Lower-case ASCII letters and digits of name, for e-mail addresses. */
static void slug(char *out, size_t size, const char *name)
{
	size_t k = 0;

	for (const unsigned char *p = (const unsigned char *)name; *p && k + 1 < size; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
			out[k++] = (char)*p;
		else if (*p >= 'A' && *p <= 'Z')
			out[k++] = (char)(*p - 'A' + 'a');
	}
	out[k] = '\0';
}

static int64_t add_user(struct seed *s, const char *email, const char *name, const char *role,
			const char *languages, int64_t org, int64_t group)
{
	struct user_rec u = {
		.email = email, .name = name, .role = role, .language = "en", .languages = languages,
		.pwhash = s->pwhash, .created_at = s->now,
	};

	if (s->st->ops->user_create(s->st, &u, s->e))
		return 0;
	if ((org || group) && s->st->ops->membership_add(s->st, u.id, org, group, s->e))
		return 0;
	s->n_users++;
	return u.id;
}

/* A generated account: given.family.N@domain. */
int64_t seed_person_user(struct seed *s, const struct seed_language *l, const char *domain, const char *role,
			 const char *languages, int64_t org, int64_t group)
{
	const char *given = seed_chance(s, 50) ? l->male[seed_pick(s, SEED_NAMES)] : l->female[seed_pick(s, SEED_NAMES)];
	const char *family = l->family[seed_pick(s, SEED_FAMILIES)];
	char g[48], f[48], email[160], name[120];

	slug(g, sizeof g, given);
	slug(f, sizeof f, family);
	snprintf(email, sizeof email, "%s.%s.%d@%s", g, f, s->n_users + 1, domain);
	snprintf(name, sizeof name, "%s %s", given, family);
	return add_user(s, email, name, role, languages, org, group);
}

static const struct seed_language *language(const char *code)
{
	for (int i = 0; i < seed_languages_count; i++)
		if (strcmp(seed_languages[i].code, code) == 0)
			return &seed_languages[i];
	return &seed_english;
}

static int64_t add_org(struct seed *s, const char *name, const char *kind, const int *communities)
{
	int64_t served[3];
	struct org_rec o = { .name = name, .kind = kind, .community_ids = served };

	for (int i = 0; i < 3 && communities[i] >= 0; i++)
		served[o.n_community_ids++] = s->community[communities[i]];
	return s->st->ops->org_create(s->st, &o, s->e) ? 0 : o.id;
}

/* The demo's agreements say what the template says. The rural one is still
 * a draft its SPO has approved, waiting for the SAH: Haliburton County has
 * no agreement in force, which shows the gap. */
static int seed_terms(struct seed *s)
{
	struct store *st = s->st;
	struct partnership_rec *rows;
	size_t n;
	int rc = st->ops->partnership_list(st, s->spo, SEED_SPOS, NULL, 0, s->a, &rows, &n, s->e);

	for (size_t i = 0; !rc && i < n; i++) {
		struct partnership_rec *r = &rows[i];
		if (partnership_terms_template(true, s->a, &r->clauses, &r->n_clauses)
		    || partnership_terms_template(false, s->a, &r->activities, &r->n_activities))
			return TANDEM_ENOMEM;
		r->spo_approved_at = r->sah_approved_at = s->now - 400 * 86400;
		if (r->spo_org_id == s->spo[seed_draft_partners[1]] && r->sah_org_id == s->sah[seed_draft_partners[0]])
			r->status = "draft", r->sah_approved_at = 0;
		rc = st->ops->partnership_amend(st, r, s->e);
	}
	return rc;
}

static int seed_places(struct seed *s)
{
	struct store *st = s->st;
	char name[120];

	for (int i = 0; i < SEED_COMMUNITIES; i++) {
		const struct seed_community *c = &seed_communities[i];
		struct community_rec r = { .name = c->name, .region = "Ontario", .rural = c->rural };
		int only[2] = { i, -1 };
		if (st->ops->community_create(st, &r, s->e))
			return TANDEM_EDB;
		s->community[i] = r.id;
		snprintf(name, sizeof name, "%s Local Immigration Partnership", c->name);
		s->lip[i] = add_org(s, name, "lip", only);
		if (!s->lip[i] || st->ops->community_set_lip(st, r.id, s->lip[i], s->e))
			return TANDEM_EDB;
	}
	for (int i = 0; i < SEED_SPOS; i++)
		if (!(s->spo[i] = add_org(s, seed_spos[i].name, "spo", seed_spos[i].communities)))
			return TANDEM_EDB;
	for (int i = 0; i < SEED_SAHS; i++)
		if (!(s->sah[i] = add_org(s, seed_sahs[i].name, "sah", seed_sahs[i].communities)))
			return TANDEM_EDB;
	s->funder = add_org(s, "Ontario Settlement Outcomes Fund", "funder", (const int[]){ -1 });
	if (!s->funder)
		return TANDEM_EDB;
	for (int i = 0; seed_partners[i][0] >= 0; i++) {
		char start[CLOCK_DATE_LEN];
		clock_date_format(s->today - 400, start);
		if (st->ops->partnership_create(st, s->spo[seed_partners[i][1]], s->sah[seed_partners[i][0]],
						start, NULL, s->e))
			return TANDEM_EDB;
	}
	return seed_terms(s);
}

/* A third serve virtually too, half have a specialisation; all serve their
 * SPO's communities in person (no communities listed). Drawn from the
 * worker's number, not the generator, so the rest of the data stays put. */
static int seed_profile(struct seed *s, int k)
{
	static const char *const specialities[] = { "mental_health", "health", "housing", "employment", "legal_documents" };
	struct worker_profile p = {
		.capacity = 25, .virtual_ok = k % 3 == 1, .specialisations = k % 2 ? specialities[k / 2 % 5] : "",
	};

	return s->st->ops->worker_profile_put(s->st, s->worker[k], &p, s->e);
}

static int seed_staff(struct seed *s)
{
	char langs[32];

	for (int i = 0; i < SEED_SPOS; i++) {
		const struct seed_org *o = &seed_spos[i];
		if (!(s->manager[i] = seed_person_user(s, &seed_english, o->domain, "spo_manager", "en,fr", s->spo[i], 0)))
			return TANDEM_EDB;
		for (int w = 0; w < o->workers && s->n_workers < SEED_WORKERS_MAX; w++) {
			const char *code = o->languages[w % 6];
			int k = s->n_workers;
			snprintf(langs, sizeof langs, "%s,en%s", code, seed_chance(s, 25) ? ",fr" : "");
			/* The demo worker is the first, so that worker_for favours it. */
			if (k == 0)
				s->worker[k] = add_user(s, "worker@tandem.example", "Amira Haddad", "worker",
							"ar,en,fr", s->spo[i], 0);
			else
				s->worker[k] = seed_person_user(s, language(code), o->domain, "worker",
								arena_strdup(s->a, langs), s->spo[i], 0);
			if (!s->worker[k] || seed_profile(s, k))
				return TANDEM_EDB;
			s->worker_spo[k] = i;
			s->worker_lang[k] = code;
			s->n_workers++;
		}
	}
	for (int i = 0; i < SEED_SAHS; i++)
		if (!seed_person_user(s, &seed_english, seed_sahs[i].domain, "sah_coordinator", "en", s->sah[i], 0))
			return TANDEM_EDB;
	for (int i = 0; i < SEED_COMMUNITIES; i++)
		if (!(s->lip_user[i] = seed_person_user(s, &seed_english, "lip.example", "lip_coordinator", "en",
							s->lip[i], 0)))
			return TANDEM_EDB;
	return 0;
}

static int weighted_community(struct seed *s)
{
	int total = 0, r;

	for (int i = 0; i < SEED_COMMUNITIES; i++)
		total += seed_communities[i].weight;
	r = seed_pick(s, total);
	for (int i = 0; i < SEED_COMMUNITIES; i++) {
		if (r < seed_communities[i].weight)
			return i;
		r -= seed_communities[i].weight;
	}
	return 0;
}

const struct seed_language *seed_weighted_language(struct seed *s)
{
	int total = 0, r;

	for (int i = 0; i < seed_languages_count; i++)
		total += seed_languages[i].weight;
	r = seed_pick(s, total);
	for (int i = 0; i < seed_languages_count; i++) {
		if (r < seed_languages[i].weight)
			return &seed_languages[i];
		r -= seed_languages[i].weight;
	}
	return &seed_languages[0];
}

/* Lifecycle states with their share of cases and when arrival falls. */
static const struct {
	const char *status;
	int weight, from, to;     /* arrival, in days from today */
	bool arrived;
} lifecycle[] = {
	{"referred", 10, 30, 90, false},
	{"assigned", 12, 20, 75, false},
	{"pre_arrival_met", 12, 3, 20, false},
	{"arrived", 10, -6, -1, true},
	{"needs_assessed", 10, -30, -7, true},
	{"active", 30, -355, -30, true},
	{"sponsorship_ended", 10, -400, -366, true},
	{"closed", 6, -520, -401, true},
};

static int weighted_state(struct seed *s)
{
	int r = seed_pick(s, 100);

	for (size_t i = 0; i < sizeof lifecycle / sizeof lifecycle[0]; i++) {
		if (r < lifecycle[i].weight)
			return (int)i;
		r -= lifecycle[i].weight;
	}
	return 0;
}

/* The SPO serving community c, preferring the one whose home it is. */
static int spo_of(int c)
{
	for (int k = 0; k < 3; k++)
		for (int i = 0; i < SEED_SPOS; i++)
			if (seed_spos[i].communities[k] == c)
				return i;
	return 0;
}

/* A worker of the SPO who speaks the family's language, else any of its
 * workers; the first worker (the demo login) is preferred for its cases. */
static int64_t worker_for(struct seed *s, int spo, const char *lang)
{
	int fallback = -1;

	for (int k = 0; k < s->n_workers; k++) {
		if (s->worker_spo[k] != spo)
			continue;
		if (fallback < 0 || seed_chance(s, 30))
			fallback = k;
		if (strcmp(s->worker_lang[k], lang) == 0 && (k == 0 || seed_chance(s, 60)))
			return s->worker[k];
	}
	return fallback >= 0 ? s->worker[fallback] : 0;
}

/* A family of at least min_size people, the principal applicant first;
 * from the third on, children. */
static int add_family(struct seed *s, int64_t case_id, const struct seed_language *l, const char *family,
		      int min_size, int64_t *principal)
{
	static const int sizes[] = { 1, 2, 2, 3, 3, 4, 4, 4, 5, 5, 6, 6, 7, 8 };
	int size = sizes[seed_pick(s, (int)(sizeof sizes / sizeof sizes[0]))], year = clock_year(s->now);
	bool male = seed_chance(s, 55);

	if (size < min_size)
		size = min_size;

	for (int i = 0; i < size; i++) {
		bool child = i >= 2 || (i == 1 && seed_chance(s, 25));
		bool m = i == 0 ? male : i == 1 && !child ? !male : seed_chance(s, 50);
		struct person_rec p = {
			.case_id = case_id, .family_name = family,
			.given_name = m ? l->male[seed_pick(s, SEED_NAMES)] : l->female[seed_pick(s, SEED_NAMES)],
			.relationship = i == 0 ? "principal_applicant" : child ? "child" : "spouse",
			.birth_year = child ? year - 1 - seed_pick(s, 17) : year - 24 - seed_pick(s, 32),
			.languages = child && seed_chance(s, 50) ? arena_printf(s->a, "%s,en", l->code) : l->code,
		};
		if (s->st->ops->person_create(s->st, &p, s->e))
			return TANDEM_EDB;
		if (i == 0) {
			*principal = p.id;
			snprintf(s->principal_name, sizeof s->principal_name, "%s %s", p.given_name, family);
		}
		s->n_people++;
	}
	return 0;
}

static int add_consent(struct seed *s, int64_t case_id, int64_t person, const char *aud, const char *cls,
		       int64_t at)
{
	struct consent_rec c = {
		.case_id = case_id, .person_id = person, .audience = aud, .data_class = cls, .granted_at = at,
	};
	return s->st->ops->consent_create(s->st, &c, s->e);
}

static int consents(struct seed *s, int64_t case_id, int64_t person, bool sponsored, bool settled, int64_t at)
{
	int rc = 0;

	if (sponsored && settled && seed_chance(s, 50))
		rc = add_consent(s, case_id, person, "sponsor_group", "needs", at);
	if (!rc && sponsored && settled && seed_chance(s, 15))
		rc = add_consent(s, case_id, person, "sponsor_group", "health", at);
	if (!rc && sponsored && seed_chance(s, 30))
		rc = add_consent(s, case_id, person, "sah", "needs", at);
	/* A family that may need its SAH's partner agency too (a move, a
	 * service its own agency lacks) lets it reach them. */
	if (!rc && sponsored && seed_chance(s, 25))
		rc = add_consent(s, case_id, person, "partner_spo", "contact", at);
	return rc;
}

/* When the family consented: on its arrival day once arrived, else at
 * the moment of seeding. */
static int64_t consent_time(const struct seed *s, const struct seed_story *t)
{
	return t->reached[CASE_ARRIVED] ? t->reached[CASE_ARRIVED] * 86400 + 18 * 3600 : s->now;
}

/* The moment the case last changed: its latest move, else its opening. */
static int64_t last_change(const struct seed_story *t)
{
	for (int st = t->state; st > CASE_REFERRED; st--)
		if (t->reached[st])
			return t->reached[st] * 86400 + 17 * 3600;
	return t->opened_at;
}

/* Case n. The first three belong to the demo sponsor's group, a parish
 * committee of the demo SAH sponsoring three families, with the demo
 * worker: one settled (the demo refugee's, parents with children) and two
 * awaiting their pre-arrival meeting. */
static int seed_case(struct seed *s, int n, int64_t *principal)
{
	const struct seed_language *l = seed_weighted_language(s);
	int stream = seed_pick(s, 100), state = weighted_state(s), c = weighted_community(s), g = -1;
	char expected[CLOCK_DATE_LEN], actual[CLOCK_DATE_LEN], phone[40], email[80];
	struct case_rec r = {0};
	struct seed_story t;
	int64_t arrival;
	int rc;

	if (n < 3) {
		l = &seed_languages[0];
		c = 0;
		stream = 0;
		state = n == 0 ? CASE_ACTIVE : CASE_ASSIGNED;
	}
	/* Close to Canada's recent admissions: about as many government-assisted
	 * as privately sponsored refugees, and few blended (BVOR). */
	r.stream = stream < 50 ? "PSR" : stream < 55 ? "BVOR" : "GAR";
	if (strcmp(r.stream, "GAR") != 0) {
		g = n == 0 ? seed_group_new(s, c, SEED_CONSTITUENT, 3, false) : n < 3 ? 0 : seed_group_for(s, c);
		if (g < 0)
			return TANDEM_EDB;
		if (n < 3)
			s->group_room[g]--;
		r.sponsor_group_id = s->group[g];
	}
	arrival = s->today + lifecycle[state].from + seed_pick(s, lifecycle[state].to - lifecycle[state].from + 1);
	seed_story(s, &t, (enum case_state)state, arrival);
	t.spo = spo_of(c);
	t.sah = g >= 0 ? s->group_sah[g] : -1;
	r.family_name = l->family[seed_pick(s, SEED_FAMILIES)];
	r.preferred_language = l->code;
	r.community_id = s->community[c];
	r.spo_org_id = s->spo[t.spo];
	r.status = lifecycle[state].status;
	r.worker_id = state > 0 ? worker_for(s, t.spo, l->code) : 0;
	clock_date_format(arrival - (lifecycle[state].arrived ? seed_pick(s, 5) : 0), expected);
	clock_date_format(arrival, actual);
	r.expected_arrival = expected;
	r.actual_arrival = lifecycle[state].arrived ? actual : NULL;
	snprintf(phone, sizeof phone, "+1 226 555 01%02d", n % 100);
	slug(email, 40, r.family_name);
	snprintf(email + strlen(email), sizeof email - strlen(email), ".family%d@mail.example", n + 1);
	r.contact_phone = lifecycle[state].arrived ? phone : NULL;
	r.contact_email = email;
	r.high_needs = seed_chance(s, 15);
	r.health_notes = n == 0 || seed_chance(s, 25) ? seed_health_notes[seed_pick(s, 7)] : NULL;
	r.worker_notes = r.worker_id && seed_chance(s, 30) ? seed_worker_notes[seed_pick(s, 6)] : NULL;
	r.created_at = t.opened_at;
	r.updated_at = last_change(&t);
	if (s->st->ops->case_create(s->st, &r, s->e)
	    || add_family(s, r.id, l, r.family_name, n == 0 ? 4 : 1, principal))
		return TANDEM_EDB;
	rc = n == 0 ? add_consent(s, r.id, *principal, "sponsor_group", "needs", consent_time(s, &t))
		: consents(s, r.id, *principal, g >= 0, lifecycle[state].arrived, consent_time(s, &t));
	return rc ? rc : seed_workflow(s, &r, &t, g >= 0 ? s->group_member[g] : 0);
}

/* A Group of Five (or a community sponsor) of the demo manager's SPO, in
 * an agreement with it for a hundred days, identity and status flowing
 * with consent; *g is the index of the group, or -1 if the demo drew none. */
static int seed_group_agreement(struct seed *s, int *g)
{
	struct partnership_rec r = { .spo_org_id = s->spo[0], .classes = "identity,status",
				     .referral_rule = "automatic" };
	char start[CLOCK_DATE_LEN];
	int rc;

	for (*g = 0; *g < s->n_groups; ++*g)
		if (s->group_kind[*g] != SEED_CONSTITUENT && spo_of(s->group_community[*g]) == 0)
			break;
	if (*g == s->n_groups) {
		*g = -1;
		return 0;
	}
	clock_date_format(s->today - 100, start);
	r.group_id = s->group[*g];
	r.community_ids = &s->community[s->group_community[*g]];
	r.n_community_ids = 1;
	r.starts_on = start;
	r.spo_approved_at = r.sah_approved_at = s->now - 100 * 86400;
	if (partnership_terms_template(true, s->a, &r.clauses, &r.n_clauses)
	    || partnership_terms_template(false, s->a, &r.activities, &r.n_activities))
		return tandem_fail(s->e, TANDEM_ENOMEM, NULL, "Out of memory.");
	if ((rc = s->st->ops->partnership_draft(s->st, &r, s->e)))
		return rc;
	r.status = "active";
	return s->st->ops->partnership_set_state(s->st, &r, s->e);
}

/* The sign-ins printed by make demo, one per role, on data they can use;
 * a second sponsor speaks for the Group of Five g (if any) in agreement
 * with an SPO. */
static int seed_logins(struct seed *s, int64_t refugee_person, const char *refugee_name, int g)
{
	struct store *st = s->st;
	int64_t id;

	if (g >= 0 && !add_user(s, "g5@tandem.example", "Claire Roy", "sponsor", "en,fr", 0, s->group[g]))
		return TANDEM_EDB;
	if (!add_user(s, "manager@tandem.example", "Mona Tremblay", "spo_manager", "en,fr,ar", s->spo[0], 0)
	    || !add_user(s, "sponsor@tandem.example", "Peter Campbell", "sponsor", "en", 0, s->group[0])
	    || !add_user(s, "sah@tandem.example", "Grace Wilson", "sah_coordinator", "en", s->sah[0], 0)
	    || !add_user(s, "lip@tandem.example", "Daniel Martin", "lip_coordinator", "en,fr", s->lip[0], 0)
	    || !add_user(s, "evaluator@tandem.example", "Laura Clarke", "evaluator", "en,fr", s->funder, 0)
	    || !add_user(s, "admin@tandem.example", "Sam Murphy", "admin", "en", 0, 0))
		return TANDEM_EDB;
	id = add_user(s, "refugee@tandem.example", refugee_name, "refugee", "ar", 0, 0);
	if (!id || st->ops->person_set_user(st, refugee_person, id, s->e))
		return TANDEM_EDB;
	return 0;
}

static int seed_all(struct seed *s)
{
	int64_t principal = 0, refugee_person = 0;
	char refugee_name[120] = "";
	int g5 = -1;
	struct audit_rec audit = { .at = s->now, .action = "seed.demo", .outcome = "allowed" };
	int rc;

	rc = seed_places(s);
	if (!rc)
		rc = seed_staff(s);
	for (int n = 0; !rc && n < SEED_CASES; n++) {
		rc = seed_case(s, n, &principal);
		if (n == 0) {
			refugee_person = principal;
			memcpy(refugee_name, s->principal_name, sizeof refugee_name);
		}
	}
	if (!rc)
		rc = seed_group_agreement(s, &g5);
	if (!rc)
		rc = seed_logins(s, refugee_person, refugee_name, g5);
	if (!rc)
		rc = seed_resources(s);
	if (!rc)
		rc = seed_events(s);
	if (!rc)
		rc = seed_announcements(s);
	if (!rc)
		rc = seed_workgroups(s);
	/* last: what it draws from the seed's numbers changes nothing above */
	if (!rc)
		rc = seed_event_history(s);
	if (!rc)
		rc = seed_surge(s);
	if (!rc)
		rc = seed_evidence(s);
	if (!rc) {
		audit.detail = arena_printf(s->a, "demo data: %d cases and %d arrival notices, %d people, %d accounts",
					    SEED_CASES, s->n_surge, s->n_people, s->n_users);
		rc = audit_append(s->st, &audit, s->e);
	}
	return rc;
}

static void print_logins(void)
{
	static const char *const roles[][2] = {
		{"worker", "worker@tandem.example"}, {"spo_manager", "manager@tandem.example"},
		{"sponsor", "sponsor@tandem.example"}, {"sponsor (G5)", "g5@tandem.example"},
		{"sah_coordinator", "sah@tandem.example"},
		{"refugee", "refugee@tandem.example"}, {"lip_coordinator", "lip@tandem.example"},
		{"evaluator", "evaluator@tandem.example"}, {"admin", "admin@tandem.example"},
	};

	printf("demo sign-ins (password: %s):\n", DEMO_PASSWORD);
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		printf("  %-16s %s\n", roles[i][0], roles[i][1]);
}

static int seed_empty(struct store *st, struct arena *a, struct tandem_err *e)
{
	struct community_rec *rows;
	size_t n;
	int rc = st->ops->community_list(st, a, &rows, &n, e);

	if (!rc && n)
		rc = tandem_fail(e, TANDEM_ECONFLICT, "not_empty",
				 "The database already holds data; seed a new one made by 'tandem init'.");
	return rc;
}

int cli_seed(int argc, char **argv)
{
	const char *cmd = "tandem seed", *db = NULL;
	bool demo = false;
	const struct cli_opt opts[] = { {"--db", &db, NULL}, {"--demo", NULL, &demo}, {0} };
	struct tandem_err e = {0};
	struct seed s = { .e = &e, .rng = 20201116 };
	int rc = cli_parse(cmd, usage, argc, argv, opts);

	if (rc)
		return rc < 0 ? CLI_OK : rc;
	if (!db || !demo)
		return cli_usage_error(cmd, "--demo and --db PATH are required");
	rc = cli_open(cmd, db, &s.st);
	if (rc)
		return rc;
	s.a = arena_new();
	s.now = clock_now();
	s.today = s.now / 86400;
	rc = s.a ? seed_empty(s.st, s.a, &e) : tandem_fail(&e, TANDEM_ENOMEM, NULL, "Out of memory.");
	if (!rc)
		rc = crypto_password_hash(s.pwhash, DEMO_PASSWORD);
	if (!rc)
		rc = s.st->ops->tx_begin(s.st, true, &e);
	if (!rc) {
		rc = seed_all(&s);
		if (!rc)
			rc = s.st->ops->tx_commit(s.st, &e);
		if (rc)
			s.st->ops->tx_rollback(s.st);
	}
	store_close(s.st);
	arena_free(s.a);
	if (rc)
		return cli_fail(cmd, &e);
	printf("seeded %s: %d communities, %d sponsor groups, %d cases and %d arrival notices to come, %d people,"
	       " %d accounts, %d meetings, %d messages\n", db, SEED_COMMUNITIES, s.n_groups, SEED_CASES, s.n_surge,
	       s.n_people, s.n_users, s.n_meetings, s.n_messages);
	print_logins();
	return CLI_OK;
}
