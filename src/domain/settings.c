/* settings.c - reading and changing an SPO's due-date settings. */
#include "settings.h"

#include <stdio.h>
#include <string.h>

#include "../lib/buf.h"
#include "audit.h"
#include "cases.h"

static int spo_of(struct store *st, int64_t id, struct arena *a, struct tandem_err *e)
{
	struct org_rec o;
	int rc = st->ops->org_get(st, id, a, &o, e);

	if (!rc && strcmp(o.kind, "spo") != 0)
		rc = tandem_fail(e, TANDEM_ENOTFOUND, "not_found", "Organization %lld is not an SPO.", (long long)id);
	return rc;
}

int settings_get(struct store *st, int64_t spo_org_id, struct arena *a, struct spo_config *out,
		 struct tandem_err *e)
{
	struct spo_settings cfg;
	int rc = spo_of(st, spo_org_id, a, e);

	if (!rc)
		rc = st->ops->spo_settings_get(st, spo_org_id, a, &cfg, e);
	if (!rc && !lifecycle_settings(&out->due, cfg.pre_arrival_days, cfg.needs_days, cfg.sponsorship_months,
				       cfg.checkin_months))
		lifecycle_settings(&out->due, LIFECYCLE_DEFAULT, LIFECYCLE_DEFAULT, 0, NULL);
	out->interpretation_ok = rc == 0 && cfg.interpretation_ok;
	return rc;
}

static int invalid(struct tandem_err *e, const char *field, const char *msg)
{
	return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", field, "%s", msg);
}

struct putting {
	int64_t spo_org_id;
	const struct spo_settings *cfg;
};

static int put_fn(struct store *st, void *arg, struct tandem_err *e)
{
	const struct putting *p = arg;
	return st->ops->spo_settings_put(st, p->spo_org_id, p->cfg, e);
}

int settings_save(struct store *st, const struct actor *ac, int64_t spo_org_id, const struct spo_config *c,
		  struct arena *a, struct tandem_err *e)
{
	const struct lifecycle_settings *s = &c->due;
	struct spo_settings cfg = { s->pre_arrival_days, s->needs_days, s->sponsorship_months, NULL, c->interpretation_ok };
	struct audit_rec ar;
	struct buf months;
	int rc = spo_of(st, spo_org_id, a, e);

	if (rc)
		return rc;
	if (!policy_manages_spo(&ac->policy, spo_org_id))
		return cases_refuse(st, ac, "settings.update", 0, NULL, e, "Only the SPO's managers change its settings.");
	if (s->pre_arrival_days < 0 || s->pre_arrival_days > 180)
		return invalid(e, "pre_arrival_days", "pre_arrival_days is 0 to 180.");
	if (s->needs_days < 0 || s->needs_days > 90)
		return invalid(e, "needs_days", "needs_days is 0 to 90.");
	if (s->sponsorship_months < 1 || s->sponsorship_months > 36)
		return invalid(e, "sponsorship_months", "sponsorship_months is 1 to 36.");
	buf_init(&months, 256);
	for (int i = 0; i < s->n_checkins; i++) {
		if (s->checkin_months[i] < 1 || s->checkin_months[i] > s->sponsorship_months) {
			buf_free(&months);
			return invalid(e, "checkin_months", "Each check-in falls within the sponsorship's months.");
		}
		buf_printf(&months, "%s%d", i ? "," : "", s->checkin_months[i]);
	}
	cfg.checkin_months = arena_strdup(a, months.data ? months.data : "");
	buf_free(&months);
	ar = audit_entry(ac->user.id, "settings.update", 0, "status", "allowed",
			 arena_printf(a, "spo %lld", (long long)spo_org_id));
	return audit_run(st, put_fn, &(struct putting){ spo_org_id, &cfg }, &ar, 1, e);
}
