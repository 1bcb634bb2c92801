-- The schema of the original StashSphere (Go) after its last migration, version
-- 20260206120000. A database migrated by the original is adopted by recording this file as
-- applied without running it, so the tables, column order, types, defaults and constraint
-- names here must stay exactly what the original left behind: every later migration has to
-- work on both. Never edit this file; change the schema in a new migration.
--
-- Quirks kept on purpose because adopted databases have them:
-- * timestamps are "timestamp without time zone";
-- * only cart_entries cascades on delete;
-- * images_things has its columns in the order (thing_id, image_id) and its primary key over
--   that order, because the original created it with the two columns swapped and later
--   renamed them;
-- * cart_entries carries a unique constraint that repeats its primary key.

CREATE TYPE property_type AS ENUM ('float', 'datetime', 'string');
CREATE TYPE friend_request_state AS ENUM ('pending', 'accepted', 'rejected');
CREATE TYPE sharing_state AS ENUM ('private', 'friends', 'friends-of-friends');

CREATE TABLE users (
  id text NOT NULL,
  name varchar(255) NOT NULL,
  email varchar(255) NOT NULL,
  password_hash varchar(255) NOT NULL,
  purge_at timestamp,
  CONSTRAINT users_pkey PRIMARY KEY (id),
  CONSTRAINT users_email_key UNIQUE (email)
);

CREATE TABLE images (
  id text NOT NULL,
  name text NOT NULL,
  mime text NOT NULL,
  hash text NOT NULL,
  owner_id text NOT NULL,
  created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT images_pkey PRIMARY KEY (id),
  CONSTRAINT images_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES users (id)
);

CREATE TABLE things (
  id text NOT NULL,
  name text NOT NULL,
  created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  owner_id text NOT NULL,
  description text NOT NULL DEFAULT '',
  private_note text NOT NULL DEFAULT '',
  quantity_unit text NOT NULL DEFAULT 'pcs',
  sharing_state sharing_state NOT NULL DEFAULT 'private',
  CONSTRAINT things_pkey PRIMARY KEY (id),
  CONSTRAINT things_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES users (id)
);

CREATE TABLE lists (
  id text NOT NULL,
  name text NOT NULL,
  created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  owner_id text NOT NULL,
  sharing_state sharing_state NOT NULL DEFAULT 'private',
  CONSTRAINT lists_pkey PRIMARY KEY (id),
  CONSTRAINT lists_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES users (id)
);

CREATE TABLE images_things (
  thing_id text NOT NULL,
  image_id text NOT NULL,
  pos integer NOT NULL DEFAULT 0,
  CONSTRAINT images_things_pkey PRIMARY KEY (thing_id, image_id),
  CONSTRAINT images_things_image_id_fkey FOREIGN KEY (image_id) REFERENCES images (id),
  CONSTRAINT images_things_thing_id_fkey FOREIGN KEY (thing_id) REFERENCES things (id)
);

CREATE TABLE lists_things (
  list_id text NOT NULL,
  thing_id text NOT NULL,
  CONSTRAINT lists_things_pkey PRIMARY KEY (list_id, thing_id),
  CONSTRAINT lists_things_list_id_fkey FOREIGN KEY (list_id) REFERENCES lists (id),
  CONSTRAINT lists_things_thing_id_fkey FOREIGN KEY (thing_id) REFERENCES things (id)
);

CREATE TABLE properties (
  id text NOT NULL,
  type property_type NOT NULL,
  name varchar(255) NOT NULL,
  value_string varchar(255),
  value_datetime timestamp,
  value_float double precision,
  unit varchar(20),
  created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  thing_id text NOT NULL,
  CONSTRAINT properties_pkey PRIMARY KEY (id),
  CONSTRAINT properties_thing_id_fkey FOREIGN KEY (thing_id) REFERENCES things (id),
  CONSTRAINT properties_name_thing_id_key UNIQUE (name, thing_id),
  CONSTRAINT chk_string_has_value CHECK (type <> 'string' OR value_string IS NOT NULL),
  CONSTRAINT chk_datetime_has_value CHECK (type <> 'datetime' OR value_datetime IS NOT NULL),
  CONSTRAINT chk_float_has_value CHECK (type <> 'float' OR value_float IS NOT NULL)
);

CREATE TABLE shares (
  id text NOT NULL,
  created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  target_user_id text NOT NULL,
  owner_id text NOT NULL,
  CONSTRAINT shares_pkey PRIMARY KEY (id),
  CONSTRAINT shares_target_user_id_fkey FOREIGN KEY (target_user_id) REFERENCES users (id),
  CONSTRAINT shares_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES users (id)
);

