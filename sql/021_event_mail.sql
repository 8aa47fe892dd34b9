-- 021_event_mail.sql - the hosts' messages to those registered for an
-- event or waiting (issue 13), sent through the outbox as the digest is.
-- The outbox kept one message a user a day; it now keeps one of each kind
-- (a day's digest, or one event message) a user a day, so the table is
-- made again with its new key (no table refers to it).

CREATE TABLE event_mail (
	id          INTEGER PRIMARY KEY,
	event_id    INTEGER NOT NULL REFERENCES events(id),
	sent_by     INTEGER NOT NULL REFERENCES users(id),
	recipients  TEXT NOT NULL CHECK (recipients IN ('registered', 'waiting', 'everyone')),
	subject     TEXT NOT NULL,
	body        TEXT NOT NULL,
	created_at  INTEGER NOT NULL
);
CREATE INDEX event_mail_event ON event_mail(event_id);

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
	mail_id     INTEGER NOT NULL DEFAULT 0,   -- 0: the day's digest; else an event_mail's id
	UNIQUE (user_id, day, mail_id)
);
INSERT INTO outbox_new (id, user_id, day, recipient, subject, body, created_at, sent_at, attempts, last_error)
	SELECT id, user_id, day, recipient, subject, body, created_at, sent_at, attempts, last_error FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_pending ON outbox(sent_at, id);
