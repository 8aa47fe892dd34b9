/* matching.c - proposals of workers for an SPO's waiting cases, explained,
 * and their application, all or none, against stamps of what they saw. */
#include "matching.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/buf.h"
#include "../lib/crypto.h"
#include "../lib/text.h"
#include "audit.h"
#include "cases.h"
#include "languages.h"
#include "needs.h"

#define S(x) ((x) ? (x) : "")

/* The SPO's cases and workers as the store gave them, as the solver takes
 * them, and the language codes behind the solver's language numbers. */
struct matching_input {
	struct match_case_rec *crec;
	struct match_worker_rec *wrec;
	size_t nc, nw;
	struct match_case *cases;
	struct match_worker *workers;
	const char *codes[MATCH_LANGUAGES_MAX];
	int n_codes;
};

static int matching_allowed(struct store *st, const struct actor *ac, int64_t spo, const char *action,
			    struct arena *a, struct tandem_err *e)
{
	struct org_rec o;
	struct tandem_err ignored;

	if (ac && !policy_manages_spo(&ac->policy, spo))
		return cases_refuse(st, ac, action, 0, NULL, e, "Only the SPO's managers match its cases.");
	if (st->ops->org_get(st, spo, a, &o, &ignored) || strcmp(o.kind, "spo") != 0)
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "spo_org_id",
					 "spo_org_id names no settlement organization.");
	return 0;
}

/* Copies the next item of the comma-separated list *s into buf, trimmed,
 * and moves past it; false when the list is done. */
static bool matching_item(const char **s, char *buf, size_t size)
{
	const char *p = *s, *end;
	size_t n;

	while (*p == ' ' || *p == ',')
		p++;
	if (!*p)
		return false;
	for (end = p; *end && *end != ','; end++)
		;
	*s = end;
	while (end > p && end[-1] == ' ')
		end--;
	n = (size_t)(end - p) < size - 1 ? (size_t)(end - p) : size - 1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return true;
}

/* The solver's number for a language code: known ones, or with add a new one
 * while there is room; -1 otherwise. */
static int matching_code(struct matching_input *in, const char *code, bool add, struct arena *a)
{
	for (int i = 0; i < in->n_codes; i++)
		if (strcmp(in->codes[i], code) == 0)
			return i;
	if (!add || in->n_codes == MATCH_LANGUAGES_MAX || !(in->codes[in->n_codes] = arena_strdup(a, code)))
		return -1;
	return in->n_codes++;
}

static uint64_t matching_speaks(struct matching_input *in, const char *list, bool add, struct arena *a)
{
	uint64_t bits = 0;
	char code[16];
	int k;

	while (list && matching_item(&list, code, sizeof code))
		if ((k = matching_code(in, code, add, a)) >= 0)
			bits |= UINT64_C(1) << k;
	return bits;
}

static uint32_t matching_needs(const char *list)
{
	uint32_t bits = 0;
	char domain[32];
	int k;

	while (list && matching_item(&list, domain, sizeof domain))
		if ((k = text_lookup(needs_domains, domain)) >= 0)
			bits |= 1u << k;
	return bits;
}

static int matching_case(struct matching_input *in, size_t i, struct arena *a, struct tandem_err *e)
{
	const struct match_case_rec *r = &in->crec[i];
	struct match_case *c = &in->cases[i];
	int64_t day = 0;

	c->id = r->id;
	c->language = matching_code(in, r->preferred_language, true, a);
	c->speaks = matching_speaks(in, r->languages, true, a);
	if (c->language < 0)
		return tandem_fail(e, TANDEM_ETOOBIG, NULL, "The cases speak more than %d languages; match one community at a time.",
				   MATCH_LANGUAGES_MAX);
	c->speaks |= UINT64_C(1) << c->language;
	c->community = (int)r->community_id;
	c->needs = matching_needs(r->needs);
	c->high_needs = r->high_needs, c->first_time = r->first_time;
	/* An unknown arrival counts as the latest: no earlier, no sooner served. */
	c->arrival_day = r->expected_arrival && clock_date_parse(r->expected_arrival, &day) ? (int)day : -1;
	return 0;
}

