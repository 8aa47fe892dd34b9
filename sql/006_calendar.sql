-- 006_calendar.sql - each user's secret calendar feed address, stored as
-- a hash like every other secret; rotating it replaces the row.

CREATE TABLE calendar_tokens (
	user_id     INTEGER PRIMARY KEY REFERENCES users(id),
	hash        TEXT NOT NULL UNIQUE,
	created_at  INTEGER NOT NULL
);
