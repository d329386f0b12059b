package io.omnihub.privacy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.omnihub.customer.Customer;
import io.omnihub.customer.CustomerRepository;
import io.omnihub.customer.IdentityService;
import io.omnihub.customer.MergeService;
import io.omnihub.customer.crypto.KeyShredding;
import io.omnihub.platform.Audit;
import io.omnihub.platform.ErasureContribution;
import io.omnihub.platform.ErasureContribution.Erased;
import io.omnihub.platform.ErasureContribution.Subject;
import io.omnihub.platform.Ids;
import io.omnihub.platform.Json;
import io.omnihub.platform.Outages;
import io.omnihub.platform.Outbox;
import io.omnihub.platform.ProblemException;
import io.omnihub.privacy.PrivacyEvents.CustomerErased;
import io.quarkus.arc.All;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Erasure by crypto-shredding. One transaction runs every feature's {@link ErasureContribution} for the customer and
 * the profiles merged into it (data keys destroyed, contact points, consent and preferences deleted, requests and
 * messages emptied but kept for counts, pending sends cancelled, and so on), then records a destruction act, the
 * {@code customer.erased} event and the act's entry in the erasure log ({@link ErasureLog}). After commit, Redis and every
 * replica's key cache forget the customer.
 */
@ApplicationScoped
public class ErasureService {

    static final List<String> CATEGORIES = List.of("name", "contact points (phone, e-mail, app, bot, web, office ids)",
            "message bodies and attachment metadata", "request subjects and thread references",
            "consent records and preferences", "idempotency receipts", "contact verifications", "data encryption keys");
    static final List<String> STORES = List.of("postgresql", "redis",
            "kafka: customer.erased published on omnihub.events; omnihub.replies.* expire by retention");

    private static final String ALREADY_ERASED = "already-erased";

    private final PrivacyConfig config;
    private final MergeService merges;
    private final IdentityService identities;
    private final Outbox outbox;
    private final KeyShredding shredding;
    private final Json json;
    private final Clock clock;
    private final List<ErasureContribution> contributions;
    private final CustomerRepository customers;
    private final ErasureAsks asks;
    private final ErasureRequests requests;
    private final Audit audit;
    private final ErasureLog log;

    public ErasureService(PrivacyConfig config, Outbox outbox, KeyShredding shredding, Json json, Clock clock,
            MergeService merges, IdentityService identities, CustomerRepository customers,
            @All List<ErasureContribution> contributions, ErasureAsks asks,
            ErasureRequests requests, Audit audit, ErasureLog log) {
        this.audit = audit;
        this.log = log;
        this.requests = requests;
        this.asks = asks;
        this.customers = customers;
        this.contributions = contributions;
        this.identities = identities;
        this.merges = merges;
        this.clock = clock;
        this.config = config;
        this.outbox = outbox;
        this.shredding = shredding;
        this.json = json;
    }

    /**
     * An erasure the customer asked for by keyword (SMS ERASE from a number the carrier vouches for, see
     * {@link KeywordErasure}): it reaches only what that sender proved is theirs. Merges made before trust levels
     * (LEGACY) are undone first, so the profiles they joined stay; erasing those needs a privacy officer. Then the
     * profile that holds the sender's contact now is erased, and the ask goes in the same transaction, so it is
     * never carried out twice. Answers the destruction act, or empty when there is nothing left to erase: the
     * profile was erased already (a repeated request, or a privacy officer in between), or the sender's contact is
     * gone with it.
     */
    Uni<Optional<JsonNode>> eraseProven(UUID askId, UUID customerId, byte[] senderHash, String via,
            String legalBasis) {
        return customers.status(customerId)
                .chain(status -> status == null || status == Customer.Status.ERASED
                        ? Uni.createFrom().item(Optional.<JsonNode> empty())
                        : proven(askId, customerId, senderHash, via, legalBasis));
    }

    private Uni<Optional<JsonNode>> proven(UUID askId, UUID customerId, byte[] senderHash, String via,
            String legalBasis) {
        return merges.unmergeUnproven(customerId, "keyword-erasure")
                // undoing those merges may hand the sender's contact back to the profile it came from: erase
                // whichever profile holds it now
                .chain(restored -> Panache.withSession(() -> identities.findByHash(senderHash)))
                .chain(owner -> owner == null ? Uni.createFrom().item(Optional.<JsonNode> empty())
                        : erase(owner, "customer", via, legalBasis, askId).map(Optional::of))
                .onFailure(e -> e instanceof ProblemException p && ALREADY_ERASED.equals(p.kind()))
                .recoverWithItem(Optional.empty());
    }

    /** Records an erasure request and carries it out at once; answers the destruction act. */
    public Uni<JsonNode> erase(UUID customerId, String actor, String via, String legalBasis) {
        return erase(customerId, actor, via, legalBasis, null);
    }

