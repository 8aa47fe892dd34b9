/* seed_announcements.c - the demo's announcements of the LIPs of Hamilton,
 * Ottawa and Waterloo Region, sent in the last days to chosen people of
 * their communities, each read by some of them and not yet by the rest,
 * so that a coordinator's counts and list of organizations not yet read
 * have something to say. */
#include "../domain/policy.h"
#include "seed.h"

static const struct seed_announcement {
	int community;                  /* index */
	const char *audience;
	bool urgent;
	int days_ago, read_percent;
	struct announcement_text texts[3];
	size_t n_texts;
} announcements[] = {
	{ 0, "everyone", false, 6, 60, {
		{ "en", "Winter coats and boots: donation drive", "Bring winter coats, boots and mittens in every size"
		  " to the Central Library until the end of the month. Sponsors may pick up what their family needs." },
		{ "ar", "حملة تبرع بالمعاطف والأحذية الشتوية", "أحضروا المعاطف والأحذية والقفازات الشتوية بجميع المقاسات"
		  " إلى المكتبة المركزية حتى نهاية الشهر." } }, 2 },
	{ 0, "spo_staff,sahs", false, 3, 40, {
		{ "en", "Settlement table: the January meeting moves to the 14th", "Same room, 10 to 12. Please send"
		  " your arrival numbers for the quarter beforehand." } }, 1 },
	{ 1, "spo_staff,sahs", true, 2, 70, {
		{ "en", "Temporary accommodation: rooms available from Monday", "The city opens 40 rooms for arriving"
		  " families from Monday. Agencies book through the LIP's housing lead." },
		{ "fr", "Hébergement temporaire : chambres disponibles dès lundi", "La ville ouvre 40 chambres pour les"
		  " familles qui arrivent, dès lundi. Les organismes réservent auprès du responsable du logement." } }, 2 },
	{ 2, "spo_staff,sahs", false, 2, 30, {
		{ "en", "Steering committee: working group leads, your updates please", "Each working group sends three"
		  " lines on what it did this month and what it needs, before Friday." } }, 1 },
};

static int seed_announcement_one(struct seed *s, const struct seed_announcement *v)
{
	const char *roles[ROLE__MAX + 1];
	struct event_addressee *to;
	size_t n;
	unsigned mask;
	struct announcement_rec r = {
		.lip_org_id = s->lip[v->community], .community_id = s->community[v->community], .urgent = v->urgent,
		.sent_by = s->lip_user[v->community], .sent_at = s->now - v->days_ago * 86400 - 3 * 3600,
		.texts = v->texts, .n_texts = v->n_texts,
	};
	int rc;

	if (!policy_event_audience_parse(v->audience, &mask))
		return tandem_fail(s->e, TANDEM_EINVAL, NULL, "The demo's announcement has no audience.");
	r.audience = policy_event_audience_words(mask);
	policy_event_audience_roles(mask, roles);
	if ((rc = s->st->ops->announcement_create(s->st, &r, roles, s->a, &to, &n, s->e)))
		return rc;
	for (size_t i = 0; !rc && i < n; i++)
		if (seed_chance(s, v->read_percent))
			rc = s->st->ops->announcement_read(s->st, r.id, to[i].user_id, r.sent_at + 3600 * (int64_t)(1 + i % 40),
							   s->e);
	return rc;
}

int seed_announcements(struct seed *s)
{
	int rc = 0;

	for (size_t i = 0; !rc && i < sizeof announcements / sizeof *announcements; i++)
		rc = seed_announcement_one(s, &announcements[i]);
	return rc;
}
