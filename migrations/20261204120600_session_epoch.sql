-- Tokens carry the epoch that was current when they were issued; a token with an older
-- epoch is rejected. Increment it on a password change, on "log out everywhere" and when a
-- deletion is scheduled, to end every session issued before.
ALTER TABLE users ADD COLUMN session_epoch integer NOT NULL DEFAULT 0;
