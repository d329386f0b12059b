package io.omnihub.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Preloads customers with their history straight into PostgreSQL, in batches of {@code INSERT … SELECT} over
 * {@code generate_series}: a million customers in a few minutes, ten million possible, where the HTTP API would
 * take hours. Each customer gets what intake would have stored for two requests: a wrapped data key, a phone and an
 * e-mail contact point, an SMS and a web request, two inbound messages and one delivered reply, two idempotency
 * receipts, and implied SERVICE consent. Ids are UUIDv7 from the last year, so the history is older than the
 * traffic.
 * <p>
 * Rows are shaped like real ones (same columns, the sizes of sealed values, 32-byte keyed hashes that spread like
 * real ones) so that the queries walk the same indexes over the same volume; the sealed values are random bytes, so
 * these customers are never opened: lookups and timelines are measured on customers the traffic created.
 */
final class Preload {

    private static final int BATCH = 50_000;

    /** UUIDv7 from a time in milliseconds, its random part derived from a salt. */
    private static final String ID_FUNCTION = """
            CREATE OR REPLACE FUNCTION pg_temp.bench_id(ms bigint, salt text) RETURNS uuid LANGUAGE sql IMMUTABLE AS
            $$ SELECT (lpad(to_hex(ms), 12, '0') || '7' || substr(md5(salt), 1, 3) || '8' || substr(md5(salt), 4, 15))::uuid $$
            """;

    /** Random bytes of a sealed value's size: version, owner, nonce, ciphertext and tag. */
    private static final String SEALED = "('\\x01'::bytea || sha256((%s)::bytea) || sha256((%s || 'x')::bytea))";

    private static final List<String> INSERTS = List.of(
            """
                    INSERT INTO customer (id, status, name_enc, created_at, updated_at)
                    SELECT pg_temp.bench_id(?::bigint + i * 10, 'c' || i), 'ACTIVE', %s, to_timestamp((?::bigint + i * 10) / 1000.0),
                           to_timestamp((?::bigint + i * 10) / 1000.0)
                    FROM generate_series(?::bigint, ?::bigint) i"""
                    .formatted(sealed("'n' || i")),
            """
                    INSERT INTO customer_key (customer_id, wrapped_key, created_at)
                    SELECT pg_temp.bench_id(?::bigint + i * 10, 'c' || i), %s || %s || %s, to_timestamp((?::bigint + i * 10) / 1000.0)
                    FROM generate_series(?::bigint, ?::bigint) i"""
                    .formatted(sealed("'k' || i"), sealed("'l' || i"),
                            sealed("'m' || i")),
            """
                    INSERT INTO contact_point (id, customer_id, kind, value_hash, value_enc, trust, proof, source_channel,
                           created_at)
                    SELECT pg_temp.bench_id(?::bigint + i * 10 + 1, k || i), pg_temp.bench_id(?::bigint + i * 10, 'c' || i),
                           k, sha256((k || i || 'hash')::bytea), %s, 'VOUCHED',
                           CASE k WHEN 'PHONE' THEN 'CARRIER' ELSE 'CREDENTIAL' END,
                           CASE k WHEN 'PHONE' THEN 'sms' ELSE 'web' END,
                           to_timestamp((?::bigint + i * 10) / 1000.0)
                    FROM generate_series(?::bigint, ?::bigint) i, unnest(ARRAY['PHONE', 'EMAIL']) k"""
                    .formatted(
                            sealed("k || i")),
            """
                    INSERT INTO request (id, customer_id, origin_channel, origin_thread_hash, origin_thread_enc, status,
                           subject_enc, created_at, updated_at, last_inbound_at, resolved_at, team)
                    SELECT pg_temp.bench_id(?::bigint + i * 10 + 2, ch || i), pg_temp.bench_id(?::bigint + i * 10, 'c' || i),
                           ch, sha256(('t' || ch || i)::bytea), %s, 'RESOLVED', %s, to_timestamp((?::bigint + i * 10) / 1000.0),
                           to_timestamp((?::bigint + i * 10) / 1000.0), to_timestamp((?::bigint + i * 10) / 1000.0),
                           to_timestamp((?::bigint + i * 10) / 1000.0), 'support'
                    FROM generate_series(?::bigint, ?::bigint) i, unnest(ARRAY['sms', 'web']) ch""".formatted(
                    sealed("'t' || ch || i"), sealed("'s' || ch || i")),
            """
                    INSERT INTO message (id, request_id, direction, channel, author, author_ref, body_enc, external_id,
                           occurred_at, created_at)
                    SELECT pg_temp.bench_id(?::bigint + i * 10 + 3, d || ch || i), pg_temp.bench_id(?::bigint + i * 10 + 2, ch || i),
                           d, CASE d WHEN 'INBOUND' THEN ch END, CASE d WHEN 'INBOUND' THEN 'CUSTOMER' ELSE 'OPERATOR' END,
                           CASE d WHEN 'INBOUND' THEN NULL ELSE 'operator-1' END, %s || %s,
                           CASE d WHEN 'INBOUND' THEN ch || '-pre-' || i END, to_timestamp((?::bigint + i * 10) / 1000.0),
                           to_timestamp((?::bigint + i * 10) / 1000.0)
                    FROM generate_series(?::bigint, ?::bigint) i,
                         (VALUES ('INBOUND', 'sms'), ('INBOUND', 'web'), ('OUTBOUND', 'sms')) AS m(d, ch)"""
                    .formatted(
                            sealed("'b' || d || ch || i"), sealed("'e' || d || ch || i")),
            """
                    INSERT INTO reply (message_id, request_id, status, purpose, channel, routing_decision, attempts,
                           created_at)
                    SELECT pg_temp.bench_id(?::bigint + i * 10 + 3, 'OUTBOUND' || 'sms' || i),
                           pg_temp.bench_id(?::bigint + i * 10 + 2, 'sms' || i), 'DELIVERED', 'SERVICE', 'sms',
                           '{"outcome":"ROUTED","channel":"sms","candidates":[{"channel":"sms","source":"origin","eligible":true,"reasons":[]}],"policyVersion":1}'::jsonb,
                           1, to_timestamp((?::bigint + i * 10) / 1000.0)
                    FROM generate_series(?::bigint, ?::bigint) i""",
            """
                    INSERT INTO inbound_receipt (channel, external_id, content_hash, customer_id, request_id, message_id,
                           new_request, created_at)
                    SELECT ch, ch || '-pre-' || i, sha256(('f' || ch || i)::bytea), pg_temp.bench_id(?::bigint + i * 10, 'c' || i),
                           pg_temp.bench_id(?::bigint + i * 10 + 2, ch || i), pg_temp.bench_id(?::bigint + i * 10 + 3, 'INBOUND' || ch || i),
                           true, to_timestamp((?::bigint + i * 10) / 1000.0)
                    FROM generate_series(?::bigint, ?::bigint) i, unnest(ARRAY['sms', 'web']) ch""",
            """
                    INSERT INTO consent_event (id, customer_id, channel, purpose, action, text_version, captured_channel,
                           actor, evidence_enc, occurred_at)
                    SELECT pg_temp.bench_id(?::bigint + i * 10 + 4, 'ce' || i), pg_temp.bench_id(?::bigint + i * 10, 'c' || i),
                           'sms', 'SERVICE', 'GRANTED', 'implied-v1', 'sms', 'customer', %s,
                           to_timestamp((?::bigint + i * 10) / 1000.0)
                    FROM generate_series(?::bigint, ?::bigint) i""".formatted(sealed("'ev' || i")),
            """
                    INSERT INTO consent (customer_id, channel, purpose, granted, event_id, updated_at)
                    SELECT pg_temp.bench_id(?::bigint + i * 10, 'c' || i), 'sms', 'SERVICE', true,
                           pg_temp.bench_id(?::bigint + i * 10 + 4, 'ce' || i), to_timestamp((?::bigint + i * 10) / 1000.0)
                    FROM generate_series(?::bigint, ?::bigint) i""");