static void matching_worker(struct matching_input *in, size_t j, struct arena *a)
{
	const struct match_worker_rec *r = &in->wrec[j];
	struct match_worker *w = &in->workers[j];
	int *ids = arena_alloc(a, (r->n_communities + 1) * sizeof(int)), n = 0;

	for (size_t k = 0; ids && k < r->n_communities; k++)
		ids[n++] = (int)r->community_ids[k];
	*w = (struct match_worker){
		.id = r->id, .speaks = matching_speaks(in, r->languages, false, a), .communities = ids,
		.n_communities = n, .virtual_ok = r->virtual_ok, .specialisations = matching_needs(r->specialisations),
		.interpretation_ok = r->interpretation_ok, .load = r->open_cases, .capacity = r->capacity,
	};
}

static int matching_load(struct store *st, int64_t spo, int64_t community, struct arena *a,
			 struct matching_input *in, struct tandem_err *e)
{
	int latest = -1, rc = st->ops->match_cases(st, spo, community, a, &in->crec, &in->nc, e);

	if (!rc)
		rc = st->ops->match_workers(st, spo, a, &in->wrec, &in->nw, e);
	if (rc)
		return rc;
	in->cases = arena_alloc(a, (in->nc + 1) * sizeof *in->cases);
	in->workers = arena_alloc(a, (in->nw + 1) * sizeof *in->workers);
	if (!in->cases || !in->workers)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	for (size_t i = 0; i < in->nc && !rc; i++)
		if (!(rc = matching_case(in, i, a, e)) && in->cases[i].arrival_day > latest)
			latest = in->cases[i].arrival_day;
	for (size_t i = 0; i < in->nc; i++)
		if (in->cases[i].arrival_day < 0)
			in->cases[i].arrival_day = latest;
	for (size_t j = 0; j < in->nw; j++)
		matching_worker(in, j, a);
	return rc;
}

static void matching_stamp(char out[MATCHING_STAMP_LEN], const char *s)
{
	char hex[CRYPTO_HASH_HEX];

	crypto_sha256_hex(hex, s, strlen(s));
	memcpy(out, hex, MATCHING_STAMP_LEN - 1);
	out[MATCHING_STAMP_LEN - 1] = '\0';
}

/* Everything the matcher read of a case, or of a worker: a stamp that no
 * longer holds means they changed. */
static void matching_case_stamp(const struct match_case_rec *r, struct arena *a, char out[MATCHING_STAMP_LEN])
{
	matching_stamp(out, S(arena_printf(a, "%lld|%s|%s|%lld|%s|%d|%d|%s|%lld", (long long)r->id,
					   r->preferred_language, S(r->languages), (long long)r->community_id,
					   S(r->needs), r->high_needs, r->first_time, S(r->expected_arrival),
					   (long long)r->updated_at)));
}

static void matching_worker_stamp(const struct match_worker_rec *r, char out[MATCHING_STAMP_LEN])
{
	struct buf b;

	buf_init(&b, 64 * 1024);
	buf_printf(&b, "%lld|%s|%s|%d|%d|%d|%d|", (long long)r->id, S(r->languages), S(r->specialisations),
		   r->capacity, r->open_cases, r->virtual_ok, r->interpretation_ok);
	for (size_t k = 0; k < r->n_communities; k++)
		buf_printf(&b, "%lld,", (long long)r->community_ids[k]);
	matching_stamp(out, S(b.data));
	buf_free(&b);
}

/* The needs of mask, comma-separated, as they are named in the API. */
static const char *matching_domains(uint32_t mask, struct arena *a)
{
	char list[256] = "";

	for (int k = 0; needs_domains[k]; k++)
		if (mask >> k & 1)
			snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", *list ? "," : "", needs_domains[k]);
	return arena_strdup(a, list);
}

/* "mental_health" as a manager says it: "mental-health". */
static void matching_words(struct buf *b, const char *domain)
{
	for (const char *p = domain; *p; p++)
		buf_append(b, *p == '_' ? "-" : p, 1);
}

