package io.omnihub.customer;

import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.platform.Json;
import io.omnihub.platform.SessionSql;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Writes a profile that intake creates, whole, with one statement: its row, its data key, its contacts, its name's
 * index entries and the suspected duplicates its claims suggest (a data-modifying {@code WITH}; the foreign keys are
 * checked at the statement's end, when every row is there). Persisting them as entities took an INSERT each, four to
 * six statements for a new customer, and each suggested pair one more. A new profile's pairs need no check for one
 * open or dismissed already: no pair can name a profile before it exists.
 */
@ApplicationScoped
@WithSession
class NewProfiles {

    static final String INSERT = """
            WITH c AS (INSERT INTO customer (id, status, name_enc, created_at, updated_at, version)
                       VALUES (?1, 'ACTIVE', nullif(CAST(?2 AS bytea), ''), ?3, ?3, 0)),
                 k AS (INSERT INTO customer_key (customer_id, wrapped_key, created_at) VALUES (?1, ?4, ?3)),
                 t AS (INSERT INTO customer_name_token (token_hash, customer_id)
                       SELECT decode(h, 'hex'), ?1 FROM unnest(string_to_array(CAST(?5 AS text), ',')) AS h),
                 d AS (INSERT INTO suspected_duplicate (id, customer_a, customer_b, evidence, created_at)
                       SELECT p.id, ?1, p.other, p.evidence, ?3
                       FROM jsonb_to_recordset(CAST(CAST(?7 AS text) AS jsonb)) AS p(id uuid, other uuid, evidence jsonb))
            INSERT INTO contact_point (id, customer_id, kind, value_hash, value_enc, trust, proof, proof_ref, trusted_at,
                   state, source_channel, created_at)
            SELECT r.id, ?1, r.kind, decode(r.value_hash, 'hex'), decode(r.value_enc, 'hex'), r.trust, r.proof,
                   r.proof_ref, r.trusted_at, 'ACTIVE', r.source_channel, r.created_at
            FROM jsonb_to_recordset(CAST(CAST(?6 AS text) AS jsonb)) AS r(id uuid, kind text, value_hash text,
                   value_enc text, trust text, proof text, proof_ref text, trusted_at timestamptz, source_channel text,
                   created_at timestamptz)""";

    private final Json json;

    NewProfiles(Json json) {
        this.json = json;
    }

    /**
     * The new profile {@code id}, in the caller's transaction.
     *
     * @param nameEnc its name, sealed with its key; null if none was given (bound as no bytes, stored as null)
     * @param wrappedKey its data key, wrapped by the master key
     * @param nameTokens the keyed hashes (hex) of its name's words; empty without a name
     * @param contacts its contacts, their values sealed
     * @param suspectedPairs the pairs it starts with, as {@link SuspectedDuplicates#pairs} writes them
     */
    Uni<Void> insert(UUID id, byte[] nameEnc, byte[] wrappedKey, Instant at, List<String> nameTokens,
            List<ContactPoint> contacts, String suspectedPairs) {
        HexFormat hex = HexFormat.of();
        List<Map<String, Object>> rows = contacts.stream().map(cp -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", cp.id.toString());
            row.put("kind", cp.kind.name());
            row.put("value_hash", hex.formatHex(cp.valueHash));
            row.put("value_enc", hex.formatHex(cp.valueEnc));
            row.put("trust", cp.trust.name());
            row.put("proof", cp.proof == null ? null : cp.proof.name());
            row.put("proof_ref", cp.proofRef);
            row.put("trusted_at", cp.trustedAt == null ? null : cp.trustedAt.toString());
            row.put("source_channel", cp.sourceChannel);
            row.put("created_at", cp.createdAt.toString());
            return row;
        }).toList();
        return SessionSql.update(INSERT, id, nameEnc == null ? new byte[0] : nameEnc, at, wrappedKey,
                String.join(",", nameTokens), json.write(rows), suspectedPairs).replaceWithVoid();
    }
}
