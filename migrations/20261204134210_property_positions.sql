-- The position of a property within its thing, so properties come back in the order the
-- owner entered them. The original had no order column and returned properties in whatever
-- order the database produced. Rows of an adopted database keep 0 and are ordered by their
-- creation time and id after that.
ALTER TABLE properties ADD COLUMN pos integer NOT NULL DEFAULT 0;

-- A thing's properties in display order; also serves the foreign key check on thing delete.
CREATE INDEX properties_thing_id_pos_idx ON properties (thing_id, pos);
DROP INDEX properties_thing_id_idx;
