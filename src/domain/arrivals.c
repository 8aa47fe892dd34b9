/* arrivals.c - arrival notices: each row checked, its names resolved, and
 * applied through the case service, with the notice kept in the same
 * write as the case it made or changed. */
#include "arrivals.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../lib/buf.h"
#include "../lib/clock.h"
#include "../lib/csv.h"
#include "../lib/text.h"
#include "audit.h"
#include "cases.h"

enum { REFERENCE_MAX = 40, FAMILY_MAX = 30, YEAR_MIN = 1900 };

const char *const arrivals_columns[] = {
	"reference", "received", "stream", "family_name", "family_size", "birth_years", "language", "community",
	"expected_arrival", "sponsor_group", "rap_holder", "special_needs", "cancelled", NULL
};

static const char *const outcome_names[] = { "created", "amended", "cancelled", "unchanged", "rejected" };

const char *arrivals_outcome_name(enum arrivals_outcome o)
{
	return o < ARRIVALS__OUTCOMES ? outcome_names[o] : "unknown";
}

/* The columns a notice cannot do without. */
static bool required(enum notice_column c)
{
	return c != NOTICE_FAMILY_NAME && c < NOTICE_SPONSOR_GROUP;
}

static int header(const struct csv_record *h, int *col_of, struct tandem_err *e)
{
	bool seen[NOTICE__MAX] = {0};

	for (size_t i = 0; i < h->n; i++) {
		int c = text_lookup(arrivals_columns, h->fields[i]);
		if (c < 0 || seen[c])
			return tandem_fail(e, TANDEM_EINVAL, "invalid_file", "line %ld: column \"%.40s\" is %s.", h->line,
					   h->fields[i], c < 0 ? "not one of a notice's" : "named twice");
		seen[c] = true;
		col_of[i] = c;
	}
	for (int c = 0; c < NOTICE__MAX; c++)
		if (required((enum notice_column)c) && !seen[c])
			return tandem_fail(e, TANDEM_EINVAL, "invalid_file", "line %ld: the column %s is missing.",
					   h->line, arrivals_columns[c]);
	return 0;
}

int arrivals_read_csv(const char *text, size_t len, struct arena *a, struct arrivals_row **rows, size_t *n,
		      struct tandem_err *e)
{
	struct csv_reader r;
	struct csv_record rec;
	int col_of[NOTICE__MAX], rc;
	size_t cap = 0, ncols;

	*rows = NULL, *n = 0;
	if (!text_utf8_valid(text, len))
		return tandem_fail(e, TANDEM_EINVAL, "invalid_file", "The file is not UTF-8 text.");
	csv_reader_init(&r, text, len);
	if ((rc = csv_read(&r, a, &rec, e)) <= 0)
		return rc ? rc : tandem_fail(e, TANDEM_EINVAL, "invalid_file", "The file is empty: its first line"
					     " names the columns.");
	if (rec.n > NOTICE__MAX)
		return tandem_fail(e, TANDEM_EINVAL, "invalid_file", "line %ld: more columns than a notice has.", rec.line);
	if ((rc = header(&rec, col_of, e)))
		return rc;
	ncols = rec.n;
	while ((rc = csv_read(&r, a, &rec, e)) != 0) {
		struct arrivals_row *row;
		if (rc == TANDEM_ENOMEM || !(*rows = arena_grow(a, *rows, *n, *n + 1, &cap, 64, sizeof **rows)))
			return tandem_fail(e, TANDEM_ENOMEM, NULL, "The file is too big.");
		row = &(*rows)[(*n)++];
		*row = (struct arrivals_row){ .line = rec.line };
		if (rc < 0)
			row->fault = arena_strdup(a, e->msg);
		else if (rec.n != ncols)
			row->fault = arena_printf(a, "it has %zu fields and the first line %zu.", rec.n, ncols);
		else
			for (size_t i = 0; i < rec.n; i++)
				row->v[col_of[i]] = rec.fields[i];
	}
	return 0;
}

/* A community, organization or group, by the name or id a notice gives. */
struct named {
	int64_t id;
	const char *name;
	bool fits;                  /* of the kind the column asks for */
};

