-- A reply that is an approved template, word for word: channels whose descriptor says templatesOutsideWindow take it
-- after their reply window closed (what messaging platforms allow); kept so that every later routing knows it too.
ALTER TABLE reply ADD COLUMN approved_template boolean NOT NULL DEFAULT false;
