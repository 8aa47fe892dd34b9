-- 006_calendar.sql (PostgreSQL) - each user's secret calendar feed address,
-- stored as a hash like every other secret; rotating it replaces the row.
-- Mirrors sql/006_calendar.sql; see 001 for the types.

CREATE TABLE calendar_tokens (
	user_id     bigint PRIMARY KEY REFERENCES users(id),
	hash        text NOT NULL UNIQUE,
	created_at  bigint NOT NULL
);
