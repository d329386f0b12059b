package io.omnihub.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.omnihub.customer.crypto.PersonalDataCipher;
import io.omnihub.support.Db;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code V21} on a store written before it: in a schema of its own, the migrations up to V20 run, a customer's
 * consent evidence and request category are stored in plaintext (and an erased customer's category, whose key is
 * gone), then V21 runs: each value is sealed with its customer's key and opens to what it was, the erased one is not
 * kept, the plaintext columns are gone, and the consent ledger is append-only again.
 */
@QuarkusTest
class SealingMigrationTest {

    private static final String SCHEMA = "sealing_migration_check";
    private static final UUID ANNA = UUID.fromString("00000000-0000-7000-8000-0000000000a1");
    private static final UUID ERASED = UUID.fromString("00000000-0000-7000-8000-0000000000e1");

    @Inject
    PersonalDataCipher cipher;

    @Test
    void evidenceAndCategoriesAreSealedWithTheirCustomersKeys() throws Exception {
        try (Connection c = Db.jdbc(); Statement s = c.createStatement()) {
            Db.freshSchema(s, SCHEMA, "20");
            s.execute("INSERT INTO customer (id) VALUES ('" + ANNA + "'), ('" + ERASED + "')");
            try (PreparedStatement key = c.prepareStatement("INSERT INTO customer_key (customer_id, wrapped_key)"
                    + " VALUES (?, ?)")) {
                key.setObject(1, ANNA);
                key.setBytes(2, cipher.newWrappedKey(ANNA)); // the key stays loaded in the application's cipher
                key.execute();
            }
            String request = "INSERT INTO request (id, customer_id, origin_channel, origin_thread_hash,"
                    + " origin_thread_enc, status, category, created_at, updated_at, last_inbound_at, team) VALUES"
                    + " ('%s', '%s', 'web', '\\x01', '\\x01', 'OPEN', %s, now(), now(), now(), 'support')";
            s.execute(request.formatted("00000000-0000-7000-8000-000000000001", ANNA, "'debt dispute, Anna P.'"));
            s.execute(request.formatted("00000000-0000-7000-8000-000000000002", ANNA, "NULL"));
            s.execute(request.formatted("00000000-0000-7000-8000-000000000003", ERASED, "'erased matter'"));
            String event = "INSERT INTO consent_event (id, customer_id, channel, purpose, action, text_version,"
                    + " captured_channel, actor, evidence) VALUES ('%s', '" + ANNA + "', 'sms', 'MARKETING', 'GRANTED',"
                    + " 'v1', 'office', 'user:clerk', '%s')";
            s.execute(event.formatted("00000000-0000-7000-8000-000000000011", "{\"note\": \"signed by Anna P.\"}"));
            s.execute(event.formatted("00000000-0000-7000-8000-000000000012", "{}"));

            Db.migrate(SCHEMA, "21");

            try (ResultSet rs = s.executeQuery("SELECT id, category_enc FROM request ORDER BY id")) {
                rs.next();
                assertThat(cipher.open("category", rs.getBytes(2))).isEqualTo("debt dispute, Anna P.");
                assertThat(PersonalDataCipher.ownerOf(rs.getBytes(2))).isEqualTo(ANNA);
                rs.next();
                assertThat(rs.getBytes(2)).as("no category").isNull();
                rs.next();
                assertThat(rs.getBytes(2)).as("the erased customer's category is not kept").isNull();
            }
            try (ResultSet rs = s.executeQuery("SELECT evidence_enc FROM consent_event ORDER BY id")) {
                rs.next();
                assertThat(cipher.open("evidence", rs.getBytes(1))).isEqualTo("{\"note\": \"signed by Anna P.\"}");
                rs.next();
                assertThat(rs.getBytes(1)).as("no evidence").isNull();
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.columns WHERE table_schema = '"
                    + SCHEMA + "' AND ((table_name = 'request' AND column_name = 'category')"
                    + " OR (table_name = 'consent_event' AND column_name = 'evidence'))")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the plaintext columns are gone").isZero();
            }
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> s.execute("UPDATE consent_event SET"
                    + " actor = 'someone else'"))).as("the ledger is append-only again")
                    .hasMessageContaining("append-only");
            s.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
        }
    }
}
