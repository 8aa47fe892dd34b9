-- 026_access_epoch.sql - one number that every change to who may see what
-- moves on: a user (role, disabled), a membership, an API token, a
-- partnership, a consent or a person's link to an account. Each server
-- process keeps the actors it has loaded (src/domain/actor_cache.c) while
-- the number stands, so that a request need not read them again; another
-- process's change moves it too, being a trigger in the database. Sessions
-- are read on every request, and a new token is not cached before its
-- first use, so neither moves it when made. It moves to a random number,
-- not the next: a database restored, or a standby promoted, behind what a
-- process has seen must not come back to a number that process knows.

CREATE TABLE access_epoch (
	id  INTEGER PRIMARY KEY CHECK (id = 1),
	n   INTEGER NOT NULL
);
INSERT INTO access_epoch (id, n) VALUES (1, random());

CREATE TRIGGER users_epoch_insert AFTER INSERT ON users
BEGIN UPDATE access_epoch SET n = random(); END;
CREATE TRIGGER users_epoch_update AFTER UPDATE ON users
BEGIN UPDATE access_epoch SET n = random(); END;
CREATE TRIGGER users_epoch_delete AFTER DELETE ON users
BEGIN UPDATE access_epoch SET n = random(); END;
CREATE TRIGGER memberships_epoch_insert AFTER INSERT ON memberships
BEGIN UPDATE access_epoch SET n = random(); END;
CREATE TRIGGER memberships_epoch_update AFTER UPDATE ON memberships
BEGIN UPDATE access_epoch SET n = random(); END;
CREATE TRIGGER memberships_epoch_delete AFTER DELETE ON memberships
BEGIN UPDATE access_epoch SET n = random(); END;
CREATE TRIGGER tokens_epoch_update AFTER UPDATE ON tokens
BEGIN UPDATE access_epoch SET n = random(); END;
CREATE TRIGGER tokens_epoch_delete AFTER DELETE ON tokens
BEGIN UPDATE access_epoch SET n = random(); END;
CREATE TRIGGER partnerships_epoch_insert AFTER INSERT ON partnerships
BEGIN UPDATE access_epoch SET n = random(); END;
CREATE TRIGGER partnerships_epoch_update AFTER UPDATE ON partnerships
BEGIN UPDATE access_epoch SET n = random(); END;
CREATE TRIGGER partnerships_epoch_delete AFTER DELETE ON partnerships
BEGIN UPDATE access_epoch SET n = random(); END;
CREATE TRIGGER consents_epoch_insert AFTER INSERT ON consents
BEGIN UPDATE access_epoch SET n = random(); END;
CREATE TRIGGER consents_epoch_update AFTER UPDATE ON consents
BEGIN UPDATE access_epoch SET n = random(); END;
CREATE TRIGGER consents_epoch_delete AFTER DELETE ON consents
BEGIN UPDATE access_epoch SET n = random(); END;
CREATE TRIGGER persons_epoch_insert AFTER INSERT ON persons
BEGIN UPDATE access_epoch SET n = random(); END;
CREATE TRIGGER persons_epoch_update AFTER UPDATE OF user_id, case_id, birth_year ON persons
BEGIN UPDATE access_epoch SET n = random(); END;
CREATE TRIGGER persons_epoch_delete AFTER DELETE ON persons
BEGIN UPDATE access_epoch SET n = random(); END;
