-- Searching the users directory by a part of a name, ignoring case and accents, with the
-- same expression as the other trigram indexes, so that LIKE '%term%' does not scan every
-- user. stashsphere_unaccent and pg_trgm come from the trigram search migration.
CREATE INDEX users_name_trgm_idx
  ON users USING gin (lower(stashsphere_unaccent(name)) gin_trgm_ops);
