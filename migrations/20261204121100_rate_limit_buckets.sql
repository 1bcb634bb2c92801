-- Token buckets for rate limits, in the database so that every server instance draws from
-- the same bucket. A key names the limit and the client, for example "login:203.0.113.9".
-- The bucket holds `tokens` as of `updated_at`; refilling is computed from the time passed.
CREATE TABLE rate_limit_buckets (
  key text NOT NULL,
  tokens double precision NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT rate_limit_buckets_pkey PRIMARY KEY (key)
);

-- For deleting buckets that have been full for a long time.
CREATE INDEX rate_limit_buckets_updated_at_idx ON rate_limit_buckets (updated_at);