/* The directory a file's names are resolved against, read once. */
struct directory {
	struct named *communities, *spos, *groups;
	size_t n_communities, n_spos, n_groups;
};

static int directory_load(struct store *st, struct arena *a, struct directory *d, struct tandem_err *e)
{
	struct community_rec *c;
	struct org_rec *o;
	struct group_rec *g;
	size_t nc, no, ng;
	int rc = st->ops->community_list(st, a, &c, &nc, e);

	if (!rc)
		rc = st->ops->org_list(st, a, &o, &no, e);
	if (!rc)
		rc = st->ops->group_list(st, a, &g, &ng, e);
	if (rc)
		return rc;
	d->communities = arena_alloc(a, (nc + 1) * sizeof *d->communities);
	d->spos = arena_alloc(a, (no + 1) * sizeof *d->spos);
	d->groups = arena_alloc(a, (ng + 1) * sizeof *d->groups);
	if (!d->communities || !d->spos || !d->groups)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	for (size_t i = 0; i < nc; i++)
		d->communities[i] = (struct named){ c[i].id, c[i].name, true };
	for (size_t i = 0; i < no; i++)
		d->spos[i] = (struct named){ o[i].id, o[i].name, strcmp(o[i].kind, "spo") == 0 };
	for (size_t i = 0; i < ng; i++)
		d->groups[i] = (struct named){ g[i].id, g[i].name, true };
	d->n_communities = nc, d->n_spos = no, d->n_groups = ng;
	return 0;
}

/* A column's value refused; the message's first %s is the column's name. */
#define BAD(e, c, fmt, ...) \
	tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", arrivals_columns[c], fmt, arrivals_columns[c], __VA_ARGS__)

/* *id: the one of list named v (its id, or its name in any case); 0 for an
 * empty v. */
static int resolve(const struct named *list, size_t n, enum notice_column c, const char *what, const char *v,
		   int64_t *id, struct tandem_err *e)
{
	int64_t want = 0;
	size_t found = 0;

	*id = 0;
	if (text_blank(v))
		return 0;
	if (!text_parse_id(v, &want))
		want = 0;
	for (size_t i = 0; i < n; i++)
		if (list[i].fits && (want ? list[i].id == want : strcasecmp(list[i].name, v) == 0))
			*id = list[i].id, found++;
	if (found == 1)
		return 0;
	*id = 0;
	return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", arrivals_columns[c], found
				 ? "%s \"%.60s\" names more than one %s: give its id." : "%s \"%.60s\" names no %s.",
				 arrivals_columns[c], v, what);
}

static int day_of(enum notice_column c, const char *v, int64_t *day, struct tandem_err *e)
{
	return clock_date_parse(v, day) ? 0 : BAD(e, c, "%s \"%.20s\" is not a date written YYYY-MM-DD.", v);
}

static int flag_of(enum notice_column c, const char *v, bool *out, struct tandem_err *e)
{
	static const char *const no[] = { "", "no", "false", "0", "n", NULL };
	static const char *const yes[] = { "yes", "true", "1", "y", NULL };
	char low[8];

	snprintf(low, sizeof low, "%s", v ? v : "");
	text_ascii_lower(low);
	*out = text_lookup(yes, low) >= 0;
	if (*out || (strlen(v ? v : "") < sizeof low && text_lookup(no, low) >= 0))
		return 0;
	return BAD(e, c, "%s is yes or no, not \"%.20s\".", v);
}

static bool reference_valid(const char *v)
{
	size_t n = strlen(v);

	if (!n || n > REFERENCE_MAX)
		return false;
	for (const char *p = v; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')
		      || strchr("-_/.", *p)))
			return false;
	return true;
}

/* The members' birth years, as many as the family has, separated by
 * spaces, commas or semicolons; written back one space apart. */