    private Preload() {
    }

    /** Loads {@code customers} customers; answers the seconds it took. */
    static double load(References.Database db, long customers, Progress progress) throws Exception {
        long t0 = System.nanoTime();
        // ten milliseconds apart, ending a day ago: UUIDv7 order and time order agree
        long base = System.currentTimeMillis() - 86_400_000L - customers * 10;
        long[] done = { 0 };
        progress.track(() -> String.format("preload: %,d of %,d customers (%,.0f/s)", done[0], customers,
                done[0] / Math.max((System.nanoTime() - t0) / 1e9, 0.001)));
        try (Connection c = db.connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("SET synchronous_commit = off");
                s.execute(ID_FUNCTION);
            }
            c.setAutoCommit(false);
            for (long from = 0; from < customers; from += BATCH) {
                long to = Math.min(from + BATCH, customers) - 1;
                for (String sql : INSERTS) {
                    try (PreparedStatement insert = c.prepareStatement(sql)) {
                        int parameters = insert.getParameterMetaData().getParameterCount();
                        for (int p = 1; p <= parameters - 2; p++) {
                            insert.setLong(p, base);
                        }
                        insert.setLong(parameters - 1, from);
                        insert.setLong(parameters, to);
                        insert.executeUpdate();
                    }
                }
                c.commit();
                done[0] = to + 1;
            }
            c.setAutoCommit(true);
            // measure a settled database, as a production one with this history would be: vacuumed (visibility
            // map), analysed, checkpointed, and no autovacuum of the fresh rows competing with the traffic
            try (Statement s = c.createStatement()) {
                s.execute("VACUUM (ANALYZE)");
                try {
                    s.execute("CHECKPOINT");
                } catch (SQLException notAllowed) {
                    // CHECKPOINT needs a superuser or pg_checkpoint; the next timed checkpoint will do
                }
                for (int i = 0; i < 120; i++) {
                    try (ResultSet busy = s.executeQuery("SELECT count(*) FROM pg_stat_progress_vacuum")) {
                        busy.next();
                        if (busy.getLong(1) == 0) {
                            break;
                        }
                    }
                    Thread.sleep(1000);
                }
            }
        } finally {
            progress.track(null);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String sealed(String salt) {
        return SEALED.formatted(salt, salt);
    }
}
