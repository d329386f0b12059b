package io.omnihub.privacy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import com.fasterxml.jackson.databind.JsonNode;

import io.omnihub.customer.Identity;
import io.omnihub.customer.IdentityService;
import io.omnihub.customer.KeyShredding;
import io.omnihub.customer.MergeService;
import io.omnihub.platform.Ids;
import io.omnihub.platform.Json;
import io.omnihub.platform.Outbox;
import io.omnihub.platform.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Erasure by crypto-shredding. One transaction destroys the customer's data keys (and those of profiles merged
 * into it), deletes contact points, consent and preferences, depersonalises requests and messages (the rows stay,
 * emptied, so that aggregate counts do not change), cancels pending sends, and records a destruction act and the
 * {@code customer.erased} event. After commit, Redis and every replica's key cache forget the customer.
 */
@ApplicationScoped
public class ErasureService {

    static final List<String> CATEGORIES = List.of("name", "contact points (phone, e-mail, app, bot, web, office ids)",
            "message bodies and attachment metadata", "request subjects and thread references",
            "consent records and preferences", "idempotency receipts", "contact verifications", "data encryption keys");
    static final List<String> STORES = List.of("postgresql", "redis",
            "kafka: customer.erased published on omnihub.events; omnihub.replies.* expire by retention");

    private final PrivacyConfig config;
    private final MergeService merges;
    private final IdentityService identities;
    private final Outbox outbox;
    private final KeyShredding shredding;
    private final Json json;
    private final Clock clock;

    public ErasureService(PrivacyConfig config, Outbox outbox, KeyShredding shredding, Json json, Clock clock,
            MergeService merges, IdentityService identities) {
        this.identities = identities;
        this.merges = merges;
        this.clock = clock;
        this.config = config;
        this.outbox = outbox;
        this.shredding = shredding;
        this.json = json;
    }

    /**
     * An erasure the customer asked for by keyword (SMS ERASE from a number the carrier vouches for): it reaches only
     * what that sender proved is theirs. Merges made before trust levels (LEGACY) are undone first, so the profiles
     * they joined stay; erasing those needs a privacy officer. Then the profile that holds the sender's contact is
     * erased.
     */
    public Uni<JsonNode> eraseProven(UUID customerId, Identity sender, String via, String legalBasis) {
        return merges.unmergeUnproven(customerId, "keyword-erasure")
                // undoing those merges may hand the sender's contact back to the profile it came from: erase
                // whichever profile holds it now
                .chain(restored -> Panache.withSession(() -> identities.find(sender)))
                .chain(owner -> erase(owner == null ? customerId : owner, "customer", via, legalBasis));
    }

