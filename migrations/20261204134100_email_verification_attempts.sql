-- Wrong codes entered for an address since its codes were last replaced. After five, every
-- outstanding code of the address is deleted, so each new request (and e-mail) allows at
-- most five guesses at an 8-digit code.
ALTER TABLE email_verifications ADD COLUMN failed_attempts integer NOT NULL DEFAULT 0;
