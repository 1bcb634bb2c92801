-- The time of a friend request's last state change. After a rejection, the sender has to
-- wait a cooling-off period counted from it before asking the same person again.
--
-- The original did not record when a request was answered. Accepted requests take the time
-- their friendship was created, all others their creation time, which makes the
-- cooling-off period of an old rejection at most as long as it should be, never longer.
ALTER TABLE friend_requests ADD COLUMN updated_at timestamptz;

UPDATE friend_requests AS request
SET updated_at = coalesce(
  (SELECT min(friendship.created_at) FROM friendships AS friendship WHERE friendship.friend_request_id = request.id),
  request.created_at
);

ALTER TABLE friend_requests
  ALTER COLUMN updated_at SET NOT NULL,
  ALTER COLUMN updated_at SET DEFAULT now();