    /** {@link #erase}, deleting the keyword ask it carries out (if any) in its transaction. */
    private Uni<JsonNode> erase(UUID customerId, String actor, String via, String legalBasis, UUID askId) {
        UUID erasureId = Ids.next();
        return Panache.withTransaction(() -> customers.lockedStatus(customerId)
                .chain(status -> {
                    if (status == null) {
                        return Uni.createFrom().failure(ProblemException.notFound("Customer"));
                    }
                    if (status.equals("ERASED")) {
                        return Uni.createFrom().failure(ProblemException.conflict(ALREADY_ERASED,
                                "This customer was already erased"));
                    }
                    if (status.equals("MERGED")) {
                        return Uni.createFrom().failure(ProblemException.conflict("customer-not-active",
                                "This profile was merged; erase its golden record"));
                    }
                    Instant now = clock.instant();
                    return requests.record(erasureId, customerId, actor, via, legalBasis, now,
                            now.plus(config.erasureDeadline()))
                            .chain(() -> askId == null ? Uni.createFrom().voidItem() : asks.drop(askId))
                            .chain(() -> execute(erasureId))
                            // after the erasure, which empties the details of the customer's earlier entries
                            .call(() -> audit.record(actor, "customer.erased", "customer", customerId,
                                    Map.of("erasureId", erasureId, "via", via)));
                }))
                .call(act -> shredding.forget(subjects(act)));
    }

    /** Requests that were recorded but not carried out (a crash between the two): carried out now. */
    @Scheduled(every = "${omnihub.privacy.sweep-interval:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sweep() {
        return Outages.untilNextRun(ErasureService.class, Panache.withTransaction(() -> requests.pending(10)
                .chain(ids -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (UUID id : ids) {
                        chain = chain.chain(() -> execute(id).call(act -> shredding.forget(subjects(act))))
                                .replaceWithVoid();
                    }
                    return chain;
                })));
    }

    /** The destruction act of a customer, or null. */
    @WithSession
    public Uni<JsonNode> act(UUID customerId) {
        return requests.act(customerId).map(text -> text == null ? null : json.tree(text));
    }

    private Uni<JsonNode> execute(UUID erasureId) {
        return requests.request(erasureId).map(json::tree)
                .chain(request -> customers.withMergedProfiles(UUID.fromString(request.get("customerId").asText()))
                        .map(ids -> new Subject(ids.get(0), ids, clock.instant()))
                        .chain(subject -> contribute(subject)
                                .chain(erased -> recordAct(erasureId, subject, request, erased))));
    }

    /**
     * Every feature's contribution, one after the other; their results, merged. The erasure hands its session to
     * each, so that all of them run in its transaction.
     */
    Uni<Erased> contribute(Subject subject) {
        return Panache.getSession().chain(s -> {
            Uni<Erased> chain = Uni.createFrom().item(Erased.NOTHING);
            for (ErasureContribution contribution : contributions) {
                chain = chain.chain(sofar -> contribution.erase(s, subject).map(sofar::and));
            }
            return chain;
        });
    }

    private Uni<JsonNode> recordAct(UUID erasureId, Subject subject, JsonNode request,
            Erased erased) {
        Instant now = subject.at();
        UUID customerId = subject.customerId();
        List<UUID> ids = subject.customerIds();
        Map<String, Object> act = new LinkedHashMap<>();
        act.put("actId", erasureId.toString());
        act.put("type", "destruction-act");
        act.put("subject", Map.of("customerId", customerId.toString(),
                "mergedProfiles", ids.stream().filter(id -> !id.equals(customerId)).map(UUID::toString).toList()));
        act.put("categoriesDestroyed", CATEGORIES);
        act.put("storesCovered", STORES);
        act.put("method", "crypto-shredding of the data keys (AES-256-GCM, Google Tink); depersonalisation of rows");
        act.put("recordsAffected", erased.counts());
        act.put("requestedBy", request.get("requestedBy").asText());
        act.put("requestedVia", request.get("requestedVia").asText());
        act.put("requestedAt", request.get("requestedAt").asText());
        act.put("deadline", request.get("deadline").asText());
        act.put("legalBasis", request.get("legalBasis").asText());
        act.put("destroyedAt", now.toString());
        act.put("logExtract", erased.log());
        String text = json.write(act);
        return requests.completed(erasureId, now, text)
                .chain(() -> outbox.event(new CustomerErased(customerId, ids, erasureId)))
                .chain(() -> log.record(json.tree(text)))
                .replaceWith(json.tree(text));
    }

    static List<UUID> subjects(JsonNode act) {
        List<UUID> ids = new ArrayList<>();
        ids.add(UUID.fromString(act.get("subject").get("customerId").asText()));
        act.get("subject").get("mergedProfiles").forEach(n -> ids.add(UUID.fromString(n.asText())));
        return ids;
    }

}
