-- How far this database has applied the erasure log (Kafka topic omnihub.erasures): per partition, the offset of
-- the next record to read. It lives in the database, not in Kafka, so a restored backup rewinds it together with the
-- data, and every erasure the backup does not hold is read and applied again.
CREATE TABLE erasure_log_position (
    log_partition  integer     PRIMARY KEY,
    next_offset    bigint      NOT NULL CHECK (next_offset >= 0),
    updated_at     timestamptz NOT NULL
);
