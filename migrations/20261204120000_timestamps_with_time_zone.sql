-- Store every point in time as timestamptz. The original kept naive timestamps and
-- rendered them with a "Z" suffix, so its values are read as UTC here: that is what it wrote
-- for purge_at and valid_until, and what its column defaults produced on a database running
-- in UTC (the usual setup).
--
-- NOTE: on a database whose time zone was not UTC, the original's column defaults stored
-- local wall-clock time; those created_at values end up shifted by the zone's offset.
--
-- Each table is rewritten once, by one ALTER TABLE with all of its columns.

ALTER TABLE users
  ALTER COLUMN purge_at TYPE timestamptz USING purge_at AT TIME ZONE 'UTC';

ALTER TABLE images
  ALTER COLUMN created_at TYPE timestamptz USING created_at AT TIME ZONE 'UTC',
  ALTER COLUMN created_at SET DEFAULT now();

ALTER TABLE things
  ALTER COLUMN created_at TYPE timestamptz USING created_at AT TIME ZONE 'UTC',
  ALTER COLUMN created_at SET DEFAULT now();

ALTER TABLE lists
  ALTER COLUMN created_at TYPE timestamptz USING created_at AT TIME ZONE 'UTC',
  ALTER COLUMN created_at SET DEFAULT now();

ALTER TABLE properties
  ALTER COLUMN value_datetime TYPE timestamptz USING value_datetime AT TIME ZONE 'UTC',
  ALTER COLUMN created_at TYPE timestamptz USING created_at AT TIME ZONE 'UTC',
  ALTER COLUMN created_at SET DEFAULT now();

ALTER TABLE shares
  ALTER COLUMN created_at TYPE timestamptz USING created_at AT TIME ZONE 'UTC',
  ALTER COLUMN created_at SET DEFAULT now();

ALTER TABLE quantity_entries
  ALTER COLUMN created_at TYPE timestamptz USING created_at AT TIME ZONE 'UTC',
  ALTER COLUMN created_at SET DEFAULT now();

ALTER TABLE friend_requests
  ALTER COLUMN created_at TYPE timestamptz USING created_at AT TIME ZONE 'UTC',
  ALTER COLUMN created_at SET DEFAULT now();

ALTER TABLE friendships
  ALTER COLUMN created_at TYPE timestamptz USING created_at AT TIME ZONE 'UTC',
  ALTER COLUMN created_at SET DEFAULT now();

ALTER TABLE notifications
  ALTER COLUMN created_at TYPE timestamptz USING created_at AT TIME ZONE 'UTC',
  ALTER COLUMN created_at SET DEFAULT now(),
  ALTER COLUMN acknowledged_at TYPE timestamptz USING acknowledged_at AT TIME ZONE 'UTC';

ALTER TABLE cart_entries
  ALTER COLUMN created_at TYPE timestamptz USING created_at AT TIME ZONE 'UTC',
  ALTER COLUMN created_at SET DEFAULT now();

ALTER TABLE email_verifications
  ALTER COLUMN verified_at TYPE timestamptz USING verified_at AT TIME ZONE 'UTC';

ALTER TABLE email_verification_codes
  ALTER COLUMN valid_until TYPE timestamptz USING valid_until AT TIME ZONE 'UTC';
