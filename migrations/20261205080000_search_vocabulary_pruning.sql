-- Words leave the search vocabulary when no thing holds them any more, so a deleted account,
-- thing or note leaves none of its words behind. A word a thing loses (by deletion or by an
-- edit) is queued in search_vocabulary_doubts; the purge pass tests the queued words against
-- the stored words of all things and removes those no thing holds.
CREATE TABLE search_vocabulary_doubts (word text PRIMARY KEY);

-- The purge pass tests note words through this index, and search_words through
-- things_search_words_idx.
CREATE INDEX things_note_words_idx ON things USING gin (note_words);

CREATE OR REPLACE FUNCTION stashsphere_thing_words() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  NEW.search_words := stashsphere_thing_search_words(NEW.name, NEW.description, NEW.id);
  NEW.note_words := strip(to_tsvector('simple', lower(stashsphere_unaccent(NEW.private_note))));
  INSERT INTO search_vocabulary (word)
  SELECT unnest(tsvector_to_array(NEW.search_words) || tsvector_to_array(NEW.note_words))
  ON CONFLICT DO NOTHING;
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO search_vocabulary_doubts (word)
    SELECT unnest(tsvector_to_array(OLD.search_words) || tsvector_to_array(OLD.note_words))
    EXCEPT
    SELECT unnest(tsvector_to_array(NEW.search_words) || tsvector_to_array(NEW.note_words))
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NEW;
END;
$$;

CREATE FUNCTION stashsphere_doubt_deleted_words() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  INSERT INTO search_vocabulary_doubts (word)
  SELECT DISTINCT word FROM old_rows, unnest(tsvector_to_array(old_rows.search_words) || tsvector_to_array(old_rows.note_words)) AS word
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;

CREATE TRIGGER things_deleted_words AFTER DELETE ON things
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stashsphere_doubt_deleted_words();
