package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import io.omnihub.customer.crypto.CryptoConfig;
import io.omnihub.customer.crypto.PersonalDataCipher;

/**
 * Consent evidence (a free-form map: a signed form's reference, a staff note naming the customer) and a request's
 * category were stored in plaintext. From here on both are sealed with the customer's data key like every other
 * personal value, so a dump or backup holds neither in the clear and an erasure shreds them. Existing rows are sealed
 * here, in Java, since only the application holds the master keyset that unwraps each customer's key; the plaintext
 * columns are then dropped. A value whose customer has no key any more (erased) is not kept.
 */
public class V21__Seal_consent_evidence_and_request_category extends BaseJavaMigration {

    private static final int BATCH = 1000;

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        try (Statement s = connection.createStatement()) {
            s.execute("ALTER TABLE consent_event ADD COLUMN evidence_enc bytea");
            s.execute("ALTER TABLE request ADD COLUMN category_enc bytea");
            // the ledger is append-only; this once, its rows are rewritten in place, their meaning unchanged
            s.execute("ALTER TABLE consent_event DISABLE TRIGGER consent_event_no_update");
        }
        PersonalDataCipher cipher = new PersonalDataCipher(keysets(ConfigProvider.getConfig()));
        seal(connection, cipher, "evidence", "SELECT e.id, e.customer_id, e.evidence::text, k.wrapped_key"
                + " FROM consent_event e LEFT JOIN customer_key k ON k.customer_id = e.customer_id"
                + " WHERE e.evidence <> '{}'::jsonb", "UPDATE consent_event SET evidence_enc = ? WHERE id = ?");
        seal(connection, cipher, "category", "SELECT r.id, r.customer_id, r.category, k.wrapped_key"
                + " FROM request r LEFT JOIN customer_key k ON k.customer_id = r.customer_id"
                + " WHERE r.category IS NOT NULL AND r.category <> ''", "UPDATE request SET category_enc = ? WHERE id = ?");
        try (Statement s = connection.createStatement()) {
            s.execute("ALTER TABLE consent_event ENABLE TRIGGER consent_event_no_update");
            s.execute("ALTER TABLE consent_event DROP COLUMN evidence");
            s.execute("ALTER TABLE request DROP COLUMN category");
        }
    }

    /** Reads the rows a page at a time and writes each sealed value back, in batches. */
    private static void seal(Connection connection, PersonalDataCipher cipher, String field, String select,
            String update) throws Exception {
        try (PreparedStatement read = connection.prepareStatement(select);
                PreparedStatement write = connection.prepareStatement(update)) {
            read.setFetchSize(BATCH);
            int pending = 0;
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    byte[] wrappedKey = rows.getBytes(4);
                    if (wrappedKey == null) {
                        continue; // erased: the column is dropped with the value
                    }
                    UUID owner = rows.getObject(2, UUID.class);
                    cipher.load(owner, wrappedKey);
                    write.setBytes(1, cipher.seal(owner, field, rows.getString(3)));
                    write.setObject(2, rows.getObject(1, UUID.class));
                    write.addBatch();
                    if (++pending == BATCH) {
                        write.executeBatch();
                        pending = 0;
                    }
                }
            }
            if (pending > 0) {
                write.executeBatch();
            }
        }
    }

    private static CryptoConfig keysets(Config config) {
        String master = config.getValue("omnihub.crypto.master-keyset", String.class);
        String lookup = config.getValue("omnihub.crypto.lookup-keyset", String.class);
        return new CryptoConfig() {
            @Override
            public String masterKeyset() {
                return master;
            }

            @Override
            public String lookupKeyset() {
                return lookup;
            }
        };
    }
}
