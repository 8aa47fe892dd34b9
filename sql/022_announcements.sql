-- 022_announcements.sql - a LIP coordinator's announcements to chosen
-- audiences of a community (issue 13), each in one or more languages,
-- with a read receipt per person it was sent to. Who it reaches is worked
-- out once, when it is sent (announcement_recipients): the coordinator's
-- counts then say "read by 12 of 40" of the people it went to, not of
-- whoever joins later. The outbox gains the kind of each message, so that
-- an urgent announcement, an event's message and the day's digest are
-- each kept once a person a day.

CREATE TABLE announcements (
	id            INTEGER PRIMARY KEY,
	lip_org_id    INTEGER NOT NULL REFERENCES organizations(id),
	community_id  INTEGER NOT NULL REFERENCES communities(id),
	audience      TEXT NOT NULL DEFAULT '',   -- roles of the community, as an event's audience words
	urgent        INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),
	sent_by       INTEGER NOT NULL REFERENCES users(id),
	sent_at       INTEGER NOT NULL
);
CREATE INDEX announcements_lip ON announcements(lip_org_id, sent_at);

-- The organizations it was addressed to by name, beside the roles.
CREATE TABLE announcement_orgs (
	announcement_id  INTEGER NOT NULL REFERENCES announcements(id),
	org_id           INTEGER NOT NULL REFERENCES organizations(id),
	PRIMARY KEY (announcement_id, org_id)
);

-- One text a language, in the order the coordinator gave them: a reader
-- gets theirs, else the first.
CREATE TABLE announcement_texts (
	announcement_id  INTEGER NOT NULL REFERENCES announcements(id),
	position         INTEGER NOT NULL,
	language         TEXT NOT NULL,
	subject          TEXT NOT NULL,
	body             TEXT NOT NULL,
	PRIMARY KEY (announcement_id, language),
	UNIQUE (announcement_id, position)
);

-- org_id: the organization a member of staff read it for (their first),
-- NULL for sponsors and refugees, who are counted and never named.
-- told_at: when an e-mail (urgent, or the digest) said it was there.
CREATE TABLE announcement_recipients (
	announcement_id  INTEGER NOT NULL REFERENCES announcements(id),
	user_id          INTEGER NOT NULL REFERENCES users(id),
	org_id           INTEGER REFERENCES organizations(id),
	read_at          INTEGER,
	told_at          INTEGER,
	PRIMARY KEY (announcement_id, user_id)
);
CREATE INDEX announcement_recipients_user ON announcement_recipients(user_id, read_at);

CREATE TABLE outbox_new (
	id          INTEGER PRIMARY KEY,
	user_id     INTEGER NOT NULL REFERENCES users(id),
	day         TEXT NOT NULL,
	recipient   TEXT NOT NULL,
	subject     TEXT NOT NULL,
	body        TEXT NOT NULL,
	created_at  INTEGER NOT NULL,
	sent_at     INTEGER,
	attempts    INTEGER NOT NULL DEFAULT 0,
	last_error  TEXT,
	mail_id     INTEGER NOT NULL DEFAULT 0,   -- the event_mail's or the announcement's id; 0 for a digest
	kind        TEXT NOT NULL DEFAULT 'digest' CHECK (kind IN ('digest', 'event', 'announcement')),
	UNIQUE (user_id, day, kind, mail_id)
);
INSERT INTO outbox_new (id, user_id, day, recipient, subject, body, created_at, sent_at, attempts, last_error,
		       mail_id, kind)
	SELECT id, user_id, day, recipient, subject, body, created_at, sent_at, attempts, last_error,
	       mail_id, CASE WHEN mail_id = 0 THEN 'digest' ELSE 'event' END FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_pending ON outbox(sent_at, id);
