-- Accounts created through an OpenID Connect provider have no local password.
ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;

-- One row per account at an OpenID Connect provider: the issuer's subject identifier is
-- stable, the e-mail address is what the provider reported at the last login.
CREATE TABLE oidc_identities (
  provider text NOT NULL,
  subject text NOT NULL,
  user_id text NOT NULL,
  email text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT oidc_identities_pkey PRIMARY KEY (provider, subject),
  CONSTRAINT oidc_identities_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX oidc_identities_user_id_idx ON oidc_identities (user_id);