static int years_of(const char *v, int size, int this_year, struct arena *a, const char **out, struct tandem_err *e)
{
	char *canon = arena_alloc(a, (size_t)size * 5 + 1), *w = canon;
	const char *p = v;
	int count = 0;

	if (!canon)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	while (*p) {
		long y;
		char *end;
		if (strchr(" ,;", *p)) {
			p++;
			continue;
		}
		y = strtol(p, &end, 10);
		if (end - p != 4 || y < YEAR_MIN || y > this_year || (*end && !strchr(" ,;", *end)))
			return BAD(e, NOTICE_BIRTH_YEARS, "%s holds \"%.40s\": each is a year of four digits, not in the"
				   " future.", v);
		if (++count > size)
			break;
		w += sprintf(w, "%s%ld", w == canon ? "" : " ", y);
		p = end;
	}
	if (count != size)
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", arrivals_columns[NOTICE_BIRTH_YEARS],
					 "birth_years gives %s%d years for a family of %d.", count > size ? "more than " : "",
					 count > size ? size : count, size);
	*out = canon;
	return 0;
}

/* A row, checked, as the notice to keep and the family's name for a new
 * case (NULL: the reference stands for it until a worker writes it). */
struct notice_in {
	struct notice_rec rec;
	const char *family_name;
};

static const char *given(const struct arrivals_row *row, enum notice_column c)
{
	return row->v[c] ? row->v[c] : "";
}

static const char *day_text(struct arena *a, int64_t day)
{
	char out[CLOCK_DATE_LEN];

	clock_date_format(day, out);
	return arena_strdup(a, out);
}

static int check_dates(const struct arrivals_row *row, const struct actor *ac, struct arena *a,
		       struct notice_in *in, struct tandem_err *e)
{
	int64_t received, expected, today;
	int rc = day_of(NOTICE_RECEIVED, given(row, NOTICE_RECEIVED), &received, e);

	if (!rc)
		rc = day_of(NOTICE_EXPECTED, given(row, NOTICE_EXPECTED), &expected, e);
	if (rc)
		return rc;
	if (clock_date_parse(ac->today, &today) && received > today)
		return BAD(e, NOTICE_RECEIVED, "%s %s is in the future.", row->v[NOTICE_RECEIVED]);
	if (expected < received)
		return BAD(e, NOTICE_EXPECTED, "%s %s is before the notice was received.", row->v[NOTICE_EXPECTED]);
	/* as the server writes dates, whatever the file's way */
	in->rec.received = day_text(a, received);
	in->rec.expected_arrival = day_text(a, expected);
	return in->rec.received && in->rec.expected_arrival ? 0 : tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
}

static int check_family(const struct arrivals_row *row, const struct actor *ac, struct arena *a,
			struct notice_in *in, struct tandem_err *e)
{
	const char *name = given(row, NOTICE_FAMILY_NAME);
	long size;
	int rc;

	if (!text_parse_int(given(row, NOTICE_FAMILY_SIZE), 1, FAMILY_MAX, &size))
		return BAD(e, NOTICE_FAMILY_SIZE, "%s is a number from 1 to 30, not \"%.20s\".",
			   given(row, NOTICE_FAMILY_SIZE));
	in->rec.family_size = (int)size;
	rc = years_of(given(row, NOTICE_BIRTH_YEARS), (int)size, atoi(ac->today), a, &in->rec.birth_years, e);
	if (!rc && !text_blank(name))
		rc = field_check_text(field_find(case_fields, case_fields_count, "family_name"), name, e);
	if (rc)
		return rc;
	in->family_name = text_blank(name) ? NULL : name;
	return 0;
}

static int check_row(const struct arrivals_row *row, const struct actor *ac, const struct directory *d,
		     struct arena *a, struct notice_in *in, struct tandem_err *e)
{
	const char *ref = given(row, NOTICE_REFERENCE), *stream = given(row, NOTICE_STREAM);
	const char *lang = given(row, NOTICE_LANGUAGE);
	int rc;

