/* case_fields.c - the tables of case and person fields, and value checks. */
#include "case_fields.h"

#include <stdint.h>
#include <string.h>

#include "../lib/clock.h"
#include "../lib/err.h"
#include "../lib/text.h"
#include "../store/store.h"

const char *const case_streams[] = { "PSR", "BVOR", "GAR", NULL };
const char *const case_statuses[] = {
	"referred", "assigned", "pre_arrival_met", "arrived", "needs_assessed",
	"active", "sponsorship_ended", "closed", NULL
};

#define CF(name, cls, kind, flags, max, choices) \
	{ #name, cls, kind, flags, offsetof(struct case_rec, name), max, choices }

const struct field_def case_fields[] = {
	CF(id, POLICY_STATUS, FIELD_ID, FIELD_READONLY, 0, NULL),
	CF(family_name, POLICY_IDENTITY, FIELD_TEXT, FIELD_REQUIRED, 100, NULL),
	CF(preferred_language, POLICY_IDENTITY, FIELD_LANGUAGE, FIELD_REQUIRED, 8, NULL),
	CF(contact_phone, POLICY_CONTACT, FIELD_PHONE, FIELD_NULLABLE, 32, NULL),
	CF(contact_email, POLICY_CONTACT, FIELD_EMAIL, FIELD_NULLABLE, 254, NULL),
	CF(address, POLICY_CONTACT, FIELD_TEXT, FIELD_NULLABLE, 200, NULL),
	CF(stream, POLICY_STATUS, FIELD_ENUM, FIELD_REQUIRED, 8, case_streams),
	CF(status, POLICY_STATUS, FIELD_ENUM, FIELD_READONLY, 24, case_statuses),
	CF(expected_arrival, POLICY_STATUS, FIELD_DATE, FIELD_NULLABLE, 10, NULL),
	CF(actual_arrival, POLICY_STATUS, FIELD_DATE, FIELD_NULLABLE, 10, NULL),
	CF(sponsor_group_id, POLICY_STATUS, FIELD_ID, FIELD_NULLABLE, 0, NULL),
	CF(community_id, POLICY_STATUS, FIELD_ID, FIELD_REQUIRED, 0, NULL),
	CF(spo_org_id, POLICY_STATUS, FIELD_ID, FIELD_NULLABLE, 0, NULL),
	CF(worker_id, POLICY_STATUS, FIELD_ID, FIELD_NULLABLE, 0, NULL),
	CF(high_needs, POLICY_NEEDS, FIELD_BOOL, 0, 0, NULL),
	CF(health_notes, POLICY_HEALTH, FIELD_TEXT, FIELD_NULLABLE, 4000, NULL),
	CF(worker_notes, POLICY_NOTES, FIELD_TEXT, FIELD_NULLABLE, 4000, NULL),
	CF(created_at, POLICY_STATUS, FIELD_TIME, FIELD_READONLY, 0, NULL),
	CF(updated_at, POLICY_STATUS, FIELD_TIME, FIELD_READONLY, 0, NULL),
};
const size_t case_fields_count = sizeof case_fields / sizeof case_fields[0];

#define PF(name, cls, kind, flags, max) \
	{ #name, cls, kind, flags, offsetof(struct person_rec, name), max, NULL }

const struct field_def person_fields[] = {
	PF(id, POLICY_IDENTITY, FIELD_ID, FIELD_READONLY, 0),
	PF(given_name, POLICY_IDENTITY, FIELD_TEXT, FIELD_REQUIRED, 100),
	PF(family_name, POLICY_IDENTITY, FIELD_TEXT, FIELD_REQUIRED, 100),
	PF(relationship, POLICY_IDENTITY, FIELD_TEXT, FIELD_REQUIRED, 40),
	PF(birth_year, POLICY_IDENTITY, FIELD_YEAR, FIELD_REQUIRED, 0),
	PF(languages, POLICY_IDENTITY, FIELD_TEXT, 0, 100),
	PF(phone, POLICY_CONTACT, FIELD_PHONE, FIELD_NULLABLE, 32),
	PF(email, POLICY_CONTACT, FIELD_EMAIL, FIELD_NULLABLE, 254),
};
const size_t person_fields_count = sizeof person_fields / sizeof person_fields[0];

const struct field_def *field_find(const struct field_def *defs, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(defs[i].name, name) == 0)
			return &defs[i];
	return NULL;
}

bool field_given(const struct field_def *defs, size_t n, uint64_t set, const char *name)
{
	const struct field_def *f = field_find(defs, n, name);
	return f && (set & (1ull << (f - defs)));
}

const char *field_text(const void *rec, const struct field_def *f)
{
	const char *const *p = (const void *)((const char *)rec + f->offset);
	return *p;
}

void field_set_text(void *rec, const struct field_def *f, const char *v)
{
	const char **p = (void *)((char *)rec + f->offset);
	*p = v;
}

long long field_int(const void *rec, const struct field_def *f)
{
	const char *p = (const char *)rec + f->offset;

	if (f->kind == FIELD_BOOL)
		return *(const bool *)p;
	if (f->kind == FIELD_YEAR)
		return *(const int *)p;
	return *(const int64_t *)p;
}

void field_set_int(void *rec, const struct field_def *f, long long v)
{
	char *p = (char *)rec + f->offset;

	if (f->kind == FIELD_BOOL)
		*(bool *)p = v != 0;
	else if (f->kind == FIELD_YEAR)
		*(int *)p = (int)v;
	else
		*(int64_t *)p = v;
}

void field_apply(const struct field_def *defs, size_t n, void *dst, const void *src, uint64_t set)
{
	for (size_t i = 0; i < n; i++) {
		const struct field_def *f = &defs[i];
		if (!(set & (1ull << i)))
			continue;
		if (f->kind == FIELD_ID || f->kind == FIELD_BOOL || f->kind == FIELD_TIME || f->kind == FIELD_YEAR)
			field_set_int(dst, f, field_int(src, f));
		else
			field_set_text(dst, f, field_text(src, f));
	}
}

static bool language_valid(const char *v)
{
	size_t n = strlen(v);

	if (n < 2 || n > 3)
		return false;
	for (size_t i = 0; i < n; i++)
		if (v[i] < 'a' || v[i] > 'z')
			return false;
	return true;
}

static bool phone_valid(const char *v)
{
	int digits = 0;

	for (const char *p = v; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (!strchr("+-() .", *p))
			return false;
	}
	return digits >= 7 && digits <= 15;
}

static bool text_clean(const char *v)
{
	/* Control characters other than newline and tab have no place in a
	 * name or a note, and would corrupt exports and logs. */
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
			return false;
	return true;
}

int field_check_text(const struct field_def *f, const char *v, struct tandem_err *e)
{
	size_t n = strlen(v);

	if (f->max && n > f->max)
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", f->name,
					 "%s is longer than %zu bytes.", f->name, f->max);
	if (!text_utf8_valid(v, n) || !text_clean(v))
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", f->name,
					 "%s contains characters that are not allowed.", f->name);
	switch (f->kind) {
	case FIELD_TEXT:
		if (text_blank(v))
			return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", f->name,
						 "%s must not be empty.", f->name);
		return 0;
	case FIELD_EMAIL:
		return text_email_valid(v) ? 0 : tandem_fail_field(e, TANDEM_EINVAL, "invalid_field",
			f->name, "%s is not an e-mail address.", f->name);
	case FIELD_PHONE:
		return phone_valid(v) ? 0 : tandem_fail_field(e, TANDEM_EINVAL, "invalid_field",
			f->name, "%s is not a phone number.", f->name);
	case FIELD_LANGUAGE:
		return language_valid(v) ? 0 : tandem_fail_field(e, TANDEM_EINVAL, "invalid_field",
			f->name, "%s must be an ISO 639 language code such as \"ar\" or \"prs\".", f->name);
	case FIELD_DATE:
		return clock_date_parse(v, NULL) ? 0 : tandem_fail_field(e, TANDEM_EINVAL, "invalid_field",
			f->name, "%s must be a date written YYYY-MM-DD.", f->name);
	case FIELD_DATETIME: {
		int64_t t;
		int offset;
		return clock_rfc3339_parse(v, &t, &offset) ? 0 : tandem_fail_field(e, TANDEM_EINVAL,
			"invalid_field", f->name, "%s must be a time with its offset, such as"
			" 2026-12-01T14:00:00-05:00.", f->name);
	}
	case FIELD_ENUM:
		return text_lookup(f->choices, v) >= 0 ? 0 : tandem_fail_field(e, TANDEM_EINVAL,
			"invalid_field", f->name, "%s has a value that is not allowed.", f->name);
	default:
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", f->name,
					 "%s is not text.", f->name);
	}
}

int field_check_words(const char *field, const char *v, size_t max, bool one_line, struct tandem_err *e)
{
	int rc = field_check_text(&(struct field_def){ .name = field, .kind = FIELD_TEXT }, v, e);

	if (!rc && one_line && strpbrk(v, "\n\t"))
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", field, "%s is one line.", field);
	if (!rc && text_utf8_chars(v) > max)
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", field, "%s is at most %zu characters.",
					 field, max);
	return rc;
}
