-- 017_group_partnerships.sql - an agreement of an SPO with a sponsor group
-- outside any SAH (a G5 or a community sponsor; issue 12): a partnership
-- names exactly one of sah_org_id and group_id, and for a group its
-- sponsors speak for the sponsors' side (sah_approved_at).
--
-- SQLite cannot drop a NOT NULL, so the table is made again under its own
-- name. Its children keep their rows and their references: the foreign
-- keys are deferred to the commit, by which every agreement is back under
-- its id. group_id goes last, where PostgreSQL's ADD COLUMN puts it, so
-- that both stores describe the same columns in the same order (tandem
-- copy compares them).

PRAGMA defer_foreign_keys = ON;

CREATE TEMP TABLE partnerships_before AS SELECT * FROM partnerships;
DROP TABLE partnerships;

CREATE TABLE partnerships (
	id               INTEGER PRIMARY KEY,
	spo_org_id       INTEGER NOT NULL REFERENCES organizations(id),
	sah_org_id       INTEGER REFERENCES organizations(id),
	starts_on        TEXT NOT NULL,
	ends_on          TEXT,
	status           TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('draft', 'active', 'ended')),
	spo_approved_at  INTEGER,
	sah_approved_at  INTEGER,
	ended_at         INTEGER,
	referral_rule    TEXT NOT NULL DEFAULT 'automatic' CHECK (referral_rule IN ('automatic', 'manual')),
	group_id         INTEGER REFERENCES sponsor_groups(id),
	CHECK ((sah_org_id IS NULL) <> (group_id IS NULL))
);
CREATE INDEX partnerships_spo ON partnerships(spo_org_id);

INSERT INTO partnerships (id, spo_org_id, sah_org_id, starts_on, ends_on, status, spo_approved_at,
                          sah_approved_at, ended_at, referral_rule)
	SELECT id, spo_org_id, sah_org_id, starts_on, ends_on, status, spo_approved_at, sah_approved_at,
	       ended_at, referral_rule FROM partnerships_before;
DROP TABLE partnerships_before;
