package io.omnihub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How the replay reference turns PostgreSQL's statement log into pgbench transactions: per session, committed ones
 * only, values written in where pgbench cannot misread them, and the ids a transaction made fresh in it alone.
 */
class ReplayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A time-ordered id made at {@link #SINCE} + 1 ms, one made before it, and a random (version 4) one. */
    private static final long SINCE = 0x0190_0000_0000L;
    private static final String MADE = "01900000-0001-7abc-8def-0123456789ab";
    private static final String OLDER = "018fffff-ffff-7abc-8def-0123456789ab";
    private static final String RANDOM = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

    private static JsonNode entry(String session, String message, String detail) {
        ObjectNode e = JSON.createObjectNode().put("session_id", session).put("message", message);
        return detail == null ? e : e.put("detail", detail);
    }

    @Test
    void committedTransactionsPerSessionWithFreshIdsForWhatTheyMadeAndColonsEscaped() {
        List<String> scripts = Replay.transactions(List.of(
                entry("a", "statement: BEGIN", null),
                entry("b", "statement: BEGIN", null),
                entry("a", "execute <unnamed>: insert into request (customer_id, created_at, id) values ($1,$2,$3)",
                        "Parameters: $1 = '" + OLDER + "', $2 = '2026-12-02 10:00:00+00', $3 = '" + MADE + "'"),
                entry("b", "execute <unnamed>: select 1 from customer where id = $1", "Parameters: $1 = '" + RANDOM
                        + "'"),
                entry("a", "execute <unnamed>: select id from request where id = $1 and note = $2",
                        "Parameters: $1 = '" + MADE + "', $2 = 'it''s \\ here'"),
                entry("b", "statement: ROLLBACK", null),
                entry("a", "statement: COMMIT", null),
                entry("c", "execute <unnamed>: update outbox set published_at = now() where id = ANY($1)",
                        "Parameters: $1 = '{" + MADE + "}'")),
                SINCE);

        assertThat(scripts).hasSize(2); // session b rolled back: not replayed
        String made = scripts.get(0);
        assertThat(made).startsWith("BEGIN;\nSAVEPOINT omnihub_replay;\n")
                .endsWith("ROLLBACK TO SAVEPOINT omnihub_replay;\nCOMMIT;\n")
                // the row it refers to keeps its id; the time is written so that pgbench sees no :variable
                .contains("values (E'" + OLDER + "',E'2026-12-02 10\\x3a00\\x3a00+00',E'01900000-0001-7")
                .doesNotContain(MADE).contains("E'it''s \\\\ here'");
        String fresh = made.substring(made.indexOf("E'01900000-0001-7") + 2).substring(0, 36);
        assertThat(made).contains("where id = E'" + fresh + "'"); // the same fresh id wherever it made it
        // a later transaction refers to the row Omnihub committed: it keeps the id
        assertThat(scripts.get(1)).contains("ANY(E'{" + MADE + "}')").doesNotContain(RANDOM);
    }

    /**
     * The bytes an insert wrote are fresh in the replay, as a {@code bytea} literal or as hex inside a text (a new
     * profile's contacts are a JSON set): the same fresh bytes wherever the transaction used them, so the replay's
     * unique keyed hashes meet no row Omnihub committed (the first run with such an insert failed on them).
     */
    @Test
    void bytesAnInsertWroteAreFreshAlsoAsHexInsideText() {
        String hash = "ab".repeat(32);
        String sealed = "01" + "cd".repeat(40);
        List<String> scripts = Replay.transactions(List.of(
                entry("a", "statement: BEGIN", null),
                entry("a", "execute <unnamed>: select id from contact_point where value_hash in ($1)",
                        "Parameters: $1 = '\\x" + hash + "'"),
                entry("a", "execute <unnamed>: WITH c AS (INSERT INTO customer (id) VALUES ($1)) INSERT INTO"
                        + " contact_point SELECT * FROM jsonb_to_recordset(CAST($2 AS jsonb))",
                        "Parameters: $1 = '" + MADE + "', $2 = '[{\"value_hash\":\"" + hash + "\",\"value_enc\":\""
                                + sealed + "\"}]'"),
                entry("a", "statement: COMMIT", null)), SINCE);

        assertThat(scripts).hasSize(1);
        String script = scripts.get(0);
        assertThat(script).doesNotContain(hash).doesNotContain(sealed).doesNotContain(MADE);
        String fresh = script.substring(script.indexOf("E'\\\\x") + 5).substring(0, 64); // after E'\\x: the literal doubles its backslash
        assertThat(fresh).matches("[0-9a-f]{64}");
        // the same fresh hash in the JSON set (its colon written \x3a, for pgbench)
        assertThat(script).contains("\"value_hash\"\\x3a\"" + fresh + "\"");
    }

    @Test
    void onlyTimeOrderedIdsMadeSinceThePhaseAreFresh() {
        assertThat(Replay.madeSince(MADE, SINCE)).isTrue();
        assertThat(Replay.madeSince(OLDER, SINCE)).isFalse();
        assertThat(Replay.madeSince(RANDOM, SINCE)).isFalse();
    }
}
