// Builds databases in the state the original StashSphere leaves them, for the migration
// tests: its schema (our baseline file), golang-migrate's bookkeeping, and data with the
// irregularities the original allowed.
import { migrations } from "../../migrations/index.ts";
import type { Database } from "./database.ts";
import { BASELINE_MIGRATION } from "./migrate.ts";
import { splitSqlScript } from "./split-sql-script.ts";
import { sql } from "./sql.ts";

/** Runs a script of trusted test SQL statement by statement in one transaction. */
export async function runScript(db: Database, script: string): Promise<void> {
  await db.transaction(async (tx) => {
    for (const statement of splitSqlScript(script)) await tx.query(sql.raw(statement));
  });
}

/**
 * Creates the original's schema and golang-migrate's `schema_migrations` with one row, as
 * its `migrate` command leaves them (the table definition is golang-migrate's own).
 */
export async function createOriginalSchema(db: Database, version = "20260206120000", dirty = false): Promise<void> {
  const baseline = migrations.find((migration) => migration.name === BASELINE_MIGRATION);
  if (!baseline) throw new Error(`${BASELINE_MIGRATION} is missing from migrations/index.ts`);
  await runScript(db, baseline.sql);
  await runScript(
    db,
    `create table if not exists schema_migrations (version bigint not null primary key, dirty boolean not null);
     insert into schema_migrations (version, dirty) values (${BigInt(version)}, ${dirty ? "true" : "false"});`,
  );
}

/**
 * Rows in every table of the original, with naive timestamps meant as UTC. They include what
 * its code or schema let through: a thing shared twice with the same user, a share covering
 * three objects, a share without objects, and crossing friend requests that were both
 * accepted (a mirrored friendship). There is also a friendship with oneself and duplicate
 * pending requests between two users.
 */
