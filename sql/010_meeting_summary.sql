-- 010_meeting_summary.sql - a meeting's summary of what was agreed, which the
-- people of the case read (class status: src/domain/meetings.c), beside the
-- worker's private outcome notes (class notes), which they do not.

-- NULL until the worker writes one; the meetings recorded before have none.
ALTER TABLE meetings ADD COLUMN summary TEXT;