	*in = (struct notice_in){ .rec = { .reference = ref } };
	if (row->fault)
		return tandem_fail(e, TANDEM_EINVAL, "invalid_row", "The line cannot be read: %s", row->fault);
	if (!reference_valid(ref))
		return BAD(e, NOTICE_REFERENCE, "%s \"%.60s\" is not a notice's reference: up to 40 letters, digits"
			   " and - _ / .", ref);
	if (text_lookup(case_streams, stream) < 0)
		return BAD(e, NOTICE_STREAM, "%s is GAR, PSR or BVOR, not \"%.20s\".", stream);
	in->rec.stream = stream;
	if ((rc = check_dates(row, ac, a, in, e)) || (rc = check_family(row, ac, a, in, e)))
		return rc;
	if (field_check_text(field_find(case_fields, case_fields_count, "preferred_language"), lang, e))
		return BAD(e, NOTICE_LANGUAGE, "%s must be an ISO 639 language code such as \"ar\", not \"%.20s\".",
			   lang);
	in->rec.language = lang;
	if (text_blank(given(row, NOTICE_COMMUNITY)))
		return tandem_fail_field(e, TANDEM_EINVAL, "missing_field", "community", "community is needed.");
	if ((rc = resolve(d->communities, d->n_communities, NOTICE_COMMUNITY, "community",
			  given(row, NOTICE_COMMUNITY), &in->rec.community_id, e))
	    || (rc = resolve(d->groups, d->n_groups, NOTICE_SPONSOR_GROUP, "sponsor group",
			     given(row, NOTICE_SPONSOR_GROUP), &in->rec.sponsor_group_id, e))
	    || (rc = resolve(d->spos, d->n_spos, NOTICE_RAP_HOLDER, "settlement organization",
			     given(row, NOTICE_RAP_HOLDER), &in->rec.rap_org_id, e)))
		return rc;
	if (!strcmp(stream, "GAR") && in->rec.sponsor_group_id)
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "sponsor_group", "sponsor_group is for"
					 " privately sponsored families; a GAR family has none.");
	if (strcmp(stream, "GAR") && !in->rec.sponsor_group_id)
		return BAD(e, NOTICE_SPONSOR_GROUP, "%s is needed for a %s family.", stream);
	if ((rc = flag_of(NOTICE_SPECIAL_NEEDS, row->v[NOTICE_SPECIAL_NEEDS], &in->rec.special_needs, e)))
		return rc;
	return flag_of(NOTICE_CANCELLED, row->v[NOTICE_CANCELLED], &in->rec.cancelled, e);
}

static bool same_text(const char *x, const char *y)
{
	return strcmp(x ? x : "", y ? y : "") == 0;
}

static bool notice_same(const struct notice_rec *x, const struct notice_rec *y)
{
	return same_text(x->received, y->received) && same_text(x->stream, y->stream)
		&& x->family_size == y->family_size && same_text(x->birth_years, y->birth_years)
		&& same_text(x->language, y->language) && x->community_id == y->community_id
		&& same_text(x->expected_arrival, y->expected_arrival) && x->sponsor_group_id == y->sponsor_group_id
		&& x->rap_org_id == y->rap_org_id && x->special_needs == y->special_needs
		&& x->cancelled == y->cancelled;
}

/* What the notice's write keeps with the case's: the notice itself, and
 * what it changed (change, NULL: nothing to tell) for the case's history. */
struct keep {
	const struct actor *ac;
	struct notice_rec *rec;
	struct notice_change *change;
	bool create;                /* decided before the run: a retry finds rec->id set */
};

static int keep_fn(struct store *st, int64_t case_id, void *arg, struct tandem_err *e)
{
	struct keep *k = arg;
	int rc;

	if (k->create)
		k->rec->id = 0;
	k->rec->case_id = case_id;
	k->rec->updated_by = k->ac->user.id;
	k->rec->updated_at = clock_now();
	rc = st->ops->notice_put(st, k->rec, e);
	if (rc || !k->change)
		return rc;
	k->change->case_id = case_id;
	k->change->reference = k->rec->reference;
	k->change->by_user = k->ac->user.id;
	k->change->at = k->rec->updated_at;
	return st->ops->notice_change_add(st, k->change, e);
}

/* keep_fn alone, for a notice that changes nothing on its case. */
struct keep_only {
	struct keep *k;
	int64_t case_id;
};

static int keep_only_fn(struct store *st, void *arg, struct tandem_err *e)
{
	struct keep_only *o = arg;

	return keep_fn(st, o->case_id, o->k, e);
}

static field_set field_bit(const char *name)
{
	return 1ull << (field_find(case_fields, case_fields_count, name) - case_fields);
}

