-- The owner of each property's thing, copied onto the property, so a search can AND the
-- bitmap of the property word and trigram indexes with the bitmap of the owners whose things
-- the viewer may see. Without it, a value common across the instance ("red") was found on
-- every thing of every user and only then joined with the visible things.
ALTER TABLE properties ADD COLUMN owner_id text;

UPDATE properties p SET owner_id = t.owner_id FROM things t WHERE t.id = p.thing_id;

ALTER TABLE properties ALTER COLUMN owner_id SET NOT NULL;

CREATE INDEX properties_owner_id_idx ON properties (owner_id);

-- The copy is set from the thing on every insert and on a move to another thing, whatever
-- the statement wrote, so no writer has to know about it.
CREATE FUNCTION stashsphere_property_owner() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  NEW.owner_id := (SELECT t.owner_id FROM things t WHERE t.id = NEW.thing_id);
  RETURN NEW;
END;
$$;

CREATE TRIGGER properties_owner_id BEFORE INSERT OR UPDATE OF thing_id, owner_id ON properties
  FOR EACH ROW EXECUTE FUNCTION stashsphere_property_owner();

-- A thing given to another owner takes its properties along.
CREATE FUNCTION stashsphere_move_property_owners() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  UPDATE properties p SET owner_id = n.owner_id
  FROM new_things n JOIN old_things o ON o.id = n.id
  WHERE p.thing_id = n.id AND n.owner_id IS DISTINCT FROM o.owner_id;
  RETURN NULL;
END;
$$;

CREATE TRIGGER things_property_owners AFTER UPDATE ON things
  REFERENCING OLD TABLE AS old_things NEW TABLE AS new_things
  FOR EACH STATEMENT EXECUTE FUNCTION stashsphere_move_property_owners();
