package io.omnihub.privacy;

import static java.util.Map.entry;

import java.util.Map;

/**
 * Every table of the schema, classified for erasure: what an erasure does to the customer's rows in it, or why it
 * holds no personal data. {@code SchemaClassificationTest} reads the tables from the database and fails on one that
 * is missing here (or listed here and gone), so a new table cannot be forgotten by {@link ErasureService}.
 */
final class SchemaClassification {

    static final Map<String, String> TABLES = Map.ofEntries(
            entry("customer", "personal: the name is shredded; the row stays as an ERASED tombstone"),
            entry("customer_key", "personal: deleted, so whatever was sealed with the key cannot be opened"),
            entry("contact_point", "personal: deleted"),
            entry("consent", "personal: deleted"),
            entry("consent_event", "personal: deleted"),
            entry("preference", "personal: deleted"),
            entry("inbound_receipt", "personal: deleted"),
            entry("verification", "personal (the contact's keyed hash): deleted"),
            entry("suspected_duplicate", "personal while open: open pairs deleted; decided ones keep two ids and"
                    + " the identifier kinds that matched, like the merge log"),
            entry("request", "personal: subject and thread reference wiped, closed; kept for counts"),
            entry("message", "personal: bodies, attachments and external ids wiped; kept for counts"),
            entry("outbox", "personal only in sealed or id-only payloads; the customer's pending sends are deleted"),
            entry("audit_log", "personal in details: emptied for the customer; who did what, when, stays"),
            entry("merge_log", "ids only: kept, so merges stay accountable"),
            entry("erasure_request", "the destruction act itself: ids, legal basis and counts; kept as proof"),
            entry("adapter_credential", "none: adapters' hashed keys and scopes"),
            entry("flyway_schema_history", "none: schema versions"));

    private SchemaClassification() {
    }
}