static int create(struct store *st, const struct actor *ac, struct notice_in *in, struct arena *a,
		  struct arrivals_result *res, struct tandem_err *e)
{
	struct case_rec c = {
		.family_name = in->family_name ? in->family_name : in->rec.reference,
		.preferred_language = in->rec.language, .stream = in->rec.stream,
		.expected_arrival = in->rec.expected_arrival, .community_id = in->rec.community_id,
		.sponsor_group_id = in->rec.sponsor_group_id, .spo_org_id = in->rec.rap_org_id,
		.high_needs = in->rec.special_needs,
	};
	field_set set = field_bit("family_name") | field_bit("preferred_language") | field_bit("stream")
		| field_bit("expected_arrival") | field_bit("community_id");
	struct keep k = { ac, &in->rec, NULL, true };
	struct case_view v;
	int rc;

	if (in->rec.cancelled) {
		res->outcome = ARRIVALS_UNCHANGED;
		res->message = "The notice was cancelled before any case was made for it.";
		return 0;
	}
	set |= (c.sponsor_group_id ? field_bit("sponsor_group_id") : 0) | (c.spo_org_id ? field_bit("spo_org_id") : 0)
		| (c.high_needs ? field_bit("high_needs") : 0);
	rc = cases_create(st, ac, &c, set, &(struct cases_with){ keep_fn, &k }, a, &v, e);
	res->outcome = ARRIVALS_CREATED;
	res->case_id = rc ? 0 : v.rec.id;
	return rc;
}

/* The case fields an amended notice moves (those whose value in the notice
 * changed, into c), and what changed for the case's history. Special needs
 * and birth years are changed on the case or kept with the notice, never
 * named in the history, which readers of the case's status read. */
static field_set amended(const struct notice_rec *old, const struct notice_rec *in, enum case_state s,
			 struct case_rec *c, struct arena *a, struct notice_change *change)
{
	const char *cols[NOTICE__MAX];
	size_t n = 0;
	field_set set = 0;
	bool open = s != CASE_CLOSED && s != CASE_SPONSORSHIP_ENDED;

	*change = (struct notice_change){0};
	if (!same_text(old->expected_arrival, in->expected_arrival)) {
		cols[n++] = arrivals_columns[NOTICE_EXPECTED];
		change->expected_from = old->expected_arrival, change->expected_to = in->expected_arrival;
		if (open && s < CASE_ARRIVED)
			c->expected_arrival = in->expected_arrival, set |= field_bit("expected_arrival");
	}
	if (!same_text(old->received, in->received))
		cols[n++] = arrivals_columns[NOTICE_RECEIVED];
	if (!same_text(old->stream, in->stream))
		cols[n++] = arrivals_columns[NOTICE_STREAM], c->stream = in->stream, set |= field_bit("stream");
	if (!same_text(old->language, in->language))
		cols[n++] = arrivals_columns[NOTICE_LANGUAGE], c->preferred_language = in->language,
		set |= field_bit("preferred_language");
	if (old->community_id != in->community_id)
		cols[n++] = arrivals_columns[NOTICE_COMMUNITY], c->community_id = in->community_id,
		set |= field_bit("community_id");
	if (old->sponsor_group_id != in->sponsor_group_id)
		cols[n++] = arrivals_columns[NOTICE_SPONSOR_GROUP], c->sponsor_group_id = in->sponsor_group_id,
		set |= field_bit("sponsor_group_id");
	if (old->rap_org_id != in->rap_org_id) {
		cols[n++] = arrivals_columns[NOTICE_RAP_HOLDER];
		if (in->rap_org_id)
			c->spo_org_id = in->rap_org_id, set |= field_bit("spo_org_id");
	}
	if (old->cancelled != in->cancelled)
		cols[n++] = arrivals_columns[NOTICE_CANCELLED];
	if (old->special_needs != in->special_needs)
		c->high_needs = in->special_needs, set |= field_bit("high_needs");
	change->columns = "";
	for (size_t i = 0; i < n; i++)
		change->columns = arena_printf(a, "%s%s%s", change->columns, i ? "," : "", cols[i]);
	return open ? set : 0;
}

