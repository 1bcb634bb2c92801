-- Every word that occurs in the stored words of a thing (search_words, note_words), once, with a
-- trigram index. A typo in a search term is looked up here first: the words close to it are
-- few, and each is then found in things_owned_words_idx under the viewer's owner prefixes like
-- any other word. Before, a typo was compared with the names, descriptions, property values
-- and notes of the whole instance through their trigram indexes, and every candidate row was
-- rechecked ("hamer" at a million things: two branches of 16 ms each).
--
-- Words are added as things are written and never removed: a word that no thing holds any more
-- costs one index lookup that finds nothing.
CREATE TABLE search_vocabulary (word text PRIMARY KEY);

INSERT INTO search_vocabulary (word)
SELECT DISTINCT word FROM things, unnest(tsvector_to_array(search_words) || tsvector_to_array(note_words)) AS word
ON CONFLICT DO NOTHING;

CREATE INDEX search_vocabulary_word_trgm_idx ON search_vocabulary USING gin (word gin_trgm_ops);

CREATE OR REPLACE FUNCTION stashsphere_thing_words() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  NEW.search_words := stashsphere_thing_search_words(NEW.name, NEW.description, NEW.id);
  NEW.note_words := strip(to_tsvector('simple', lower(stashsphere_unaccent(NEW.private_note))));
  INSERT INTO search_vocabulary (word)
  SELECT unnest(tsvector_to_array(NEW.search_words) || tsvector_to_array(NEW.note_words))
  ON CONFLICT DO NOTHING;
  RETURN NEW;
END;
$$;
