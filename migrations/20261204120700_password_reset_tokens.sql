-- Single-use password reset tokens. Only a hash of the token is stored, so reading the
-- table does not let anyone reset a password.
CREATE TABLE password_reset_tokens (
  token_hash text NOT NULL,
  user_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  CONSTRAINT password_reset_tokens_pkey PRIMARY KEY (token_hash),
  CONSTRAINT password_reset_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX password_reset_tokens_user_id_idx ON password_reset_tokens (user_id);
