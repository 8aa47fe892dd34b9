-- 005_outbox.sql - daily digests waiting to be sent by tandem notify.

CREATE TABLE outbox (
	id          INTEGER PRIMARY KEY,
	user_id     INTEGER NOT NULL REFERENCES users(id),
	day         TEXT NOT NULL,           -- one digest a user a day
	recipient   TEXT NOT NULL,
	subject     TEXT NOT NULL,
	body        TEXT NOT NULL,
	created_at  INTEGER NOT NULL,
	sent_at     INTEGER,
	attempts    INTEGER NOT NULL DEFAULT 0,
	last_error  TEXT,
	UNIQUE (user_id, day)
);
CREATE INDEX outbox_pending ON outbox(sent_at, id);
