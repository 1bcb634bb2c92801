-- E-mail waiting to be sent. A request writes its messages here in its own transaction, and
-- a sender delivers them after the commit, retrying failures later, so a mail server that
-- is down neither fails the request nor loses the message.
--
-- recipient_user_id is cleared when the account is deleted, so a message about the deletion
-- can still go out to to_address.
CREATE TABLE mail_outbox (
  id bigint GENERATED ALWAYS AS IDENTITY,
  recipient_user_id text,
  to_address text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  last_error text,
  CONSTRAINT mail_outbox_pkey PRIMARY KEY (id),
  CONSTRAINT mail_outbox_recipient_user_id_fkey FOREIGN KEY (recipient_user_id) REFERENCES users (id) ON DELETE SET NULL
);

-- The sender's queue: unsent messages in the order they are due.
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL;
