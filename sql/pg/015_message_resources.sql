-- pg/015_message_resources.sql (PostgreSQL) - a service of the directory
-- shared into a case's thread (issue 12): the message points at it, and
-- reads its name from the directory, so a correction there shows in the
-- thread.

ALTER TABLE messages ADD COLUMN resource_id text REFERENCES services(id);
