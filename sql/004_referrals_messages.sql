-- 004_referrals_messages.sql - referrals to services, and the case's one
-- message thread with each reader's read marker.

CREATE TABLE referrals (
	id          INTEGER PRIMARY KEY,
	case_id     INTEGER NOT NULL REFERENCES cases(id),
	to_org_id   INTEGER REFERENCES organizations(id),
	service     TEXT,                   -- a service outside the directory, in words
	domain      TEXT NOT NULL CHECK (domain IN ('housing', 'health', 'mental_health', 'language',
	            'education', 'employment', 'income', 'childcare', 'legal_documents', 'social_connection')),
	status      TEXT NOT NULL DEFAULT 'sent' CHECK (status IN ('sent', 'accepted', 'completed', 'declined')),
	sent_on     TEXT NOT NULL,
	closed_on   TEXT,                   -- completed or declined
	notes       TEXT,
	created_by  INTEGER REFERENCES users(id),
	updated_at  INTEGER NOT NULL,
	CHECK ((to_org_id IS NULL) <> (service IS NULL))
);
CREATE INDEX referrals_case ON referrals(case_id, domain);

CREATE TABLE messages (
	id          INTEGER PRIMARY KEY,
	case_id     INTEGER NOT NULL REFERENCES cases(id),
	author_id   INTEGER NOT NULL REFERENCES users(id),
	author_role TEXT NOT NULL,          -- the author's role when writing
	body        TEXT NOT NULL,
	created_at  INTEGER NOT NULL
);
CREATE INDEX messages_case ON messages(case_id, id);

CREATE TABLE message_reads (
	case_id       INTEGER NOT NULL REFERENCES cases(id),
	user_id       INTEGER NOT NULL REFERENCES users(id),
	last_read_id  INTEGER NOT NULL,
	PRIMARY KEY (case_id, user_id)
);
