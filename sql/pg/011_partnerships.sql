-- 011_partnerships.sql (PostgreSQL) - an SPO-SAH agreement as a record of
-- its own. Mirrors sql/011_partnerships.sql, whose comments say why.

ALTER TABLE partnerships ADD COLUMN status text NOT NULL DEFAULT 'active'
	CHECK (status IN ('draft', 'active', 'ended'));
ALTER TABLE partnerships ADD COLUMN spo_approved_at bigint;
ALTER TABLE partnerships ADD COLUMN sah_approved_at bigint;
ALTER TABLE partnerships ADD COLUMN ended_at bigint;

CREATE TABLE partnership_communities (
	partnership_id  bigint NOT NULL REFERENCES partnerships(id),
	community_id    bigint NOT NULL REFERENCES communities(id),
	PRIMARY KEY (partnership_id, community_id)
);

CREATE TABLE partnership_classes (
	partnership_id  bigint NOT NULL REFERENCES partnerships(id),
	class           text NOT NULL CHECK (class IN ('identity', 'contact', 'status', 'needs')),
	PRIMARY KEY (partnership_id, class)
);

INSERT INTO partnership_communities (partnership_id, community_id)
	SELECT p.id, a.community_id FROM partnerships p
	JOIN organization_communities a ON a.org_id = p.spo_org_id
	JOIN organization_communities b ON b.org_id = p.sah_org_id AND b.community_id = a.community_id;
INSERT INTO partnership_classes (partnership_id, class)
	SELECT p.id, c.class FROM partnerships p
	CROSS JOIN (VALUES ('identity'), ('contact'), ('status'), ('needs')) AS c(class);
