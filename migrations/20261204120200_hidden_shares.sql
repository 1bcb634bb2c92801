-- The target of a share can hide it from their own overviews. Null while it is shown.
ALTER TABLE shares ADD COLUMN hidden_at timestamptz;
