-- Word and prefix search over the same texts as the trigram indexes, plus private notes.
-- Search matches a word or its beginning with to_tsvector('simple', ...) @@ 'word:*', which
-- works for words of any length; trigrams need three characters and serve substrings and
-- typos. The 'simple' configuration keeps every word unstemmed, because names of tools and
-- parts are in any language and often not words at all ("M6", "18V").
--
-- A search has to use the indexed expression literally, for example
--   to_tsvector('simple', lower(stashsphere_unaccent(things.name))) @@ $1::tsquery

CREATE INDEX things_name_words_idx
  ON things USING gin (to_tsvector('simple'::regconfig, lower(stashsphere_unaccent(name))));
CREATE INDEX things_description_words_idx
  ON things USING gin (to_tsvector('simple'::regconfig, lower(stashsphere_unaccent(description))));
CREATE INDEX properties_value_string_words_idx
  ON properties USING gin (to_tsvector('simple'::regconfig, lower(stashsphere_unaccent(value_string))));
CREATE INDEX lists_name_words_idx
  ON lists USING gin (to_tsvector('simple'::regconfig, lower(stashsphere_unaccent(name))));

-- Private notes are searched only among the viewer's own things. Most notes are empty, so
-- these indexes stay small.
CREATE INDEX things_private_note_words_idx
  ON things USING gin (to_tsvector('simple'::regconfig, lower(stashsphere_unaccent(private_note))));
CREATE INDEX things_private_note_trgm_idx
  ON things USING gin (lower(stashsphere_unaccent(private_note)) gin_trgm_ops);
