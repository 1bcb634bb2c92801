-- The words of each thing, stored on the thing and indexed by owner and sharing state, so that
-- a search reads only the index entries of the owners whose things the viewer may see.
--
-- Before, search looked a word up in expression indexes on name, description, property values
-- and private note, each twice (whole word and word start), and every lookup returned the
-- matches of the whole instance before the owner indexes narrowed them: "red" read 142,855
-- description entries twice at a million things. Now each word is looked up once per owner
-- the viewer may see, as one index scan.
--
-- search_words: the words of name, description and string property values, folded as the
--   search folds them. note_words: those of the private note. Both without positions.
ALTER TABLE things
  ADD COLUMN search_words tsvector NOT NULL DEFAULT ''::tsvector,
  ADD COLUMN note_words tsvector NOT NULL DEFAULT ''::tsvector;

CREATE FUNCTION stashsphere_thing_search_words(thing_name text, thing_description text, thing_id text) RETURNS tsvector
  LANGUAGE sql STABLE
  AS $$
    SELECT strip(to_tsvector('simple', lower(stashsphere_unaccent(concat_ws(' ', thing_name, thing_description,
      (SELECT string_agg(p.value_string, ' ' ORDER BY p.pos, p.id) FROM properties p WHERE p.thing_id = $3))))))
  $$;

-- Set on every insert and on any change of the texts, whatever the statement wrote, so no
-- writer has to know about the columns.
CREATE FUNCTION stashsphere_thing_words() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  NEW.search_words := stashsphere_thing_search_words(NEW.name, NEW.description, NEW.id);
  NEW.note_words := strip(to_tsvector('simple', lower(stashsphere_unaccent(NEW.private_note))));
  RETURN NEW;
END;
$$;

CREATE TRIGGER things_search_words BEFORE INSERT OR UPDATE OF name, description, private_note, search_words, note_words ON things
  FOR EACH ROW EXECUTE FUNCTION stashsphere_thing_words();

-- Property changes renew the words of their things, once per statement and thing. A
-- statement that changed no property returns early: statement triggers run even for no rows,
-- and a thing's owner change updates its properties (owner_id), which must not come back here
-- as another update of things.
CREATE FUNCTION stashsphere_property_words() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  changed text[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT n.thing_id) INTO changed FROM new_rows n;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT o.thing_id) INTO changed FROM old_rows o;
  ELSE
    SELECT array_agg(DISTINCT x.thing_id) INTO changed
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    CROSS JOIN LATERAL (VALUES (n.thing_id), (o.thing_id)) AS x (thing_id)
    WHERE n.value_string IS DISTINCT FROM o.value_string OR n.pos IS DISTINCT FROM o.pos
      OR n.thing_id IS DISTINCT FROM o.thing_id;
  END IF;
  IF changed IS NOT NULL THEN
    UPDATE things SET search_words = '' WHERE id = ANY (changed);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER properties_words_insert AFTER INSERT ON properties
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stashsphere_property_words();
CREATE TRIGGER properties_words_update AFTER UPDATE ON properties
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stashsphere_property_words();
CREATE TRIGGER properties_words_delete AFTER DELETE ON properties
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stashsphere_property_words();

-- Setting a column runs the row trigger above, which computes both.
UPDATE things SET search_words = '';

-- Each word prefixed with the owner and a letter for what it is: p, f, o for the words of a
-- private, friends or friends-of-friends thing, n for those of the private note. A search asks
-- for "<owner> f red:*" and "<owner> o red:*" for a friend, only "<owner> o red:*" for an owner
-- with a friend in common, and all four for the viewer's own things, so the index itself
-- applies the owner part of the visibility rule. Words over 2,000 bytes are left out, because
-- a lexeme may not exceed 2,047 bytes with the prefix; search_words still holds them. A
-- sharing state added later has no letter here and fails loudly (a NULL lexeme) until it gets one.
CREATE FUNCTION stashsphere_owned_words(owner_id text, sharing_state sharing_state, words tsvector, note_words tsvector)
  RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT array_to_tsvector(array(
      SELECT owner_id || CASE sharing_state WHEN 'private' THEN ' p ' WHEN 'friends' THEN ' f ' WHEN 'friends-of-friends' THEN ' o ' END || w
      FROM unnest(tsvector_to_array(words)) AS w WHERE octet_length(w) <= 2000
      UNION ALL
      SELECT owner_id || ' n ' || w FROM unnest(tsvector_to_array(note_words)) AS w WHERE octet_length(w) <= 2000))
  $$;

CREATE INDEX things_owned_words_idx
  ON things USING gin (stashsphere_owned_words(owner_id, sharing_state, search_words, note_words));

-- For the things a viewer sees only through shares and shared lists, which the owner prefixes
-- do not reach.
CREATE INDEX things_search_words_idx ON things USING gin (search_words);

-- Search no longer reads these; the trigram indexes on the same texts stay for substrings and
-- typos.
DROP INDEX things_name_words_idx;
DROP INDEX things_description_words_idx;
DROP INDEX properties_value_string_words_idx;
DROP INDEX things_private_note_words_idx;
