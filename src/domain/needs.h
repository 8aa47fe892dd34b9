/* needs.h - the needs assessment of a case: per domain a level and a note,
 * kept as history, the latest of each domain being the current view. Notes
 * on health and mental health are health data; the rest are needs data. */
#ifndef TANDEM_NEEDS_H
#define TANDEM_NEEDS_H

#include "cases.h"

extern const char *const needs_domains[];
extern const char *const needs_levels[];

/* The class of a note in domain: POLICY_HEALTH or POLICY_NEEDS. */
enum policy_class needs_note_class(const char *domain);

/* The current assessment (or, with history, every record, newest first).
 * *readable says which of needs and health the reader may see; with
 * neither, the list is empty. */
int needs_list(struct store *st, const struct actor *ac, int64_t case_id, bool history, struct arena *a,
	       struct need_rec **out, size_t *n, policy_mask *readable, struct tandem_err *e);
/* Records the n assessments at once (domain, level, note, flagged_pre_arrival
 * of each; flagged defaults to "before arrival" by the case's state). */
int needs_record(struct store *st, const struct actor *ac, int64_t case_id, struct need_rec *in, size_t n,
		 const bool *flag_given, struct arena *a, struct tandem_err *e);

#endif
