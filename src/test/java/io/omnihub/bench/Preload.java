package io.omnihub.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Preloads customers with their history straight into PostgreSQL, in batches of {@code INSERT … SELECT} over
 * {@code generate_series}: a million customers in a few minutes, ten million possible, where the HTTP API would
 * take hours. Each customer gets what intake would have stored for two requests: a name and its two words in the
 * name index, a wrapped data key, a phone and an e-mail contact point, an SMS and a web request, two inbound messages
 * and one delivered reply, two idempotency receipts, and implied SERVICE consent. Ids are UUIDv7 ten milliseconds apart
 * and ending a day ago, so the history is older than the traffic.
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
            // the name index's keyed hashes of the name's two words: first names of a thousand, surnames of 100,003
            """
                    INSERT INTO customer_name_token (token_hash, customer_id)
                    SELECT sha256((w || (i % m))::bytea), pg_temp.bench_id(?::bigint + i * 10, 'c' || i)
                    FROM generate_series(?::bigint, ?::bigint) i, (VALUES ('first', 1000), ('last', 100003)) AS n(w, m)""",
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

    /** The tables the inserts fill: their secondary indexes are built after the load when the bulk path runs. */
    private static final List<String> TABLES = List.of("customer", "customer_name_token", "customer_key",
            "contact_point", "request",
            "message", "reply", "inbound_receipt", "consent_event", "consent");

    /** Connections loading batches at once on the bulk path: one per core of the machine we run on. */
    private static final int WORKERS = 2;

    private Preload() {
    }

    /**
     * Loads {@code customers} customers; answers how it went. As the local server's superuser (the benchmark started
     * it), the bulk path: the secondary indexes of the loaded tables are dropped and built again from the loaded rows
     * (sorted builds, as a restore does), foreign keys are not checked row by row ({@code session_replication_role =
     * replica}: the rows are consistent by construction), and two connections load at once. Elsewhere, one
     * connection as Omnihub's user, every index and check live.
     */
    static Result load(References.Database db, long customers, Progress progress) throws Exception {
        long t0 = System.nanoTime();
        // ten milliseconds apart, ending a day ago: UUIDv7 order and time order agree
        long base = System.currentTimeMillis() - 86_400_000L - customers * 10;
        AtomicLong done = new AtomicLong();
        progress.track(() -> String.format("preload: %,d of %,d customers (%,.0f/s)", done.get(), customers,
                done.get() / Math.max((System.nanoTime() - t0) / 1e9, 0.001)));
        References.Database loader = bulk(db) ? db.superuser() : db;
        boolean bulk = loader != db;
        try {
            List<String> indexes = bulk ? dropSecondaryIndexes(loader) : List.of();
            double indexSeconds;
            try {
                int workers = bulk ? WORKERS : 1;
                inParallel(workers, worker -> loadBatches(loader, bulk, base, customers, worker, workers, done));
            } finally {
                long i0 = System.nanoTime();
                buildIndexes(loader, indexes, progress);
                indexSeconds = (System.nanoTime() - i0) / 1e9;
            }
            settle(loader);
            return new Result((System.nanoTime() - t0) / 1e9, bulk, indexSeconds, databaseBytes(db), relations(db));
        } finally {
            progress.track(null);
        }
    }

    /**
     * How the preload went: seconds in all (index builds included), the path, the database's size after it, and where
     * those bytes are.
     */
    record Result(double seconds, boolean bulk, double indexSeconds, long databaseBytes, List<Relation> largest) {

        String path() {
            return bulk ? Report.f("bulk: %d connections, secondary indexes built after the rows in %.0f s",
                    WORKERS, indexSeconds) : "one connection, every index live";
        }
    }

    private static boolean bulk(References.Database db) {
        try (Connection c = db.superuser().connect()) {
            return true;
        } catch (SQLException notTheLocalServer) {
            return false;
        }
    }

    /** Batch {@code worker}, {@code worker + workers}, … of the customers, each batch in its own transaction. */
    private static void loadBatches(References.Database db, boolean bulk, long base, long customers, int worker,
            int workers, AtomicLong done) throws SQLException {
        try (Connection c = db.connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("SET synchronous_commit = off");
                if (bulk) {
                    s.execute("SET session_replication_role = replica");
                }
                s.execute(ID_FUNCTION);
            }
            c.setAutoCommit(false);
            for (long from = (long) worker * BATCH; from < customers; from += (long) workers * BATCH) {
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
                done.addAndGet(to - from + 1);
            }
        }
    }

    /** Drops the loaded tables' indexes that back no constraint; answers their definitions. */
    private static List<String> dropSecondaryIndexes(References.Database db) throws SQLException {
        List<String> definitions = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            try (PreparedStatement find = c.prepareStatement("""
                    SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
                    WHERE i.indrelid::regclass::text = ANY (?)
                      AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)""")) {
                find.setArray(1, c.createArrayOf("text", TABLES.toArray()));
                try (ResultSet r = find.executeQuery()) {
                    while (r.next()) {
                        s.execute("DROP INDEX " + r.getString(1));
                        definitions.add(r.getString(2));
                    }
                }
            }
        }
        return definitions;
    }

    /** Builds the dropped indexes again, on two connections at once. */
    private static void buildIndexes(References.Database db, List<String> definitions, Progress progress)
            throws Exception {
        if (definitions.isEmpty()) {
            return;
        }
        AtomicInteger next = new AtomicInteger();
        progress.track(() -> String.format("preload: building indexes, %d of %d", Math.min(next.get(), definitions.size()),
                definitions.size()));
        inParallel(WORKERS, worker -> {
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("SET maintenance_work_mem = '512MB'");
                for (int i = next.getAndIncrement(); i < definitions.size(); i = next.getAndIncrement()) {
                    s.execute(definitions.get(i));
                }
            }
        });
    }

    /** Work done by one of {@code workers} threads at once. */
    private interface Work {
        void run(int worker) throws Exception;
    }

    /** Runs {@code work} on {@code workers} threads at once and waits for all; a failure is thrown (wrapped). */
    private static void inParallel(int workers, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<Void>> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int worker = w;
                running.add(pool.submit(() -> {
                    work.run(worker);
                    return null;
                }));
            }
            for (Future<Void> r : running) {
                r.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Measure a settled database, as a production one with this history would be: vacuumed (visibility map),
     * analysed, checkpointed, and no autovacuum of the fresh rows competing with the traffic.
     */
    private static void settle(References.Database db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
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
    }

    private static long databaseBytes(References.Database db) throws SQLException {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT pg_database_size(current_database())")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** A table's bytes: its rows (with TOAST), and each of its indexes. */
    record Relation(String table, long rows, long tableBytes, List<Index> indexes) {

        long indexBytes() {
            return indexes.stream().mapToLong(Index::bytes).sum();
        }
    }

    record Index(String name, long bytes) {
    }

    /** The tables holding most of the database, largest first, with their indexes, largest first. */
    private static List<Relation> relations(References.Database db) throws SQLException {
        List<Relation> tables = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("""
                SELECT t.relname, t.reltuples::bigint, pg_table_size(t.oid),
                       coalesce(array_agg(i.relname ORDER BY pg_relation_size(i.oid) DESC)
                                FILTER (WHERE i.oid IS NOT NULL), '{}'),
                       coalesce(array_agg(pg_relation_size(i.oid) ORDER BY pg_relation_size(i.oid) DESC)
                                FILTER (WHERE i.oid IS NOT NULL), '{}')
                FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()
                LEFT JOIN pg_index x ON x.indrelid = t.oid LEFT JOIN pg_class i ON i.oid = x.indexrelid
                WHERE t.relkind IN ('r', 'p')
                GROUP BY t.oid, t.relname, t.reltuples
                ORDER BY pg_total_relation_size(t.oid) DESC LIMIT 12""")) {
            while (r.next()) {
                String[] names = (String[]) r.getArray(4).getArray();
                Long[] sizes = (Long[]) r.getArray(5).getArray();
                List<Index> indexes = new ArrayList<>();
                for (int i = 0; i < names.length; i++) {
                    indexes.add(new Index(names[i], sizes[i]));
                }
                tables.add(new Relation(r.getString(1), r.getLong(2), r.getLong(3), indexes));
            }
        }
        return tables;
    }

    private static String sealed(String salt) {
        return SEALED.formatted(salt, salt);
    }
}
