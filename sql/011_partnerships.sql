-- 011_partnerships.sql - an SPO-SAH agreement as a record of its own
-- (issue 12): drafted by a manager of either party, active once both have
-- approved, ended by either for good; the communities it covers and the data
-- classes it lets flow to the partner SPO with the family's consent. Access
-- counts active agreements only (the user's facts, store_accounts.c), so an
-- ended one stops counting on the next request.

-- The agreements made before were in force: they stay so, approved when made.
ALTER TABLE partnerships ADD COLUMN status TEXT NOT NULL DEFAULT 'active'
	CHECK (status IN ('draft', 'active', 'ended'));
ALTER TABLE partnerships ADD COLUMN spo_approved_at INTEGER;
ALTER TABLE partnerships ADD COLUMN sah_approved_at INTEGER;
ALTER TABLE partnerships ADD COLUMN ended_at INTEGER;

CREATE TABLE partnership_communities (
	partnership_id  INTEGER NOT NULL REFERENCES partnerships(id),
	community_id    INTEGER NOT NULL REFERENCES communities(id),
	PRIMARY KEY (partnership_id, community_id)
);

-- Never health or notes: the policy gives a partner SPO neither.
CREATE TABLE partnership_classes (
	partnership_id  INTEGER NOT NULL REFERENCES partnerships(id),
	class           TEXT NOT NULL CHECK (class IN ('identity', 'contact', 'status', 'needs')),
	PRIMARY KEY (partnership_id, class)
);

-- The agreements before covered the communities both parties serve, and
-- every class a partner SPO could be given.
INSERT INTO partnership_communities (partnership_id, community_id)
	SELECT p.id, a.community_id FROM partnerships p
	JOIN organization_communities a ON a.org_id = p.spo_org_id
	JOIN organization_communities b ON b.org_id = p.sah_org_id AND b.community_id = a.community_id;
INSERT INTO partnership_classes (partnership_id, class)
	SELECT p.id, c.class FROM partnerships p,
	(SELECT 'identity' AS class UNION ALL SELECT 'contact' UNION ALL SELECT 'status' UNION ALL SELECT 'needs') c;
