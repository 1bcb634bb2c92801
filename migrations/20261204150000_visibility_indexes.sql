-- Indexes and counters for reading what a viewer may see without testing every thing.
--
-- The index of things walks all things oldest first and stops after a page of visible ones;
-- without an index in that order it would sort every visible thing first.
CREATE INDEX things_created_at_id_idx ON things (created_at, id);

-- The things and lists that users with a friend in common may see, found by owner. Few
-- objects are shared that widely, so these stay small.
CREATE INDEX things_friends_of_friends_owner_id_idx ON things (owner_id)
  WHERE sharing_state = 'friends-of-friends';
CREATE INDEX lists_shared_owner_id_idx ON lists (owner_id) WHERE sharing_state <> 'private';
CREATE INDEX lists_friends_of_friends_owner_id_idx ON lists (owner_id)
  WHERE sharing_state = 'friends-of-friends';

-- How many things and lists each user owns in each sharing state, kept by the triggers below.
-- The count of visible things adds these up per owner instead of counting index entries,
-- which for a user who sees hundreds of thousands of things took hundreds of milliseconds.
-- There is no foreign key to users: deleting a user deletes their things and lists, whose
-- triggers bring the counts to zero, and rows at zero are removed.
CREATE TABLE sharing_counts (
  owner_id text NOT NULL,
  object_kind text NOT NULL CHECK (object_kind IN ('thing', 'list')),
  sharing_state sharing_state NOT NULL,
  object_count integer NOT NULL,
  CONSTRAINT sharing_counts_pkey PRIMARY KEY (owner_id, object_kind, sharing_state)
);

-- Apply the changes of one statement on things or lists. Statement-level with transition
-- tables, so a bulk insert or a cascading delete of thousands of rows changes each counter
-- once, and an update that moves no row between owners or states changes none. Counters are
-- changed in key order, so two transactions never wait for each other's counters in opposite
-- orders.
CREATE FUNCTION stashsphere_count_sharing() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  kind text := CASE TG_TABLE_NAME WHEN 'things' THEN 'thing' ELSE 'list' END;
  owners text[];
  states sharing_state[];
  deltas integer[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(owner_id), array_agg(sharing_state), array_agg(n) INTO owners, states, deltas
    FROM (SELECT owner_id, sharing_state, count(*)::integer AS n FROM new_rows GROUP BY 1, 2) AS d;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(owner_id), array_agg(sharing_state), array_agg(n) INTO owners, states, deltas
    FROM (SELECT owner_id, sharing_state, -count(*)::integer AS n FROM old_rows GROUP BY 1, 2) AS d;
  ELSE
    SELECT array_agg(owner_id), array_agg(sharing_state), array_agg(n) INTO owners, states, deltas
    FROM (
      SELECT owner_id, sharing_state, sum(n)::integer AS n
      FROM (
        SELECT owner_id, sharing_state, 1 AS n FROM new_rows
        UNION ALL
        SELECT owner_id, sharing_state, -1 FROM old_rows
      ) AS moved
      GROUP BY 1, 2
      HAVING sum(n) <> 0
    ) AS d;
  END IF;
  INSERT INTO sharing_counts AS c (owner_id, object_kind, sharing_state, object_count)
    SELECT o, kind, s, n FROM unnest(owners, states, deltas) AS d (o, s, n) ORDER BY o, s
    ON CONFLICT (owner_id, object_kind, sharing_state)
      DO UPDATE SET object_count = c.object_count + excluded.object_count;
  DELETE FROM sharing_counts c
    USING unnest(owners, states) AS d (o, s)
    WHERE c.owner_id = d.o AND c.object_kind = kind AND c.sharing_state = d.s AND c.object_count = 0;
  RETURN NULL;
END
$$;

CREATE TRIGGER things_sharing_counts_insert AFTER INSERT ON things
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stashsphere_count_sharing();
CREATE TRIGGER things_sharing_counts_update AFTER UPDATE ON things
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stashsphere_count_sharing();
CREATE TRIGGER things_sharing_counts_delete AFTER DELETE ON things
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stashsphere_count_sharing();
CREATE TRIGGER lists_sharing_counts_insert AFTER INSERT ON lists
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stashsphere_count_sharing();
CREATE TRIGGER lists_sharing_counts_update AFTER UPDATE ON lists
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stashsphere_count_sharing();
CREATE TRIGGER lists_sharing_counts_delete AFTER DELETE ON lists
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stashsphere_count_sharing();

-- Recount from scratch: for this migration, and for bulk loads that bypass triggers (the
-- benchmark generator loads with session_replication_role = replica).
CREATE FUNCTION stashsphere_recount_sharing() RETURNS void
  LANGUAGE sql
  AS $$
  DELETE FROM sharing_counts;
  INSERT INTO sharing_counts (owner_id, object_kind, sharing_state, object_count)
    SELECT owner_id, 'thing', sharing_state, count(*) FROM things GROUP BY owner_id, sharing_state
    UNION ALL
    SELECT owner_id, 'list', sharing_state, count(*) FROM lists GROUP BY owner_id, sharing_state;
$$;

SELECT stashsphere_recount_sharing();
