-- 001_platform.sql - communities, organizations, people and their access,
-- sponsor groups, cases, consents, partnerships and the audit log.

CREATE TABLE communities (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL UNIQUE,
	region      TEXT NOT NULL,
	rural       INTEGER NOT NULL DEFAULT 0 CHECK (rural IN (0, 1)),
	lip_org_id  INTEGER REFERENCES organizations(id)
);

CREATE TABLE organizations (
	id    INTEGER PRIMARY KEY,
	name  TEXT NOT NULL UNIQUE,
	kind  TEXT NOT NULL CHECK (kind IN ('spo', 'sah', 'lip', 'rap', 'funder'))
);

CREATE TABLE organization_communities (
	org_id        INTEGER NOT NULL REFERENCES organizations(id),
	community_id  INTEGER NOT NULL REFERENCES communities(id),
	PRIMARY KEY (org_id, community_id)
);

CREATE TABLE partnerships (
	id          INTEGER PRIMARY KEY,
	spo_org_id  INTEGER NOT NULL REFERENCES organizations(id),
	sah_org_id  INTEGER NOT NULL REFERENCES organizations(id),
	starts_on   TEXT NOT NULL,
	ends_on     TEXT
);
CREATE INDEX partnerships_spo ON partnerships(spo_org_id);

CREATE TABLE sponsor_groups (
	id            INTEGER PRIMARY KEY,
	name          TEXT NOT NULL,
	kind          TEXT NOT NULL CHECK (kind IN ('g5', 'community_sponsor', 'constituent_group')),
	sah_org_id    INTEGER REFERENCES organizations(id),
	community_id  INTEGER NOT NULL REFERENCES communities(id),
	first_time    INTEGER NOT NULL DEFAULT 0 CHECK (first_time IN (0, 1)),
	CHECK ((kind = 'constituent_group') = (sah_org_id IS NOT NULL))
);

CREATE TABLE users (
	id          INTEGER PRIMARY KEY,
	email       TEXT NOT NULL UNIQUE,
	name        TEXT NOT NULL,
	role        TEXT NOT NULL CHECK (role IN ('worker', 'spo_manager', 'sponsor',
	            'sah_coordinator', 'refugee', 'lip_coordinator', 'evaluator', 'admin')),
	language    TEXT NOT NULL DEFAULT 'en',     -- of the interface
	languages   TEXT NOT NULL DEFAULT '',       -- spoken, ISO 639 codes, comma-separated
	pwhash      TEXT,
	disabled    INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	created_at  INTEGER NOT NULL
);

CREATE TABLE memberships (
	id        INTEGER PRIMARY KEY,
	user_id   INTEGER NOT NULL REFERENCES users(id),
	org_id    INTEGER REFERENCES organizations(id),
	group_id  INTEGER REFERENCES sponsor_groups(id),
	CHECK ((org_id IS NULL) <> (group_id IS NULL))
);
CREATE INDEX memberships_user ON memberships(user_id);

CREATE TABLE sessions (
	id_hash     TEXT PRIMARY KEY,
	user_id     INTEGER NOT NULL REFERENCES users(id),
	csrf        TEXT NOT NULL,
	created_at  INTEGER NOT NULL,
	last_seen   INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE tokens (
	hash        TEXT PRIMARY KEY,
	user_id     INTEGER NOT NULL REFERENCES users(id),
	created_at  INTEGER NOT NULL
);

CREATE TABLE login_failures (
	email  TEXT NOT NULL,
	at     INTEGER NOT NULL
);
CREATE INDEX login_failures_email ON login_failures(email, at);

CREATE TABLE cases (
	id                  INTEGER PRIMARY KEY,
	family_name         TEXT NOT NULL,
	preferred_language  TEXT NOT NULL,
	contact_phone       TEXT,
	contact_email       TEXT,
	address             TEXT,
	stream              TEXT NOT NULL CHECK (stream IN ('PSR', 'BVOR', 'GAR')),
	status              TEXT NOT NULL CHECK (status IN ('referred', 'assigned',
	                    'pre_arrival_met', 'arrived', 'needs_assessed', 'active',
	                    'sponsorship_ended', 'closed')),
	expected_arrival    TEXT,
	actual_arrival      TEXT,
	sponsor_group_id    INTEGER REFERENCES sponsor_groups(id),
	community_id        INTEGER NOT NULL REFERENCES communities(id),
	spo_org_id          INTEGER REFERENCES organizations(id),
	worker_id           INTEGER REFERENCES users(id),
	high_needs          INTEGER NOT NULL DEFAULT 0 CHECK (high_needs IN (0, 1)),
	health_notes        TEXT,
	worker_notes        TEXT,
	created_at          INTEGER NOT NULL,
	updated_at          INTEGER NOT NULL
);
CREATE INDEX cases_worker ON cases(worker_id);
CREATE INDEX cases_spo ON cases(spo_org_id);
CREATE INDEX cases_group ON cases(sponsor_group_id);

CREATE TABLE persons (
	id            INTEGER PRIMARY KEY,
	case_id       INTEGER NOT NULL REFERENCES cases(id),
	user_id       INTEGER REFERENCES users(id),
	given_name    TEXT NOT NULL,
	family_name   TEXT NOT NULL,
	relationship  TEXT NOT NULL,
	birth_year    INTEGER NOT NULL,
	languages     TEXT NOT NULL DEFAULT '',
	phone         TEXT,
	email         TEXT
);
CREATE INDEX persons_case ON persons(case_id);
CREATE INDEX persons_user ON persons(user_id);

CREATE TABLE consents (
	id          INTEGER PRIMARY KEY,
	case_id     INTEGER NOT NULL REFERENCES cases(id),
	person_id   INTEGER REFERENCES persons(id),
	granted_by  INTEGER REFERENCES users(id),
	audience    TEXT NOT NULL CHECK (audience IN ('sponsor_group', 'sah', 'partner_spo')),
	data_class  TEXT NOT NULL,
	verbal      INTEGER NOT NULL DEFAULT 0,
	granted_at  INTEGER NOT NULL,
	expires_on  TEXT,
	revoked_at  INTEGER
);
CREATE INDEX consents_case ON consents(case_id, audience);

-- The audit log is append-only: the triggers refuse changes through SQL, and
-- the hash chain shows any change made around them.
CREATE TABLE audit (
	id          INTEGER PRIMARY KEY,
	at          INTEGER NOT NULL,
	actor_id    INTEGER,
	action      TEXT NOT NULL,
	case_id     INTEGER,
	data_class  TEXT,
	outcome     TEXT NOT NULL CHECK (outcome IN ('allowed', 'refused')),
	detail      TEXT NOT NULL DEFAULT '',
	prev_hash   TEXT NOT NULL,
	hash        TEXT NOT NULL
);
CREATE INDEX audit_case ON audit(case_id, id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
