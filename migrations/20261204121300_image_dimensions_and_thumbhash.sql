-- Pixel size and a ThumbHash placeholder of each image, so clients can reserve space and
-- show a blurred preview before the file loads. Null for images stored by the original
-- until they are filled in.
ALTER TABLE images
  ADD COLUMN thumbhash text,
  ADD COLUMN width integer,
  ADD COLUMN height integer;