CREATE TABLE shares_things (
  share_id text NOT NULL,
  thing_id text NOT NULL,
  CONSTRAINT shares_things_pkey PRIMARY KEY (share_id, thing_id),
  CONSTRAINT shares_things_thing_id_fkey FOREIGN KEY (thing_id) REFERENCES things (id),
  CONSTRAINT shares_things_share_id_fkey FOREIGN KEY (share_id) REFERENCES shares (id)
);

CREATE TABLE shares_lists (
  share_id text NOT NULL,
  list_id text NOT NULL,
  CONSTRAINT shares_lists_pkey PRIMARY KEY (share_id, list_id),
  CONSTRAINT shares_lists_list_id_fkey FOREIGN KEY (list_id) REFERENCES lists (id),
  CONSTRAINT shares_lists_share_id_fkey FOREIGN KEY (share_id) REFERENCES shares (id)
);

CREATE TABLE quantity_entries (
  id text NOT NULL,
  thing_id text NOT NULL,
  delta_value bigint NOT NULL,
  created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT quantity_entries_pkey PRIMARY KEY (id),
  CONSTRAINT quantity_entries_thing_id_fkey FOREIGN KEY (thing_id) REFERENCES things (id)
);

CREATE TABLE friend_requests (
  id text NOT NULL,
  sender_id text NOT NULL,
  receiver_id text NOT NULL,
  state friend_request_state NOT NULL DEFAULT 'pending',
  created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT friend_requests_pkey PRIMARY KEY (id),
  CONSTRAINT friend_requests_sender_id_fkey FOREIGN KEY (sender_id) REFERENCES users (id),
  CONSTRAINT friend_requests_receiver_id_fkey FOREIGN KEY (receiver_id) REFERENCES users (id)
);

CREATE TABLE friendships (
  friend1_id text NOT NULL,
  friend2_id text NOT NULL,
  friend_request_id text NOT NULL,
  created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT friendships_pkey PRIMARY KEY (friend1_id, friend2_id),
  CONSTRAINT friendships_friend1_id_fkey FOREIGN KEY (friend1_id) REFERENCES users (id),
  CONSTRAINT friendships_friend2_id_fkey FOREIGN KEY (friend2_id) REFERENCES users (id),
  CONSTRAINT friendships_friend_request_id_fkey FOREIGN KEY (friend_request_id) REFERENCES friend_requests (id)
);

CREATE TABLE notifications (
  id text NOT NULL,
  recipient_id text NOT NULL,
  content_type varchar(100) NOT NULL,
  content jsonb NOT NULL,
  created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  acknowledged_at timestamp,
  CONSTRAINT notifications_pkey PRIMARY KEY (id),
  CONSTRAINT notifications_recipient_id_fkey FOREIGN KEY (recipient_id) REFERENCES users (id)
);

CREATE TABLE profiles (
  id text NOT NULL,
  full_name text NOT NULL,
  information text NOT NULL,
  image_id text,
  user_id text,
  CONSTRAINT profiles_pkey PRIMARY KEY (id),
  CONSTRAINT profiles_user_id_key UNIQUE (user_id),
  CONSTRAINT profiles_image_id_fkey FOREIGN KEY (image_id) REFERENCES images (id),
  CONSTRAINT profiles_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
);

CREATE TABLE cart_entries (
  user_id text NOT NULL,
  thing_id text NOT NULL,
  created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT cart_entries_pkey PRIMARY KEY (user_id, thing_id),
  CONSTRAINT cart_entries_thing_id_fkey FOREIGN KEY (thing_id) REFERENCES things (id) ON DELETE CASCADE,
  CONSTRAINT cart_entries_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT cart_entries_user_id_thing_id_key UNIQUE (user_id, thing_id)
);

CREATE TABLE email_verifications (
  user_id text NOT NULL,
  email varchar(255) NOT NULL,
  verified_at timestamp,
  CONSTRAINT email_verifications_pkey PRIMARY KEY (user_id, email),
  CONSTRAINT email_verifications_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
);

CREATE TABLE email_verification_codes (
  user_id text NOT NULL,
  email varchar(255) NOT NULL,
  digit_code varchar(8) NOT NULL,
  valid_until timestamp NOT NULL,
  CONSTRAINT email_verification_codes_pkey PRIMARY KEY (user_id, email, digit_code),
  CONSTRAINT email_verification_codes_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
);
