/* plan.h - the Collaborative Action Plan: tasks made from the template in
 * data/plan-template.json when a case is assigned, each with the party that
 * does it, a due date from arrival and a status; moved along by whoever
 * the policy's task table allows. */
#ifndef TANDEM_PLAN_H
#define TANDEM_PLAN_H

#include "actions.h"
#include "cases.h"

extern const struct field_def task_fields[];
extern const size_t task_fields_count;

/* The title of a task in language lang ("en", "fr", "ar"; English when the
 * template lacks it). */
const char *plan_title(const struct task_rec *t, const char *lang);
/* The task's due date in days since 1970 from the arrival date, 0 for none. */
int64_t plan_due(const struct task_rec *t, const char *arrival);

/* Makes the template's tasks for case r inside the caller's write
 * transaction, unless the case has tasks already. */
int plan_instantiate(struct store *st, const struct case_rec *r, int64_t by, struct arena *a, struct tandem_err *e);

struct task_view {
	struct task_rec rec;
	actions_set actions;   /* what the reader may do with it (enum actions_task) */
};

int plan_list(struct store *st, const struct actor *ac, int64_t case_id, struct arena *a,
	      struct case_view *c, struct task_view **out, size_t *n, struct tandem_err *e);
/* Creates the plan from the template for a case that has none. */
int plan_create(struct store *st, const struct actor *ac, int64_t case_id, struct arena *a, struct tandem_err *e);
/* Adds a task (id 0) or changes one; in holds the fields in set. */
int plan_save(struct store *st, const struct actor *ac, int64_t case_id, int64_t id, const struct task_rec *in,
	      field_set set, struct arena *a, struct task_view *out, struct tandem_err *e);

#endif
