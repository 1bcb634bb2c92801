-- Substring search over names, descriptions and property values that ignores case and
-- accents, with trigram indexes (pg_trgm) so that LIKE '%term%' does not scan.
-- Both extensions ship with PostgreSQL's contrib modules and with PGlite, and both are
-- trusted, so the owner of the database may create them without being a superuser.
--
-- A search has to use the indexed expression literally, for example
--   lower(stashsphere_unaccent(things.name)) LIKE '%' || lower(stashsphere_unaccent($1)) || '%'
-- (with the LIKE wildcards % and _ in the term escaped).

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;

-- unaccent() is only STABLE, because the dictionary it reads could be changed, and an index
-- expression must be IMMUTABLE. Naming the dictionary and the function with their schema
-- makes the result independent of search_path, which is what makes the IMMUTABLE label
-- safe, as long as nobody edits the unaccent rules file.
-- NOTE: a database where unaccent was installed earlier into a schema other than public
-- fails here with "function public.unaccent does not exist".
CREATE FUNCTION stashsphere_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

CREATE INDEX things_name_trgm_idx
  ON things USING gin (lower(stashsphere_unaccent(name)) gin_trgm_ops);
CREATE INDEX things_description_trgm_idx
  ON things USING gin (lower(stashsphere_unaccent(description)) gin_trgm_ops);
CREATE INDEX lists_name_trgm_idx
  ON lists USING gin (lower(stashsphere_unaccent(name)) gin_trgm_ops);
CREATE INDEX properties_value_string_trgm_idx
  ON properties USING gin (lower(stashsphere_unaccent(value_string)) gin_trgm_ops);