static void matching_needs_words(struct buf *b, const char *list, bool specialised)
{
	char domain[32];

	while (list && matching_item(&list, domain, sizeof domain)) {
		buf_puts(b, specialised ? "; " : "; no ");
		matching_words(b, domain);
		buf_puts(b, " specialisation for a flagged need");
	}
}

static const char *matching_explain(const struct matching_proposal *p, const struct matching_input *in,
				    const struct match_case *c, struct arena *a)
{
	struct buf b;
	const char *pref = languages_name(in->codes[c->language]), *s;

	buf_init(&b, 4096);
	if (strcmp(p->how, "interpreter") == 0)
		buf_printf(&b, "works with a %s interpreter", pref);
	else if (strcmp(p->how, "other") == 0)
		buf_printf(&b, "speaks %s, the family's other language (they prefer %s)", languages_name(p->language), pref);
	else
		buf_printf(&b, "speaks %s", pref);
	buf_printf(&b, "; serves %s%s; %d of %d places left", p->community, p->in_person ? "" : " virtually",
		   p->places_left, p->capacity);
	matching_needs_words(&b, p->specialised, true);
	matching_needs_words(&b, p->unspecialised, false);
	s = arena_strdup(a, b.data ? b.data : "");
	buf_free(&b);
	return s;
}

static const char *matching_why_not(enum match_reason why, const struct matching_input *in,
				    const struct match_case *c, const char *community, struct arena *a)
{
	const char *pref = languages_name(in->codes[c->language]);

	if (why == MATCH_NO_LANGUAGE)
		return arena_printf(a, "no worker speaks %s or another language of the family, and none may work with an interpreter",
				    pref);
	if (why == MATCH_NO_PLACE)
		return arena_printf(a, "no worker speaks %s in %s or serves it virtually", pref, community);
	if (why == MATCH_FULL)
		return arena_strdup(a, "every worker who fits already has as many open cases as places");
	if (why == MATCH_NO_CAPACITY)
		return arena_strdup(a, "every worker who fits has no place left once cases of higher priority are matched");
	return arena_strdup(a, "every worker who fits has no place left once cases of higher priority, or of the same "
			       "priority that fit them as well or better, are matched");
}

static void matching_propose_one(struct matching_proposal *p, const struct matching_input *in, size_t i, int j,
				 const int *taken, const struct match_weights *wt, struct arena *a)
{
	const struct match_case *c = &in->cases[i];
	const struct match_worker *w = &in->workers[j];
	static const char *const hows[] = { "preferred", "other", "interpreter" };
	int language;

	p->case_id = c->id, p->worker_id = w->id;
	p->worker_name = in->wrec[j].name, p->community = in->crec[i].community;
	p->how = hows[match_how(c, w, wt, &language)];
	p->language = in->codes[language];
	p->in_person = false;
	for (int k = 0; k < w->n_communities; k++)
		p->in_person |= w->communities[k] == c->community;
	p->capacity = w->capacity, p->places_left = w->capacity - w->load - taken[j];
	p->specialised = matching_domains(c->needs & w->specialisations, a);
	p->unspecialised = matching_domains(c->needs & ~w->specialisations, a);
	p->cost = match_pair_cost(c, w, wt);
	p->explanation = matching_explain(p, in, c, a);
	matching_case_stamp(&in->crec[i], a, p->case_stamp);
	matching_worker_stamp(&in->wrec[j], p->worker_stamp);
}

static const char *const matching_reasons[] = { "", "no_language", "no_place", "full", "no_capacity",
						 "same_priority" };

static int matching_fill(const struct matching_input *in, const struct match_result *r, const struct match_weights *wt,
			 struct arena *a, struct matching_run *out, struct tandem_err *e)
{
	int *taken = arena_alloc(a, (in->nw + 1) * sizeof(int));