/* The notice kept and its change told, with no change to the case: by
 * whoever may change the case. */
static int keep_only(struct store *st, const struct actor *ac, struct case_view *cur, struct keep *k,
		     struct tandem_err *e)
{
	struct audit_rec ar;

	if (!policy_case_can(cur->who, POLICY_CASE_UPDATE))
		return cases_refuse(st, ac, "case.update", cur->rec.id, "status", e, "You may not change this case.");
	ar = audit_entry(ac->user.id, "case.update", cur->rec.id, "status", "allowed", "arrival notice");
	return audit_run(st, keep_only_fn, &(struct keep_only){ k, cur->rec.id }, &ar, 1, e);
}

/* A cancelled notice: the case withdrawn before arrival, by those who may
 * close it (the SPO's staff; a SAH's coordinator may not, and is refused);
 * after arrival or once closed, only the notice kept. */
static int cancel(struct store *st, const struct actor *ac, struct notice_in *in, struct case_view *cur,
		  struct keep *k, struct arena *a, struct arrivals_result *res, struct tandem_err *e)
{
	enum case_state s = (enum case_state)lifecycle_state_parse(cur->rec.status);
	struct case_view v;

	res->outcome = ARRIVALS_CANCELLED;
	k->change = NULL;
	if (s < CASE_ARRIVED)
		return cases_transition(st, ac, cur->rec.id, "closed", NULL,
					arena_printf(a, "Arrival notice %s cancelled.", in->rec.reference),
					&(struct cases_with){ keep_fn, k }, a, &v, e);
	res->message = s >= CASE_SPONSORSHIP_ENDED ? "The case was closed already."
		: "The family has arrived: the case stays open.";
	if (s < CASE_SPONSORSHIP_ENDED)
		k->change = arena_alloc(a, sizeof *k->change);
	if (k->change)
		k->change->columns = arrivals_columns[NOTICE_CANCELLED];
	return keep_only(st, ac, cur, k, e);
}

/* A known notice given again: nothing, its changes, or its cancellation,
 * to the case cur it made. */
static int amend(struct store *st, const struct actor *ac, const struct notice_rec *old, struct notice_in *in,
		 struct case_view *cur, struct arena *a, struct arrivals_result *res, struct tandem_err *e)
{
	enum case_state s = (enum case_state)lifecycle_state_parse(cur->rec.status);
	struct notice_change change;
	struct keep k = { ac, &in->rec, &change, false };
	struct case_rec c = {0};
	struct case_view v;
	field_set set;

	in->rec.id = old->id;
	res->case_id = old->case_id;
	if (notice_same(old, &in->rec)) {
		res->outcome = ARRIVALS_UNCHANGED;
		return 0;
	}
	if (old->cancelled && !in->rec.cancelled && s == CASE_CLOSED)
		return tandem_fail_field(e, TANDEM_ECONFLICT, "case_closed", "cancelled", "The notice was cancelled"
					 " and its case closed; a closed case is not opened again: give the notice a new"
					 " reference.");
	if (in->rec.cancelled && !old->cancelled)
		return cancel(st, ac, in, cur, &k, a, res, e);
	res->outcome = ARRIVALS_AMENDED;
	set = amended(old, &in->rec, s, &c, a, &change);
	if (!change.columns[0])
		k.change = NULL;   /* special needs or birth years only: nothing to tell */
	if (set)
		return cases_update(st, ac, old->case_id, &c, set, &(struct cases_with){ keep_fn, &k }, a, &v, e);
	return keep_only(st, ac, cur, &k, e);
}

/* Whether a row's failure is the row's (reported, the others go on) rather
 * than the store's (the import stops). */
static bool of_the_row(int rc)
{
	return rc == TANDEM_EINVAL || rc == TANDEM_EDENIED || rc == TANDEM_ECONFLICT || rc == TANDEM_ENOTFOUND;
}

