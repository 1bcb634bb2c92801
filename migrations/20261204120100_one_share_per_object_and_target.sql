-- A share names its object on its own row: shares.thing_id or shares.list_id, exactly one of
-- them set. An object is shared with a given user at most once.
--
-- Why columns and not the original's join tables shares_things and shares_lists: the join
-- tables let one share cover any number of things and lists, which the original never did,
-- and they keep the object one join away from the target, so "one share per object and
-- target" could only be enforced by a trigger. On the share row, a CHECK and two unique
-- constraints enforce the whole model, a share is written with one INSERT, and the
-- visibility test "is thing T shared with user U" is one lookup in a unique index.
--
-- The join tables are replaced by views with the same names and columns, computed from
-- shares, so queries written against the original's tables still read correct rows. Every
-- link they held is first moved onto a share row.

ALTER TABLE shares
  ADD COLUMN thing_id text,
  ADD COLUMN list_id text;

CREATE TEMPORARY TABLE share_links AS
SELECT
  share_id,
  thing_id,
  list_id,
  row_number() OVER (PARTITION BY share_id ORDER BY thing_id NULLS LAST, list_id) AS position
FROM (
  SELECT share_id, thing_id, NULL::text AS list_id FROM shares_things
  UNION ALL
  SELECT share_id, NULL::text AS thing_id, list_id FROM shares_lists
) AS links;

UPDATE shares
SET thing_id = link.thing_id, list_id = link.list_id
FROM share_links AS link
WHERE link.share_id = shares.id AND link.position = 1;

-- A share that covered several objects becomes one share per object, with the same owner,
-- target and creation time. The new ids are 21 hex digits of an MD5 over the old id and the
-- link's position: deterministic, and within the alphabet of the original's ids.
INSERT INTO shares (id, created_at, target_user_id, owner_id, thing_id, list_id)
SELECT left(md5(share.id || ':' || link.position), 21), share.created_at, share.target_user_id,
       share.owner_id, link.thing_id, link.list_id
FROM share_links AS link
JOIN shares AS share ON share.id = link.share_id
WHERE link.position > 1;

DROP TABLE share_links;
DROP TABLE shares_things;
DROP TABLE shares_lists;

-- A share without an object grants nothing.
DELETE FROM shares WHERE thing_id IS NULL AND list_id IS NULL;

-- The original created a new share every time an object was shared with the same user
-- again. Keep the oldest; the others grant nothing more.
DELETE FROM shares
WHERE id IN (
  SELECT id
  FROM (
    SELECT id, row_number() OVER (
      PARTITION BY thing_id, list_id, target_user_id ORDER BY created_at, id
    ) AS position
    FROM shares
  ) AS ranked
  WHERE position > 1
);

ALTER TABLE shares
  ADD CONSTRAINT shares_one_object_check CHECK (num_nonnulls(thing_id, list_id) = 1),
  ADD CONSTRAINT shares_thing_id_fkey FOREIGN KEY (thing_id) REFERENCES things (id) ON DELETE CASCADE,
  ADD CONSTRAINT shares_list_id_fkey FOREIGN KEY (list_id) REFERENCES lists (id) ON DELETE CASCADE,
  ADD CONSTRAINT shares_thing_id_target_user_id_key UNIQUE (thing_id, target_user_id),
  ADD CONSTRAINT shares_list_id_target_user_id_key UNIQUE (list_id, target_user_id);

CREATE VIEW shares_things AS
SELECT id AS share_id, thing_id FROM shares WHERE thing_id IS NOT NULL;

CREATE VIEW shares_lists AS
SELECT id AS share_id, list_id FROM shares WHERE list_id IS NOT NULL;

COMMENT ON VIEW shares_things IS 'The original''s link table, now computed from shares.thing_id. Write to shares.';
COMMENT ON VIEW shares_lists IS 'The original''s link table, now computed from shares.list_id. Write to shares.';
