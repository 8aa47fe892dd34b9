-- 002_workflow.sql - the Intentional Connection workflow: lifecycle history,
-- each SPO's due-date settings, meetings and needs assessments.

CREATE TABLE case_transitions (
	id          INTEGER PRIMARY KEY,
	case_id     INTEGER NOT NULL REFERENCES cases(id),
	from_state  TEXT NOT NULL,
	to_state    TEXT NOT NULL,
	at          INTEGER NOT NULL,
	by_user     INTEGER REFERENCES users(id),
	reason      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_transitions_case ON case_transitions(case_id, id);

-- Due dates derive from arrival; an SPO may change the defaults.
CREATE TABLE spo_settings (
	spo_org_id          INTEGER PRIMARY KEY REFERENCES organizations(id),
	pre_arrival_days    INTEGER NOT NULL DEFAULT 14 CHECK (pre_arrival_days BETWEEN 0 AND 180),
	needs_days          INTEGER NOT NULL DEFAULT 7 CHECK (needs_days BETWEEN 0 AND 90),
	sponsorship_months  INTEGER NOT NULL DEFAULT 12 CHECK (sponsorship_months BETWEEN 1 AND 36),
	checkin_months      TEXT NOT NULL DEFAULT '1,3,6,11'
);

CREATE TABLE meetings (
	id                    INTEGER PRIMARY KEY,
	case_id               INTEGER NOT NULL REFERENCES cases(id),
	kind                  TEXT NOT NULL CHECK (kind IN ('pre_arrival', 'post_arrival', 'follow_up')),
	starts_at             INTEGER NOT NULL,
	ends_at               INTEGER NOT NULL,
	utc_offset            INTEGER NOT NULL DEFAULT 0,   -- minutes, as given
	mode                  TEXT NOT NULL CHECK (mode IN ('in_person', 'video', 'phone')),
	place                 TEXT,
	interpreter_language  TEXT,                         -- NULL: no interpreter needed
	status                TEXT NOT NULL DEFAULT 'scheduled'
	                      CHECK (status IN ('scheduled', 'held', 'cancelled', 'no_show')),
	outcome_notes         TEXT,
	created_by            INTEGER REFERENCES users(id),
	created_at            INTEGER NOT NULL,
	updated_at            INTEGER NOT NULL,
	CHECK (ends_at > starts_at)
);
CREATE INDEX meetings_case ON meetings(case_id, starts_at);

CREATE TABLE meeting_attendees (
	meeting_id  INTEGER NOT NULL REFERENCES meetings(id),
	user_id     INTEGER REFERENCES users(id),
	person_id   INTEGER REFERENCES persons(id),
	CHECK ((user_id IS NULL) <> (person_id IS NULL))
);
CREATE INDEX meeting_attendees_meeting ON meeting_attendees(meeting_id);

-- Each assessment of a domain is kept; the latest is the current view.
CREATE TABLE needs (
	id                   INTEGER PRIMARY KEY,
	case_id              INTEGER NOT NULL REFERENCES cases(id),
	domain               TEXT NOT NULL CHECK (domain IN ('housing', 'health', 'mental_health',
	                     'language', 'education', 'employment', 'income', 'childcare',
	                     'legal_documents', 'social_connection')),
	level                TEXT NOT NULL CHECK (level IN ('none', 'low', 'medium', 'high', 'urgent')),
	note                 TEXT,
	flagged_pre_arrival  INTEGER NOT NULL DEFAULT 0 CHECK (flagged_pre_arrival IN (0, 1)),
	assessed_by          INTEGER REFERENCES users(id),
	assessed_at          INTEGER NOT NULL
);
CREATE INDEX needs_case ON needs(case_id, domain, id);

-- Who revoked a consent: the adult themselves, or the worker on their word.
ALTER TABLE consents ADD COLUMN revoked_by INTEGER REFERENCES users(id);
