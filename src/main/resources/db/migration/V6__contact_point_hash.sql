-- Contacts are looked up by their keyed hash alone (identity resolution, lookup by phone or e-mail). The hash already
-- covers the kind (PersonalDataCipher.lookupHash), so one unique index on it replaces the (kind, value_hash) one,
-- which such lookups could not use: with a million customers every intake scanned the whole table (found by the
-- benchmark at scale).
ALTER TABLE contact_point ADD CONSTRAINT contact_point_hash UNIQUE (value_hash);
ALTER TABLE contact_point DROP CONSTRAINT contact_point_kind_hash;
