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
