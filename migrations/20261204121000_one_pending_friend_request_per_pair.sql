-- No friend request to oneself, and at most one pending request between two users in either
-- direction. The original accepted both, and answering two crossing requests with "accept"
-- made the pair friends twice.

-- Self-requests can only have led to self-friendships, which an earlier migration removed.
DELETE FROM friend_requests WHERE sender_id = receiver_id;

-- Of several pending requests between the same two users the oldest stays pending; the
-- others are closed as rejected, now.
UPDATE friend_requests
SET state = 'rejected', updated_at = now()
WHERE id IN (
  SELECT id
  FROM (
    SELECT id, row_number() OVER (
      PARTITION BY least(sender_id, receiver_id), greatest(sender_id, receiver_id)
      ORDER BY created_at, id
    ) AS position
    FROM friend_requests
    WHERE state = 'pending'
  ) AS ranked
  WHERE position > 1
);

ALTER TABLE friend_requests
  ADD CONSTRAINT friend_requests_two_users_check CHECK (sender_id <> receiver_id);

CREATE UNIQUE INDEX friend_requests_pending_pair_key
  ON friend_requests (least(sender_id, receiver_id), greatest(sender_id, receiver_id))
  WHERE state = 'pending';
