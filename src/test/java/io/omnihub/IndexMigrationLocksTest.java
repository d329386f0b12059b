package io.omnihub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.omnihub.support.Db;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A migration that drops indexes runs while the replicas it replaces serve traffic: a rolling update migrates at the
 * new replica's start. {@code V28}, on a store at {@code V27} in a schema of its own, while a long read (an export, a
 * report) holds the tables: a plain {@code DROP INDEX} queues for the table's exclusive lock behind the read, and
 * every write to the table queues behind it, so intake would stall for as long as the read lasts. Dropped
 * concurrently, the migration waits for the read and the writes go on.
 */
@QuarkusTest
class IndexMigrationLocksTest {

    private static final String SCHEMA = "index_migration_check";

    @Test
    void droppingIndexesWaitsForALongReadWithoutHoldingUpWrites() throws Exception {
        try (Connection c = Db.jdbc(); Statement s = c.createStatement()) {
            Db.freshSchema(s, SCHEMA, "27");
            s.execute("INSERT INTO customer (id) VALUES ('00000000-0000-7000-8000-000000000001')");
            s.execute("INSERT INTO request (id, customer_id, origin_channel, origin_thread_hash, origin_thread_enc,"
                    + " status, created_at, updated_at, last_inbound_at, team) VALUES"
                    + " ('00000000-0000-7000-8000-000000000002', '00000000-0000-7000-8000-000000000001', 'sms',"
                    + " '\\x01', '\\x01', 'OPEN', now(), now(), now(), 'support')");
        }
        try (Connection reader = Db.jdbc();
                Connection writer = Db.jdbc();
                Connection watch = Db.jdbc();
                Statement read = reader.createStatement();
                Statement write = writer.createStatement();
                Statement look = watch.createStatement()) {
            reader.setAutoCommit(false);
            read.execute("SET search_path TO " + SCHEMA);
            int readerPid;
            try (ResultSet pid = read.executeQuery("SELECT pg_backend_pid()")) {
                pid.next();
                readerPid = pid.getInt(1);
            }
            read.execute("SELECT (SELECT count(*) FROM message) + (SELECT count(*) FROM request)"
                    + " + (SELECT count(*) FROM contact_point)");
            CompletableFuture<Void> migration = CompletableFuture.runAsync(() -> Db.migrate(SCHEMA, "28"));
            for (int i = 0; i < 200 && !waitingForALock(look, readerPid); i++) {
                Thread.sleep(100);
            }
            assertThat(waitingForALock(look, readerPid)).as("the migration waits for the long read").isTrue();

            write.execute("SET search_path TO " + SCHEMA);
            write.execute("SET statement_timeout = '5s'");
            assertThatCode(() -> write.execute("INSERT INTO message (id, request_id, direction, channel, author,"
                    + " body_enc, external_id, occurred_at) VALUES ('00000000-0000-7000-8000-000000000010',"
                    + " '00000000-0000-7000-8000-000000000002', 'INBOUND', 'sms', 'CUSTOMER', '\\x01', 'SM-1', now())"))
                    .as("a write while the migration waits").doesNotThrowAnyException();
            assertThat(migration).isNotDone();

            reader.commit();
            migration.get(60, TimeUnit.SECONDS);
            try (ResultSet left = look.executeQuery("SELECT count(*) FROM pg_indexes WHERE schemaname = '" + SCHEMA
                    + "' AND indexname IN ('message_channel_external', 'message_outbound_customer', 'request_queue',"
                    + " 'contact_point_customer')")) {
                left.next();
                assertThat(left.getLong(1)).isZero();
            }
        } finally {
            try (Connection c = Db.jdbc(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            }
        }
    }

    /** Whether a session other than the watch and the reader waits for a lock: the migration's (its text is cut). */
    private static boolean waitingForALock(Statement look, int reader) throws Exception {
        try (ResultSet waiting = look.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                + " AND pid <> " + reader + " AND datname = current_database() AND wait_event_type = 'Lock'")) {
            waiting.next();
            return waiting.getLong(1) > 0;
        }
    }
}
