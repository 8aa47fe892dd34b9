-- 020_event_notices.sql (PostgreSQL) - what the daily digest has told a
-- person of their places at events. Mirrors sql/020_event_notices.sql.

ALTER TABLE event_registrations ADD COLUMN notified_at bigint;
ALTER TABLE event_registrations ADD COLUMN reminded_at bigint;
