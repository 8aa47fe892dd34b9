-- 025_ratings_trainings.sql - what the indicators (issue 14,
-- docs/indicators.md) count that tandem did not record: sponsors' rating of
-- how they and the settlement worker communicate, asked after the
-- post-arrival meeting and at month 6 (the pilots' one question, rated 3.6
-- of 5 before and 4.9 with them), and settlement workers' training in
-- private sponsorship, with the worker's own two answers about it.

CREATE TABLE sponsor_ratings (
	id          INTEGER PRIMARY KEY,
	case_id     INTEGER NOT NULL REFERENCES cases(id),
	user_id     INTEGER NOT NULL REFERENCES users(id),
	moment      TEXT NOT NULL CHECK (moment IN ('post_arrival', 'month_6')),
	rating      INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
	created_at  INTEGER NOT NULL,
	UNIQUE (case_id, user_id, moment)
);
CREATE INDEX sponsor_ratings_case ON sponsor_ratings(case_id);

CREATE TABLE worker_trainings (
	id            INTEGER PRIMARY KEY,
	user_id       INTEGER NOT NULL REFERENCES users(id),
	completed_on  TEXT NOT NULL,
	provider      TEXT NOT NULL,
	hours         INTEGER NOT NULL CHECK (hours BETWEEN 1 AND 200),
	useful        INTEGER CHECK (useful BETWEEN 1 AND 5),      -- the worker's answers,
	confident     INTEGER CHECK (confident BETWEEN 1 AND 5),   -- NULL until given
	recorded_by   INTEGER NOT NULL REFERENCES users(id),
	created_at    INTEGER NOT NULL
);
CREATE INDEX worker_trainings_user ON worker_trainings(user_id);
