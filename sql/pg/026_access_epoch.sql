-- 026_access_epoch.sql (PostgreSQL) - the access epoch. Mirrors
-- sql/026_access_epoch.sql, whose comments say why (a random number, not
-- the next, among them). One trigger a statement, not a row: a statement's
-- changes move it once.

CREATE TABLE access_epoch (
	id  integer PRIMARY KEY CHECK (id = 1),
	n   bigint NOT NULL
);
INSERT INTO access_epoch (id, n) VALUES (1, (random() * 9.2e18)::bigint);

CREATE FUNCTION access_epoch_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE access_epoch SET n = (random() * 9.2e18)::bigint;
	RETURN NULL;
END $$;

CREATE TRIGGER users_epoch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users
	FOR EACH STATEMENT EXECUTE FUNCTION access_epoch_bump();
CREATE TRIGGER memberships_epoch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON memberships
	FOR EACH STATEMENT EXECUTE FUNCTION access_epoch_bump();
CREATE TRIGGER tokens_epoch AFTER UPDATE OR DELETE OR TRUNCATE ON tokens
	FOR EACH STATEMENT EXECUTE FUNCTION access_epoch_bump();
CREATE TRIGGER partnerships_epoch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON partnerships
	FOR EACH STATEMENT EXECUTE FUNCTION access_epoch_bump();
CREATE TRIGGER consents_epoch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON consents
	FOR EACH STATEMENT EXECUTE FUNCTION access_epoch_bump();
CREATE TRIGGER persons_epoch AFTER INSERT OR UPDATE OF user_id, case_id, birth_year OR DELETE OR TRUNCATE ON persons
	FOR EACH STATEMENT EXECUTE FUNCTION access_epoch_bump();
