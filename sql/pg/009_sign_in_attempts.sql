-- 009_sign_in_attempts.sql (PostgreSQL) - sign-in attempts are counted per
-- client address as well as per account. Mirrors sql/009_sign_in_attempts.sql,
-- whose comment says why.

-- NULL for the rows written before this migration, which had no address.
ALTER TABLE login_failures ADD COLUMN address text;
CREATE INDEX login_failures_address ON login_failures(address, at);
