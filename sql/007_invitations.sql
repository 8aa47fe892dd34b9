-- 007_invitations.sql - invitations to make an account: a link whose secret
-- (stored as a hash) sets the password once, before it expires.

CREATE TABLE invitations (
	id          INTEGER PRIMARY KEY,
	hash        TEXT NOT NULL UNIQUE,
	email       TEXT NOT NULL,
	name        TEXT NOT NULL,
	role        TEXT NOT NULL,
	org_id      INTEGER REFERENCES organizations(id),
	group_id    INTEGER REFERENCES sponsor_groups(id),
	created_by  INTEGER REFERENCES users(id),
	created_at  INTEGER NOT NULL,
	expires_at  INTEGER NOT NULL,
	used_at     INTEGER
);