	out->proposals = arena_alloc(a, ((size_t)r->matched + 1) * sizeof *out->proposals);
	out->unmatched = arena_alloc(a, (in->nc - (size_t)r->matched + 1) * sizeof *out->unmatched);
	out->workers = arena_alloc(a, (in->nw + 1) * sizeof *out->workers);
	if (!taken || !out->proposals || !out->unmatched || !out->workers)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	memset(taken, 0, (in->nw + 1) * sizeof(int));
	for (size_t i = 0; i < in->nc; i++)
		if (r->worker[i] >= 0)
			taken[r->worker[i]]++;
	for (size_t i = 0; i < in->nc; i++) {
		if (r->worker[i] >= 0) {
			matching_propose_one(&out->proposals[out->n_proposals++], in, i, r->worker[i], taken, wt, a);
			continue;
		}
		struct matching_unmatched *u = &out->unmatched[out->n_unmatched++];
		u->case_id = in->cases[i].id, u->reason = matching_reasons[r->reason[i]];
		u->community = in->crec[i].community, u->language = in->crec[i].preferred_language;
		u->explanation = matching_why_not(r->reason[i], in, &in->cases[i], in->crec[i].community, a);
		matching_case_stamp(&in->crec[i], a, u->case_stamp);
	}
	for (size_t j = 0; j < in->nw; j++) {
		struct matching_worker *w = &out->workers[out->n_workers++];
		w->id = in->wrec[j].id, w->name = in->wrec[j].name, w->languages = S(in->wrec[j].languages);
		w->open_cases = in->wrec[j].open_cases, w->capacity = in->wrec[j].capacity;
		matching_worker_stamp(&in->wrec[j], w->stamp);
	}
	out->total_cost = r->total_cost;
	return 0;
}

int matching_propose(struct store *st, const struct actor *ac, int64_t spo_org_id, int64_t community_id,
		     const struct match_weights *wt, struct arena *a, struct matching_run *out, struct tandem_err *e)
{
	struct matching_input in = { 0 };
	struct match_result r = { 0 };
	struct community_rec cm;
	struct tandem_err ignored;
	struct audit_rec ar;
	int rc = matching_allowed(st, ac, spo_org_id, "match.propose", a, e);

	memset(out, 0, sizeof *out);
	out->spo_org_id = spo_org_id;
	if (!rc && community_id && st->ops->community_get(st, community_id, a, &cm, &ignored))
		rc = tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "community_id", "community_id names no community.");
	if (!rc)
		rc = matching_load(st, spo_org_id, community_id, a, &in, e);
	if (!rc)
		rc = match_solve(in.cases, in.nc, in.workers, in.nw, wt, &r, e);
	if (!rc)
		rc = matching_fill(&in, &r, wt, a, out, e);
	match_result_free(&r);
	if (rc)
		return rc;
	ar = audit_entry(ac ? ac->user.id : 0, "match.propose", 0, "needs", "allowed",
			 arena_printf(a, "spo %lld: %zu proposed, %zu unmatched", (long long)spo_org_id,
				      out->n_proposals, out->n_unmatched));
	return audit_record(st, &ar, 1, e);
}

/* Both record types lead with their id, and the store lists them by id. */
static int matching_id_cmp(const void *key, const void *rec)
{
	int64_t a = *(const int64_t *)key, b = *(const int64_t *)rec;

	return (a > b) - (a < b);
}

static ptrdiff_t matching_find(const void *recs, size_t n, size_t size, int64_t id)
{
	const char *r = bsearch(&id, recs, n, size, matching_id_cmp);

	return r ? (r - (const char *)recs) / (ptrdiff_t)size : -1;
}

/* Whether the assignment still holds: its case waits, its worker works for
 * the SPO, neither changed, and the worker has a place for it. */
static int matching_check(struct store *st, int64_t spo, const struct matching_input *in,
			  const struct matching_assignment *as, size_t k, int *taken, unsigned char *used, struct arena *a,
			  struct tandem_err *e)
{
	ptrdiff_t i = matching_find(in->crec, in->nc, sizeof *in->crec, as->case_id);
	ptrdiff_t j = matching_find(in->wrec, in->nw, sizeof *in->wrec, as->worker_id);
	const struct match_case_rec *c = i >= 0 ? &in->crec[i] : NULL;
	const struct match_worker_rec *w = j >= 0 ? &in->wrec[j] : NULL;
	char stamp[MATCHING_STAMP_LEN];
	struct case_rec cur;
	struct tandem_err ignored;

