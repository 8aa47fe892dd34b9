-- 020_event_notices.sql - what the daily digest has told a person of their
-- places at events (issue 13): that a place came to them from the wait
-- list (notified_at), and, once, that the survey of an event they came to
-- waits for them (reminded_at).

ALTER TABLE event_registrations ADD COLUMN notified_at INTEGER;
ALTER TABLE event_registrations ADD COLUMN reminded_at INTEGER;