export const originalData = `
insert into users (id, name, email, password_hash, purge_at) values
  ('user-alice', 'Alice', 'alice@example.org', '$2a$12$aliceHash', '2026-03-01 08:00:00'),
  ('user-bob', 'Bob', 'bob@example.org', '$2a$12$bobHash', null),
  ('user-carol', 'Carol', 'carol@example.org', '$2a$12$carolHash', null),
  ('user-dave', 'Dave', 'dave@example.org', '$2a$12$daveHash', null),
  ('user-erin', 'Erin', 'erin@example.org', '$2a$12$erinHash', null);

insert into images (id, name, mime, hash, owner_id, created_at) values
  ('image-drill', 'drill.jpg', 'image/jpeg', 'HASHDRILL', 'user-alice', '2025-03-17 19:43:40.123456'),
  ('image-drill-copy', 'drill (1).jpg', 'image/jpeg', 'HASHDRILL', 'user-alice', '2025-03-17 19:44:00'),
  ('image-avatar', 'me.png', 'image/png', 'HASHAVATAR', 'user-bob', '2025-02-01 12:00:00');

insert into things (id, name, created_at, owner_id, description, private_note, quantity_unit, sharing_state) values
  ('thing-drill', 'Bohrmaschine', '2025-03-17 19:43:40.123456', 'user-alice', 'Schlagbohrmaschine, 650 W', 'Akku schwach', 'pcs', 'friends'),
  ('thing-saw', 'Säge', '2025-03-18 08:00:00', 'user-alice', '', '', 'pcs', 'private'),
  ('thing-tent', 'Zelt', '2025-04-02 17:30:00', 'user-bob', 'Für 3 Personen', '', 'pcs', 'friends-of-friends');

insert into lists (id, name, created_at, owner_id, sharing_state) values
  ('list-garage', 'Garage', '2025-03-19 10:00:00', 'user-alice', 'friends'),
  ('list-camping', 'Camping', '2025-04-03 09:15:00', 'user-bob', 'private');

insert into images_things (thing_id, image_id, pos) values
  ('thing-drill', 'image-drill', 0),
  ('thing-drill', 'image-drill-copy', 1);

insert into lists_things (list_id, thing_id) values
  ('list-garage', 'thing-drill'),
  ('list-garage', 'thing-saw'),
  ('list-camping', 'thing-tent');

insert into properties (id, type, name, value_string, value_datetime, value_float, unit, created_at, thing_id) values
  ('property-brand', 'string', 'Marke', 'Bosch', null, null, null, '2025-03-17 19:45:00', 'thing-drill'),
  ('property-bought', 'datetime', 'Gekauft', null, '2024-12-24 18:00:00', null, null, '2025-03-17 19:45:00', 'thing-drill'),
  ('property-power', 'float', 'Leistung', null, null, 650, 'W', '2025-03-17 19:45:00', 'thing-drill');

insert into quantity_entries (id, thing_id, delta_value, created_at) values
  ('quantity-1', 'thing-drill', 2, '2025-03-17 19:43:40'),
  ('quantity-2', 'thing-drill', -1, '2025-05-01 07:00:00');

insert into shares (id, created_at, target_user_id, owner_id) values
  ('share-drill-bob', '2025-04-01 10:00:00', 'user-bob', 'user-alice'),
  ('share-drill-bob-again', '2025-04-05 10:00:00', 'user-bob', 'user-alice'),
  ('share-garage-carol', '2025-04-02 10:00:00', 'user-carol', 'user-alice'),
  ('share-many-erin', '2025-04-03 10:00:00', 'user-erin', 'user-alice'),
  ('share-empty-dave', '2025-04-04 10:00:00', 'user-dave', 'user-alice');

insert into shares_things (share_id, thing_id) values
  ('share-drill-bob', 'thing-drill'),
  ('share-drill-bob-again', 'thing-drill'),
  ('share-many-erin', 'thing-drill'),
  ('share-many-erin', 'thing-saw');

insert into shares_lists (share_id, list_id) values
  ('share-garage-carol', 'list-garage'),
  ('share-many-erin', 'list-garage');

insert into friend_requests (id, sender_id, receiver_id, state, created_at) values
  ('request-alice-bob', 'user-alice', 'user-bob', 'accepted', '2025-03-18 09:00:00'),
  ('request-bob-alice', 'user-bob', 'user-alice', 'accepted', '2025-03-18 09:05:00'),
  ('request-dave-dave', 'user-dave', 'user-dave', 'accepted', '2025-03-20 12:00:00'),
  ('request-carol-bob', 'user-carol', 'user-bob', 'rejected', '2025-03-21 12:00:00'),
  ('request-carol-erin', 'user-carol', 'user-erin', 'pending', '2025-05-01 08:00:00'),
  ('request-erin-carol', 'user-erin', 'user-carol', 'pending', '2025-05-02 08:00:00'),
  ('request-carol-erin-again', 'user-carol', 'user-erin', 'pending', '2025-05-03 08:00:00');

insert into friendships (friend1_id, friend2_id, friend_request_id, created_at) values
  ('user-bob', 'user-alice', 'request-alice-bob', '2025-03-18 10:00:00'),
  ('user-alice', 'user-bob', 'request-bob-alice', '2025-03-18 11:00:00'),
  ('user-dave', 'user-dave', 'request-dave-dave', '2025-03-20 12:01:00');

insert into notifications (id, recipient_id, content_type, content, created_at, acknowledged_at) values
  ('notification-1', 'user-bob', 'FRIEND_REQUEST', '{"requestId": "request-alice-bob", "senderId": "user-alice"}', '2025-03-18 09:00:01', '2025-03-18 12:30:00'),
  ('notification-2', 'user-bob', 'THING_SHARED', '{"thingId": "thing-drill", "sharerId": "user-alice"}', '2025-04-01 10:00:01', null);

insert into profiles (id, full_name, information, image_id, user_id) values
  ('profile-bob', 'Bob Builder', 'Borgt gern Werkzeug', 'image-avatar', 'user-bob'),
  ('profile-alice', 'Alice A.', '', null, 'user-alice');

insert into cart_entries (user_id, thing_id, created_at) values
  ('user-bob', 'thing-drill', '2025-04-06 15:00:00');

insert into email_verifications (user_id, email, verified_at) values
  ('user-alice', 'alice@example.org', '2025-03-17 20:00:00'),
  ('user-bob', 'bob@example.org', null);

insert into email_verification_codes (user_id, email, digit_code, valid_until) values
  ('user-bob', 'bob@example.org', '12345678', '2025-03-17 20:30:00');
`;
