-- 013_referral_rule.sql - how an SPO-SAH agreement's new cases reach the SPO
-- (issue 12): the referral rule, automatic unless the parties agree to
-- name the SPO case by case.

-- automatic: a new case of the SAH's groups in a covered community is
-- referred to the SPO at once (cases.c, routing); manual: the SAH names it.
ALTER TABLE partnerships ADD COLUMN referral_rule TEXT NOT NULL DEFAULT 'automatic'
	CHECK (referral_rule IN ('automatic', 'manual'));