	if (c && used[i]++)
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "case_id",
					 "Assignment %zu names case %lld a second time.", k + 1, (long long)as->case_id);
	if (!c && !st->ops->case_get(st, as->case_id, a, &cur, &ignored) && cur.spo_org_id == spo)
		return tandem_fail(e, TANDEM_ECONFLICT, "stale", "Case %lld no longer waits for a worker; propose again.",
				   (long long)as->case_id);
	if (!c)
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "case_id",
					 "Assignment %zu names no case of this SPO waiting for a worker.", k + 1);
	if (!w)
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "worker_id",
					 "Assignment %zu names no active worker of this SPO.", k + 1);
	matching_case_stamp(c, a, stamp);
	if (!as->case_stamp || strcmp(stamp, as->case_stamp) != 0)
		return tandem_fail(e, TANDEM_ECONFLICT, "stale", "Case %lld changed since the proposal; propose again.",
				   (long long)as->case_id);
	matching_worker_stamp(w, stamp);
	if (!as->worker_stamp || strcmp(stamp, as->worker_stamp) != 0)
		return tandem_fail(e, TANDEM_ECONFLICT, "stale", "%s's cases or profile changed since the proposal; propose again.",
				   w->name);
	if (w->open_cases + ++taken[j] > w->capacity)
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "worker_id",
					 "%s would hold %d cases, more than their %d places.", w->name,
					 w->open_cases + taken[j], w->capacity);
	return 0;
}

struct applying {
	int64_t by, spo;
	const struct matching_assignment *as;
	size_t n;
	struct arena *a;
};

/* Reads the SPO afresh inside the write transaction, so nothing can change
 * between the checks and the writes. */
static int matching_write(struct store *st, void *arg, struct tandem_err *e)
{
	const struct applying *x = arg;
	int64_t by = x->by, spo = x->spo;
	const struct matching_assignment *as = x->as;
	size_t n = x->n;
	struct arena *a = x->a;
	struct matching_input in = { 0 };
	struct audit_rec ar;
	struct case_rec r;
	unsigned char *used = NULL;
	int *taken = NULL, rc = st->ops->match_cases(st, spo, 0, a, &in.crec, &in.nc, e);

	if (!rc)
		rc = st->ops->match_workers(st, spo, a, &in.wrec, &in.nw, e);
	if (!rc && (!(taken = arena_alloc(a, (in.nw + 1) * sizeof(int))) || !(used = arena_alloc(a, in.nc + 1))))
		rc = tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	if (!rc) {
		memset(taken, 0, (in.nw + 1) * sizeof(int));
		memset(used, 0, in.nc + 1);
	}
	for (size_t k = 0; k < n && !rc; k++)
		rc = matching_check(st, spo, &in, &as[k], k, taken, used, a, e);
	for (size_t k = 0; k < n && !rc; k++)
		if (!(rc = st->ops->case_get(st, as[k].case_id, a, &r, e)))
			rc = cases_assign_in_tx(st, by, &r, as[k].worker_id, "matched", a, e);
	if (rc)
		return rc;
	ar = audit_entry(by, "match.apply", 0, "status", "allowed",
			 arena_printf(a, "spo %lld: %zu assigned", (long long)spo, n));
	return audit_append(st, &ar, e);
}

int matching_apply(struct store *st, const struct actor *ac, int64_t spo_org_id,
		   const struct matching_assignment *as, size_t n, struct arena *a, struct tandem_err *e)
{
	int rc = matching_allowed(st, ac, spo_org_id, "match.apply", a, e);

	if (!rc && (n == 0 || n > MATCHING_APPLY_MAX))
		rc = tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "assignments",
				       "Apply from 1 to %d assignments at once.", MATCHING_APPLY_MAX);
	if (rc)
		return rc;
	return audit_run(st, matching_write, &(struct applying){ ac ? ac->user.id : 0, spo_org_id, as, n, a }, NULL, 0,
			 e);
}