    /** Records an erasure request and carries it out at once; answers the destruction act. */
    public Uni<JsonNode> erase(UUID customerId, String actor, String via, String legalBasis) {
        UUID erasureId = Ids.next();
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s
                .createNativeQuery("SELECT status FROM customer WHERE id = ?1 FOR UPDATE", String.class)
                .setParameter(1, customerId).getSingleResultOrNull()
                .chain(status -> {
                    if (status == null) {
                        return Uni.createFrom().failure(ProblemException.notFound("Customer"));
                    }
                    if (status.equals("ERASED")) {
                        return Uni.createFrom().failure(ProblemException.conflict("already-erased",
                                "This customer was already erased"));
                    }
                    if (status.equals("MERGED")) {
                        return Uni.createFrom().failure(ProblemException.conflict("customer-not-active",
                                "This profile was merged; erase its golden record"));
                    }
                    Instant now = clock.instant();
                    return s.createNativeQuery("INSERT INTO erasure_request (id, customer_id, status, requested_by,"
                            + " requested_via, legal_basis, requested_at, deadline) VALUES (?1, ?2, 'REQUESTED', ?3,"
                            + " ?4, ?5, ?6, ?7)")
                            .setParameter(1, erasureId).setParameter(2, customerId).setParameter(3, actor)
                            .setParameter(4, via).setParameter(5, legalBasis).setParameter(6, now)
                            .setParameter(7, now.plus(config.erasureDeadline()))
                            .executeUpdate()
                            .chain(() -> execute(s, erasureId));
                })))
                .call(act -> shredding.forget(subjects(act)));
    }

    /** Requests that were recorded but not carried out (a crash between the two): carried out now. */
    @Scheduled(every = "${omnihub.privacy.sweep-interval:60s}", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sweep() {
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s
                .createNativeQuery("SELECT id FROM erasure_request WHERE status = 'REQUESTED' ORDER BY deadline"
                        + " LIMIT 10 FOR UPDATE SKIP LOCKED", UUID.class)
                .getResultList()
                .chain(ids -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (UUID id : ids) {
                        chain = chain.chain(() -> execute(s, id).call(act -> shredding.forget(subjects(act))))
                                .replaceWithVoid();
                    }
                    return chain;
                })));
    }

    /** The destruction act of a customer, or null. */
    public Uni<JsonNode> act(UUID customerId) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s
                .createNativeQuery("SELECT act::text FROM erasure_request WHERE customer_id = ?1", String.class)
                .setParameter(1, customerId).getSingleResultOrNull()))
                .map(text -> text == null ? null : json.tree(text));
    }

    private Uni<JsonNode> execute(Mutiny.Session s, UUID erasureId) {
        return s.createNativeQuery("SELECT json_build_object('customerId', customer_id, 'requestedBy', requested_by,"
                + " 'requestedVia', requested_via, 'requestedAt', requested_at, 'deadline', deadline,"
                + " 'legalBasis', legal_basis)::text FROM erasure_request WHERE id = ?1", String.class)
                .setParameter(1, erasureId).getSingleResult()
                .chain(text -> {
                    JsonNode request = json.tree(text);
                    UUID customerId = UUID.fromString(request.get("customerId").asText());
                    return s.createNativeQuery("WITH RECURSIVE subject(id) AS (SELECT CAST(?1 AS uuid) UNION"
                            + " SELECT c.id FROM customer c JOIN subject ON c.merged_into = subject.id)"
                            + " SELECT id FROM subject", UUID.class)
                            .setParameter(1, customerId).getResultList()
                            .chain(ids -> counts(s, ids).chain(counts -> logExtract(s, ids)
                                    .chain(extract -> destroy(s, ids)
                                            .chain(() -> recordAct(s, erasureId, customerId, ids, request, counts,
                                                    extract)))));
                });
    }

    private Uni<Map<String, Object>> counts(Mutiny.Session s, List<UUID> ids) {
        return s.createNativeQuery("SELECT json_build_object("
                + "'requests', (SELECT count(*) FROM request WHERE customer_id IN (?1)),"
                + "'messages', (SELECT count(*) FROM message m JOIN request r ON r.id = m.request_id"
                + " WHERE r.customer_id IN (?1)),"
                + "'contactPoints', (SELECT count(*) FROM contact_point WHERE customer_id IN (?1)),"
                + "'consentEvents', (SELECT count(*) FROM consent_event WHERE customer_id IN (?1)),"
                + "'dataKeys', (SELECT count(*) FROM customer_key WHERE customer_id IN (?1)))::text", String.class)
                .setParameter(1, ids).getSingleResult()
                .map(text -> json.convert(json.tree(text), Map.class));
    }

    /** The audit entries about the subject, and its consent history, as ids, actions and times only. */
    private Uni<JsonNode> logExtract(Mutiny.Session s, List<UUID> ids) {
        return s.createNativeQuery("SELECT coalesce(json_agg(e ORDER BY e.at), '[]')::text FROM ("
                + " SELECT occurred_at AS at, actor, action, subject_type AS subject FROM audit_log"
                + " WHERE subject_id IN (?1)"
                + " UNION ALL SELECT occurred_at, actor, 'consent.' || lower(action) || ' ' || channel || '/' || purpose,"
                + " 'customer' FROM consent_event WHERE customer_id IN (?1)"
                + " UNION ALL SELECT created_at, actor, 'customer.merged', 'customer' FROM merge_log"
                + " WHERE merged_id IN (?1) OR survivor_id IN (?1)) e", String.class)
                .setParameter(1, ids).getSingleResult().map(json::tree);
    }

    private Uni<Void> destroy(Mutiny.Session s, List<UUID> ids) {
        List<String> statements = List.of(
                // pending sends of the customer's replies are cancelled
                "DELETE FROM outbox WHERE published_at IS NULL AND aggregate_id IN (SELECT m.id FROM message m"
                        + " JOIN request r ON r.id = m.request_id WHERE r.customer_id IN (?1))",
                "DELETE FROM customer_key WHERE customer_id IN (?1)",
                "DELETE FROM contact_point WHERE customer_id IN (?1)",
                // a verification holds its contact's keyed hash; an open suspected pair cannot be decided any more
                "DELETE FROM verification WHERE customer_id IN (?1)",
                "DELETE FROM suspected_duplicate WHERE status = 'OPEN' AND (customer_a IN (?1) OR customer_b IN (?1))",
                "DELETE FROM consent WHERE customer_id IN (?1)",
                "DELETE FROM consent_event WHERE customer_id IN (?1)",
                "DELETE FROM preference WHERE customer_id IN (?1)",
                "DELETE FROM inbound_receipt WHERE customer_id IN (?1)",
                // audit entries stay (who did what, when) but lose their details, e.g. preferences before/after
                "UPDATE audit_log SET details = '{}'::jsonb WHERE subject_id IN (?1)",
                "UPDATE message SET body_enc = '\\x'::bytea, attachments_enc = NULL, external_id = NULL,"
                        + " version = version + 1"
                        + " WHERE request_id IN (SELECT id FROM request WHERE customer_id IN (?1))",
                "UPDATE request SET subject_enc = NULL, origin_thread_enc = '\\x'::bytea, version = version + 1,"
                        + " origin_thread_hash = gen_random_uuid()::text::bytea, status = 'CLOSED'"
                        + " WHERE customer_id IN (?1)",
                "UPDATE customer SET name_enc = NULL, status = 'ERASED', erased_at = ?2, updated_at = ?2,"
                        + " version = version + 1"
                        + " WHERE id IN (?1)");
        Instant now = clock.instant();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String sql : statements) {
            var statement = s.createNativeQuery(sql).setParameter(1, ids);
            if (sql.contains("?2")) {
                statement.setParameter(2, now);
            }
            chain = chain.chain(statement::executeUpdate).replaceWithVoid();
        }
        return chain;
    }

    private Uni<JsonNode> recordAct(Mutiny.Session s, UUID erasureId, UUID customerId, List<UUID> ids,
            JsonNode request, Map<String, Object> counts, JsonNode extract) {
        Instant now = clock.instant();
        Map<String, Object> act = new LinkedHashMap<>();
        act.put("actId", erasureId.toString());
        act.put("type", "destruction-act");
        act.put("subject", Map.of("customerId", customerId.toString(),
                "mergedProfiles", ids.stream().filter(id -> !id.equals(customerId)).map(UUID::toString).toList()));
        act.put("categoriesDestroyed", CATEGORIES);
        act.put("storesCovered", STORES);
        act.put("method", "crypto-shredding of the data keys (AES-256-GCM, Google Tink); depersonalisation of rows");
        act.put("recordsAffected", counts);
        act.put("requestedBy", request.get("requestedBy").asText());
        act.put("requestedVia", request.get("requestedVia").asText());
        act.put("requestedAt", request.get("requestedAt").asText());
        act.put("deadline", request.get("deadline").asText());
        act.put("legalBasis", request.get("legalBasis").asText());
        act.put("destroyedAt", now.toString());
        act.put("logExtract", extract);
        String text = json.write(act);
        return s.createNativeQuery("UPDATE erasure_request SET status = 'COMPLETED', completed_at = ?2,"
                + " act = CAST(CAST(?3 AS text) AS jsonb) WHERE id = ?1")
                .setParameter(1, erasureId).setParameter(2, now).setParameter(3, text).executeUpdate()
                .chain(() -> outbox.event("customer.erased", "customer", customerId, Map.of(
                        "customerId", customerId.toString(),
                        "mergedProfiles", ids.stream().map(UUID::toString).toList(),
                        "actId", erasureId.toString())))
                .replaceWith(json.tree(text));
    }

    private static List<UUID> subjects(JsonNode act) {
        List<UUID> ids = new ArrayList<>();
        ids.add(UUID.fromString(act.get("subject").get("customerId").asText()));
        act.get("subject").get("mergedProfiles").forEach(n -> ids.add(UUID.fromString(n.asText())));
        return ids;
    }

}
