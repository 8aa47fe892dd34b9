-- 009_sign_in_attempts.sql - sign-in attempts are counted per client address
-- as well as per account. A row of login_failures is now written before the
-- password is checked and deleted when it proves right, so that an attempt
-- that could not be written is never checked (src/domain/account.c).

-- NULL for the rows written before this migration, which had no address.
ALTER TABLE login_failures ADD COLUMN address TEXT;
CREATE INDEX login_failures_address ON login_failures(address, at);
