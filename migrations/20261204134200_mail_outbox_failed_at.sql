-- When the sender gave up on a message: after its last retry, or at once when the server
-- rejected the recipient for good. Such a message is no longer due.
ALTER TABLE mail_outbox ADD COLUMN failed_at timestamptz;

DROP INDEX mail_outbox_due_idx;
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;

-- Housekeeping deletes sent and abandoned messages 30 days after they were queued.
CREATE INDEX mail_outbox_created_at_idx ON mail_outbox (created_at);
