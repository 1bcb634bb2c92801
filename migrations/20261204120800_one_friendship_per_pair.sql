-- A friendship is one row per unordered pair of two different users. The original allowed
-- self-friendships (an accepted request to oneself) and, when two crossing requests were
-- both accepted, the same pair twice in mirrored order.

DELETE FROM friendships WHERE friend1_id = friend2_id;

-- Of a mirrored pair keep the older row; the friend1_id comparison breaks a tie.
DELETE FROM friendships AS newer
USING friendships AS older
WHERE older.friend1_id = newer.friend2_id
  AND older.friend2_id = newer.friend1_id
  AND (older.created_at, older.friend1_id) < (newer.created_at, newer.friend1_id);

ALTER TABLE friendships
  ADD CONSTRAINT friendships_two_users_check CHECK (friend1_id <> friend2_id);

CREATE UNIQUE INDEX friendships_pair_key
  ON friendships (least(friend1_id, friend2_id), greatest(friend1_id, friend2_id));
