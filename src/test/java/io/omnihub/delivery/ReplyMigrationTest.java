package io.omnihub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import io.omnihub.support.Db;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code V10__reply.sql} on a store written before it: in a schema of its own, the migrations up to V9 run, replies
 * are stored the old way (their delivery on the message row), then V10 runs and each reply's delivery is found in
 * the {@code reply} table, typed, while other messages are left as they were.
 */
@QuarkusTest
class ReplyMigrationTest {

    private static final String SCHEMA = "reply_migration_check";

    @Test
    void existingRepliesMoveToTheirOwnTableAndOtherMessagesStay() throws Exception {
        try (Connection c = Db.jdbc(); Statement s = c.createStatement()) {
            Db.freshSchema(s, SCHEMA, "9");
            s.execute("INSERT INTO customer (id) VALUES ('00000000-0000-7000-8000-000000000001')");
            s.execute("INSERT INTO request (id, customer_id, origin_channel, origin_thread_hash, origin_thread_enc,"
                    + " status, created_at, updated_at, last_inbound_at) VALUES ('00000000-0000-7000-8000-000000000002',"
                    + " '00000000-0000-7000-8000-000000000001', 'sms', '\\x01', '\\x01', 'OPEN', now(), now(), now())");
            String message = "INSERT INTO message (id, request_id, direction, channel, author, body_enc, external_id,"
                    + " occurred_at, delivery_status, routing_decision, purpose, attempts, failed_channels,"
                    + " contact_point_id) VALUES ('%s', '00000000-0000-7000-8000-000000000002', '%s', %s, '%s', '\\x01',"
                    + " %s, now(), %s, %s, %s, %d, '%s', %s)";
            // the customer's message, a reply that fell back from two channels to SMS, a held reply, a bot's turn
            s.execute(message.formatted("00000000-0000-7000-8000-000000000010", "INBOUND", "'sms'", "CUSTOMER",
                    "'SM-in'", "NULL", "NULL", "NULL", 0, "", "NULL"));
            s.execute(message.formatted("00000000-0000-7000-8000-000000000011", "OUTBOUND", "'sms'", "OPERATOR",
                    "'SM-out'", "'SENT'", "'{\"outcome\":\"ROUTED\",\"channel\":\"sms\"}'", "'MARKETING'", 2,
                    "chatbot,web", "'00000000-0000-7000-8000-000000000020'"));
            s.execute(message.formatted("00000000-0000-7000-8000-000000000012", "OUTBOUND", "NULL", "OPERATOR",
                    "NULL", "'HELD'", "'{\"outcome\":\"HELD\"}'", "'SERVICE'", 0, "", "NULL"));
            s.execute(message.formatted("00000000-0000-7000-8000-000000000013", "OUTBOUND", "'chatbot'", "BOT",
                    "NULL", "NULL", "NULL", "NULL", 0, "", "NULL"));

            Db.migrate(SCHEMA, "10");

            try (ResultSet rs = s.executeQuery("SELECT message_id::text, request_id::text, status, purpose,"
                    + " coalesce(channel, '-'), array_to_string(failed_channels, ','), attempts,"
                    + " coalesce(external_id, '-'), coalesce(contact_point_id::text, '-'), routing_decision->>'outcome'"
                    + " FROM reply ORDER BY message_id")) {
                assertThat(rs.next()).isTrue();
                assertThat(row(rs)).isEqualTo("00000000-0000-7000-8000-000000000011 00000000-0000-7000-8000-000000000002"
                        + " SENT MARKETING sms chatbot,web 2 SM-out 00000000-0000-7000-8000-000000000020 ROUTED");
                assertThat(rs.next()).isTrue();
                assertThat(row(rs)).isEqualTo("00000000-0000-7000-8000-000000000012 00000000-0000-7000-8000-000000000002"
                        + " HELD SERVICE -  0 - - HELD");
                assertThat(rs.next()).as("only replies have a delivery").isFalse();
            }
            try (ResultSet rs = s.executeQuery("SELECT id::text, coalesce(channel, '-'), coalesce(external_id, '-')"
                    + " FROM message ORDER BY id")) {
                StringBuilder rows = new StringBuilder();
                while (rs.next()) {
                    rows.append(rs.getString(1).substring(34)).append(' ').append(rs.getString(2)).append(' ')
                            .append(rs.getString(3)).append('\n');
                }
                assertThat(rows.toString()).isEqualTo("10 sms SM-in\n11 - -\n12 - -\n13 chatbot -\n");
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.columns WHERE table_schema = '"
                    + SCHEMA + "' AND table_name = 'message' AND column_name IN ('delivery_status', 'failed_channels',"
                    + " 'routing_decision', 'purpose', 'attempts')")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the message's delivery columns are gone").isZero();
            }
            s.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
        }
    }

    private static String row(ResultSet rs) throws Exception {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            row.append(i == 1 ? "" : " ").append(rs.getString(i));
        }
        return row.toString();
    }
}
