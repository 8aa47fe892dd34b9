-- 017_group_partnerships.sql (PostgreSQL) - an agreement of an SPO with a
-- sponsor group outside any SAH. Mirrors sql/017_group_partnerships.sql,
-- whose comments say why.

ALTER TABLE partnerships ALTER COLUMN sah_org_id DROP NOT NULL;
ALTER TABLE partnerships ADD COLUMN group_id bigint REFERENCES sponsor_groups(id);
ALTER TABLE partnerships ADD CONSTRAINT partnerships_one_party CHECK ((sah_org_id IS NULL) <> (group_id IS NULL));
