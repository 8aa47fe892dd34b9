/* plan.c - the action plan's template, its tasks and who moves them. */
#include "plan.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "../lib/clock.h"
#include "../lib/text.h"
#include "audit.h"

enum { PLAN_TASKS_MAX = 64, PLAN_LANGS = 3, PLAN_TITLE_MAX = 256 };

extern const char plan_template_json[];   /* data/plan-template.json, embedded at build */

static const char *const langs[PLAN_LANGS + 1] = { "en", "fr", "ar", NULL };

struct template_task {
	char key[40], responsible[16];
	int due_days;
	bool children;
	char titles[PLAN_LANGS][PLAN_TITLE_MAX];   /* "" where the template lacks a language */
};

static struct template_task template_tasks[PLAN_TASKS_MAX];
static size_t template_count;
static pthread_once_t template_once = PTHREAD_ONCE_INIT;

static const char *const parties[] = { "sponsor", "worker", "refugee", "shared", NULL };
static const char *const task_statuses[] = { "todo", "doing", "done", "not_needed", NULL };

#define TF(name, kind, flags, max, choices) \
	{ #name, POLICY_STATUS, kind, flags, offsetof(struct task_rec, name), max, choices }

/* Plan progress is status data (DESIGN.md section 4): everyone the case is
 * shared with sees the plan. */
const struct field_def task_fields[] = {
	TF(id, FIELD_ID, FIELD_READONLY, 0, NULL),
	TF(title, FIELD_TEXT, 0, 200, NULL),
	TF(responsible, FIELD_ENUM, FIELD_REQUIRED, 16, parties),
	TF(due_on, FIELD_DATE, FIELD_NULLABLE, 10, NULL),
	TF(status, FIELD_ENUM, 0, 16, task_statuses),
	TF(notes, FIELD_TEXT, FIELD_NULLABLE, 2000, NULL),
};
const size_t task_fields_count = sizeof task_fields / sizeof task_fields[0];

/* The template is checked by a unit test; a task without what it needs is
 * left out rather than stopping the server. */
static void template_load(void)
{
	json_t *doc = json_loads(plan_template_json, 0, NULL), *tasks, *t;
	size_t i;

	tasks = json_object_get(doc, "tasks");
	json_array_foreach(tasks, i, t) {
		struct template_task *tt = &template_tasks[template_count];
		const char *key = json_string_value(json_object_get(t, "key"));
		const char *resp = json_string_value(json_object_get(t, "responsible"));
		if (template_count == PLAN_TASKS_MAX || !key || !resp || text_lookup(parties, resp) < 0
		    || !json_is_integer(json_object_get(t, "due_days")))
			continue;
		snprintf(tt->key, sizeof tt->key, "%s", key);
		snprintf(tt->responsible, sizeof tt->responsible, "%s", resp);
		tt->due_days = (int)json_integer_value(json_object_get(t, "due_days"));
		tt->children = json_is_true(json_object_get(t, "children"));
		for (int l = 0; l < PLAN_LANGS; l++) {
			const char *title = json_string_value(json_object_get(json_object_get(t, "title"), langs[l]));
			snprintf(tt->titles[l], PLAN_TITLE_MAX, "%s", title ? title : "");
		}
		if (tt->titles[0][0])
			template_count++;
	}
	json_decref(doc);
}

static const struct template_task *template_find(const char *key)
{
	pthread_once(&template_once, template_load);
	for (size_t i = 0; key && i < template_count; i++)
		if (strcmp(template_tasks[i].key, key) == 0)
			return &template_tasks[i];
	return NULL;
}

const char *plan_title(const struct task_rec *t, const char *lang)
{
	const struct template_task *tt = template_find(t->template_key);
	int l = text_lookup(langs, lang);

	if (!tt)
		return t->title ? t->title : t->template_key;
	return l > 0 && tt->titles[l][0] ? tt->titles[l] : tt->titles[0];
}

int64_t plan_due(const struct task_rec *t, const char *arrival)
{
	int64_t day;

	if (t->due_on && clock_date_parse(t->due_on, &day))
		return day;
	if (t->has_due_days && arrival && clock_date_parse(arrival, &day))
		return day + t->due_days;
	return 0;
}

static bool has_children(struct store *st, int64_t case_id, struct arena *a, struct tandem_err *e)
{
	struct person_rec *people;
	size_t n;
	int year = clock_year(clock_now());

	if (st->ops->person_list(st, case_id, a, &people, &n, e))
		return false;
	for (size_t i = 0; i < n; i++)
		if (people[i].birth_year > year - 18)
			return true;
	return false;
}

int plan_instantiate(struct store *st, const struct case_rec *r, int64_t by, struct arena *a, struct tandem_err *e)
{
	struct task_rec *existing;
	size_t n;
	bool children;
	int rc = st->ops->task_list(st, r->id, a, &existing, &n, e);

	if (rc || n)
		return rc;
	pthread_once(&template_once, template_load);
	children = has_children(st, r->id, a, e);
	for (size_t i = 0; !rc && i < template_count; i++) {
		const struct template_task *tt = &template_tasks[i];
		struct task_rec t = {
			.case_id = r->id, .template_key = tt->key, .responsible = tt->responsible, .status = "todo",
			.due_days = tt->due_days, .has_due_days = true, .updated_by = by,
			.created_at = clock_now(), .updated_at = clock_now(),
		};
		if (tt->children && !children)
			continue;
		rc = st->ops->task_create(st, &t, e);
	}
	return rc;
}

int plan_list(struct store *st, const struct actor *ac, int64_t case_id, struct arena *a,
	      struct case_view *c, struct task_view **out, size_t *n, struct tandem_err *e)
{
	struct task_rec *rows;
	int rc = cases_open(st, ac, case_id, "plan.read", a, c, e);

	if (!rc)
		rc = st->ops->task_list(st, case_id, a, &rows, n, e);
	if (rc)
		return rc;
	*out = arena_alloc(a, (*n + 1) * sizeof **out);
	if (!*out)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	for (size_t i = 0; i < *n; i++)
		(*out)[i] = (struct task_view){ rows[i], actions_task(c->who, rows[i].responsible) };
	return 0;
}

static int write_audited(struct store *st, const struct actor *ac, int64_t case_id, const char *action,
			 const char *detail, int (*fn)(struct store *, void *, struct tandem_err *), void *arg,
			 struct tandem_err *e)
{
	struct audit_rec ar = audit_entry(ac->user.id, action, case_id, "status", "allowed", detail);

	return audit_run(st, fn, arg, &ar, 1, e);
}

struct instantiate_arg {
	const struct case_rec *rec;
	int64_t by;
	struct arena *a;
};

static int instantiate_fn(struct store *st, void *arg, struct tandem_err *e)
{
	struct instantiate_arg *x = arg;
	return plan_instantiate(st, x->rec, x->by, x->a, e);
}

int plan_create(struct store *st, const struct actor *ac, int64_t case_id, struct arena *a, struct tandem_err *e)
{
	struct instantiate_arg arg;
	struct task_view *tasks;
	struct case_view v;
	size_t n;
	int rc = plan_list(st, ac, case_id, a, &v, &tasks, &n, e);

	if (rc)
		return rc;
	if (!actions_case_may(v.who, ACTIONS_CASE_MANAGE_PLAN))
		return cases_refuse(st, ac, "plan.create", case_id, "status", e,
				    "Only the assigned worker or the SPO's managers make the plan.");
	if (n)
		return tandem_fail(e, TANDEM_ECONFLICT, "plan_exists", "This case has a plan already.");
	arg = (struct instantiate_arg){ &v.rec, ac->user.id, a };
	return write_audited(st, ac, case_id, "plan.create", "from the template", instantiate_fn, &arg, e);
}

static bool given(field_set set, const char *name)
{
	return field_given(task_fields, task_fields_count, set, name);
}

/* Whether the caller may change these fields of task cur: its title, party
 * and date are the plan's managers'; its progress (status, notes) belongs
 * to the parties the policy's task table names, and any change needs it. */
static const char *refusal_of(const struct case_view *v, const struct task_rec *cur, field_set set)
{
	bool manage = given(set, "title") || given(set, "responsible") || given(set, "due_on");
	actions_set may = actions_task(v->who, cur->responsible);

	if (manage && !(may & (1u << ACTIONS_TASK_MANAGE)))
		return "Only the assigned worker or the SPO's managers reassign or reschedule tasks.";
	if (!(may & (1u << ACTIONS_TASK_PROGRESS)))
		return "You may not change this task: it is another party's to do.";
	return NULL;
}

static void apply(struct task_rec *dst, const struct task_rec *in, field_set set)
{
	field_apply(task_fields, task_fields_count, dst, in, set);
	/* A task given its own title or date leaves the template's. */
	if (given(set, "title") && dst->title)
		dst->template_key = NULL;
	if (given(set, "due_on"))
		dst->has_due_days = false;
}

struct saving {
	struct task_rec *rec;
	bool create;            /* decided before the run: a retry finds rec->id set */
};

static int save_fn(struct store *st, void *arg, struct tandem_err *e)
{
	const struct saving *x = arg;
	return x->create ? st->ops->task_create(st, x->rec, e) : st->ops->task_update(st, x->rec, e);
}

int plan_save(struct store *st, const struct actor *ac, int64_t case_id, int64_t id, const struct task_rec *in,
	      field_set set, struct arena *a, struct task_view *out, struct tandem_err *e)
{
	const char *action = id ? "plan.update" : "plan.create", *refusal = NULL;
	struct task_rec cur = {0};
	struct case_view v;
	int rc = cases_open(st, ac, case_id, action, a, &v, e);

	if (rc)
		return rc;
	if (id) {
		rc = st->ops->task_get(st, id, a, &cur, e);
		if (!rc && cur.case_id != case_id)
			rc = tandem_fail(e, TANDEM_ENOTFOUND, "not_found", "This case has no such task.");
		if (rc)
			return rc;
	} else if (!given(set, "title") || !given(set, "responsible")) {
		return tandem_fail_field(e, TANDEM_EINVAL, "missing_field", given(set, "title") ? "responsible" : "title",
					 "A new task needs a title and a responsible party.");
	}
	if (!id && !actions_case_may(v.who, ACTIONS_CASE_MANAGE_PLAN))
		refusal = "Only the assigned worker or the SPO's managers add tasks.";
	else if (id)
		refusal = refusal_of(&v, &cur, set);
	if (refusal)
		return cases_refuse(st, ac, action, case_id, "status", e, refusal);
	if (id && given(set, "title") && !in->title)
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "title", "title cannot be removed.");
	if (!id)
		cur = (struct task_rec){ .case_id = case_id, .status = "todo", .created_at = clock_now() };
	apply(&cur, in, set);
	cur.updated_by = ac->user.id;
	cur.updated_at = clock_now();
	rc = write_audited(st, ac, case_id, action, arena_printf(a, "task %s", cur.template_key ? cur.template_key
			   : "added"), save_fn, &(struct saving){ &cur, !id }, e);
	if (!rc)
		*out = (struct task_view){ cur, actions_task(v.who, cur.responsible) };
	return rc;
}
