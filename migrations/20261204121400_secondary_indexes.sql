-- The original had no index besides primary keys and unique constraints, so every
-- visibility test, listing and foreign key check on delete scanned whole tables. These
-- follow the queries: listings ordered by creation time with the id as tie-breaker for
-- keyset pages, lookups from the other side of every link table, and the referencing
-- column of every foreign key that a delete has to check.

-- An owner's things, newest or oldest first.
CREATE INDEX things_owner_id_created_at_id_idx ON things (owner_id, created_at, id);
-- Things that friends (or friends of friends) may see: only the non-private ones, found by
-- owner. Most things are private, so this index stays small.
CREATE INDEX things_shared_owner_id_idx ON things (owner_id) WHERE sharing_state <> 'private';
CREATE INDEX lists_owner_id_idx ON lists (owner_id);

CREATE INDEX properties_thing_id_idx ON properties (thing_id);
CREATE INDEX quantity_entries_thing_id_idx ON quantity_entries (thing_id);
CREATE INDEX lists_things_thing_id_idx ON lists_things (thing_id);
-- A thing's images in display order; the primary key (thing_id, image_id) cannot sort by pos.
CREATE INDEX images_things_thing_id_pos_idx ON images_things (thing_id, pos);
CREATE INDEX images_things_image_id_idx ON images_things (image_id);

-- shares (thing_id, target_user_id) and (list_id, target_user_id) are unique constraints
-- already, so lookups by object need no further index.
CREATE INDEX shares_target_user_id_idx ON shares (target_user_id);
CREATE INDEX shares_owner_id_idx ON shares (owner_id);

-- The primary key (friend1_id, friend2_id) serves lookups by friend1_id only.
CREATE INDEX friendships_friend2_id_idx ON friendships (friend2_id);
CREATE INDEX friendships_friend_request_id_idx ON friendships (friend_request_id);
CREATE INDEX friend_requests_receiver_id_idx ON friend_requests (receiver_id);
CREATE INDEX friend_requests_sender_id_idx ON friend_requests (sender_id);

-- A recipient's notifications, newest first, and the unread ones on their own for the badge.
CREATE INDEX notifications_recipient_id_created_at_idx
  ON notifications (recipient_id, created_at DESC, id DESC);
CREATE INDEX notifications_unacknowledged_idx
  ON notifications (recipient_id, created_at DESC, id DESC) WHERE acknowledged_at IS NULL;

-- An owner's gallery in upload order, and the rows that share a stored file.
CREATE INDEX images_owner_id_created_at_id_idx ON images (owner_id, created_at, id);
CREATE INDEX images_hash_idx ON images (hash);
CREATE INDEX profiles_image_id_idx ON profiles (image_id);

CREATE INDEX cart_entries_thing_id_idx ON cart_entries (thing_id);
