-- 024_arrival_notices.sql - arrival notices (issue 14): expected arrivals as
-- IRCC's notice lists them, each keeping the case it made. The notice is
-- kept apart from the case: a worker changes the case, the next notice
-- changes what it changes, and importing the same file twice compares
-- equal table by table because a row is written only when a field differs.
-- received: the day the notice came, from which the pre-arrival meeting's
-- due date also counts (docs/design-issue-14.md).

CREATE TABLE arrival_notices (
	id                INTEGER PRIMARY KEY,
	reference         TEXT NOT NULL UNIQUE,
	case_id           INTEGER NOT NULL UNIQUE REFERENCES cases(id),
	received          TEXT NOT NULL,
	stream            TEXT NOT NULL CHECK (stream IN ('PSR', 'BVOR', 'GAR')),
	family_size       INTEGER NOT NULL CHECK (family_size BETWEEN 1 AND 30),
	birth_years       TEXT NOT NULL,
	language          TEXT NOT NULL,
	community_id      INTEGER NOT NULL REFERENCES communities(id),
	expected_arrival  TEXT NOT NULL,
	sponsor_group_id  INTEGER REFERENCES sponsor_groups(id),
	rap_org_id        INTEGER REFERENCES organizations(id),
	special_needs     INTEGER NOT NULL DEFAULT 0 CHECK (special_needs IN (0, 1)),
	cancelled         INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),
	updated_by        INTEGER NOT NULL REFERENCES users(id),
	updated_at        INTEGER NOT NULL
);

-- What each later notice changed, for the case's history: the columns that
-- changed (comma-separated), and the expected arrival's move if it moved.
-- Not rows of case_transitions: those are the lifecycle's moves, which the
-- follow-ups and the indicators read.
CREATE TABLE arrival_notice_changes (
	id             INTEGER PRIMARY KEY,
	case_id        INTEGER NOT NULL REFERENCES cases(id),
	reference      TEXT NOT NULL,
	columns        TEXT NOT NULL,
	expected_from  TEXT,
	expected_to    TEXT,
	by_user        INTEGER NOT NULL REFERENCES users(id),
	at             INTEGER NOT NULL
);
CREATE INDEX arrival_notice_changes_case ON arrival_notice_changes(case_id, id);
