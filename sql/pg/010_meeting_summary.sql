-- 010_meeting_summary.sql (PostgreSQL) - a meeting's summary of what was
-- agreed. Mirrors sql/010_meeting_summary.sql, whose comment says why.

-- NULL until the worker writes one; the meetings recorded before have none.
ALTER TABLE meetings ADD COLUMN summary text;