/* A case field named in a refusal, as the notice's column that gave it. */
static const char *column_of(const char *field)
{
	static const char *const pairs[][2] = {
		{ "preferred_language", "language" }, { "community_id", "community" },
		{ "sponsor_group_id", "sponsor_group" }, { "spo_org_id", "rap_holder" },
		{ "high_needs", "special_needs" },
	};

	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
		if (!strcmp(field, pairs[i][0]))
			return pairs[i][1];
	return field;
}

/* The first row before i with the same reference, or NULL. */
static const struct arrivals_row *earlier(const struct arrivals_row *rows, size_t i)
{
	const char *ref = rows[i].v[NOTICE_REFERENCE];

	for (size_t k = 0; ref && *ref && k < i; k++)
		if (rows[k].v[NOTICE_REFERENCE] && !strcmp(rows[k].v[NOTICE_REFERENCE], ref))
			return &rows[k];
	return NULL;
}

static int apply_row(struct store *st, const struct actor *ac, const struct directory *d,
		     const struct arrivals_row *rows, size_t i, struct arena *a, struct arrivals_result *res,
		     struct tandem_err *e)
{
	const struct arrivals_row *first = earlier(rows, i);
	struct notice_in in;
	struct notice_rec old;
	struct case_view cur;
	int rc;

	/* one notice once: a second would amend the first on every import */
	if (first)
		return tandem_fail_field(e, TANDEM_EINVAL, "duplicate_reference", "reference", "The reference was given"
					 " already, on line %ld.", first->line);
	if ((rc = check_row(&rows[i], ac, d, a, &in, e)))
		return rc;
	rc = st->ops->notice_get(st, in.rec.reference, a, &old, e);
	if (rc == TANDEM_ENOTFOUND)
		return create(st, ac, &in, a, res, e);
	/* Opened, not read: the notice's own fields are all it looks at, and an
	 * unchanged notice writes nothing, not even the record of a read. */
	if (!rc)
		rc = cases_open(st, ac, old.case_id, "case.update", a, &cur, e);
	return rc ? rc : amend(st, ac, &old, &in, &cur, a, res, e);
}

static void rejected(struct arena *a, const struct tandem_err *row_e, struct arrivals_result *res)
{
	char *msg = arena_strdup(a, row_e->msg);

	/* a message quoting input by a count of bytes may end mid-character */
	if (msg)
		text_utf8_trim(msg);
	*res = (struct arrivals_result){
		.line = res->line, .reference = res->reference, .outcome = ARRIVALS_REJECTED,
		.code = arena_strdup(a, row_e->slug), .field = row_e->field[0] ? column_of(arena_strdup(a, row_e->field))
		: NULL, .message = msg,
	};
}

int arrivals_apply(struct store *st, const struct actor *ac, const struct arrivals_row *rows, size_t n,
		   struct arena *a, struct arrivals_report *out, struct tandem_err *e)
{
	struct directory d = {0};
	int rc;

	*out = (struct arrivals_report){ .rows = arena_alloc(a, (n + 1) * sizeof *out->rows) };
	if (!out->rows)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	if (!policy_role_can(ac->role, POLICY_ARRIVALS_IMPORT))
		return cases_refuse(st, ac, policy_action_name(POLICY_ARRIVALS_IMPORT), 0, NULL, e,
				    "Arrival notices are for an SPO's managers and a SAH's coordinators.");
	if ((rc = directory_load(st, a, &d, e)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		struct arrivals_result *res = &out->rows[out->n];
		struct tandem_err row_e = {0};
		*res = (struct arrivals_result){ .line = rows[i].line, .reference = rows[i].v[NOTICE_REFERENCE] };
		rc = apply_row(st, ac, &d, rows, i, a, res, &row_e);
		if (rc && !of_the_row(rc)) {
			*e = row_e;
			return rc;
		}
		if (rc)
			rejected(a, &row_e, res);
		out->counts[res->outcome]++;
		out->n++;
	}
	return 0;
}

int arrivals_changes(struct store *st, const struct actor *ac, int64_t case_id, struct arena *a,
		     struct notice_change **out, size_t *n, struct tandem_err *e)
{
	struct case_view v;
	int rc = cases_open(st, ac, case_id, "case.history", a, &v, e);

	return rc ? rc : st->ops->notice_changes(st, case_id, a, out, n, e);
}
