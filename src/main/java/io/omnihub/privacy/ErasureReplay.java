package io.omnihub.privacy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.customer.CustomerRepository;
import io.omnihub.customer.crypto.KeyShredding;
import io.omnihub.platform.ErasureContribution.Subject;
import io.omnihub.platform.Json;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Applies one record of the erasure log to this database, in one transaction with the log position it moves on. When
 * the database already holds the customer's completed erasure, only the position moves. Otherwise the database is
 * behind the log (a restored backup older than the erasure): the erasure is carried out again through every feature's
 * {@code ErasureContribution}, the data keys included, and its act comes back from the log. The transaction is
 * programmatic because the key caches forget the customer after it committed.
 */
@ApplicationScoped
class ErasureReplay {

    private static final Logger LOG = Logger.getLogger(ErasureReplay.class);

    private final ErasureService erasure;
    private final ErasureRequests requests;
    private final ErasureLogPositions positions;
    private final CustomerRepository customers;
    private final KeyShredding shredding;
    private final Json json;
    private final Clock clock;

    ErasureReplay(ErasureService erasure, ErasureRequests requests, ErasureLogPositions positions,
            CustomerRepository customers, KeyShredding shredding, Json json, Clock clock) {
        this.erasure = erasure;
        this.requests = requests;
        this.positions = positions;
        this.customers = customers;
        this.shredding = shredding;
        this.json = json;
        this.clock = clock;
    }

    /** Applies the record at {@code offset} of {@code partition}; answers whether its erasure was carried out again. */
    Uni<Boolean> apply(int partition, long offset, String value) {
        List<UUID> reached = new ArrayList<>();
        return Panache.withTransaction(() -> (value == null ? Uni.createFrom().item(false)
                : applyEntry(json.tree(value), reached))
                .call(() -> positions.applied(partition, offset, clock.instant())))
                .call(again -> again ? shredding.forget(reached) : Uni.createFrom().voidItem());
    }

    private Uni<Boolean> applyEntry(JsonNode entry, List<UUID> reached) {
        UUID customerId = UUID.fromString(entry.get("subject").get("customerId").asText());
        return customers.lockedStatus(customerId)
                .chain(status -> requests.status(customerId).chain(recorded -> "COMPLETED".equals(recorded)
                        ? Uni.createFrom().item(false)
                        : again(entry, customerId, status != null, reached).replaceWith(true)));
    }

    private Uni<Void> again(JsonNode entry, UUID customerId, boolean known, List<UUID> reached) {
        Instant now = clock.instant();
        Set<UUID> ids = new LinkedHashSet<>(ErasureService.subjects(entry));
        Uni<Void> profiles = known
                ? customers.withMergedProfiles(customerId).invoke(ids::addAll).replaceWithVoid()
                // created after the backup: nothing of it is here, but the act needs its tombstone
                : customers.tombstone(customerId, time(entry, "destroyedAt"));
        return profiles.chain(() -> {
            reached.addAll(ids);
            return erasure.contribute(new Subject(customerId, List.copyOf(ids), now));
        }).chain(erased -> {
            ObjectNode act = entry.deepCopy();
            act.put("restoredFromErasureLogAt", now.toString());
            act.set("recordsAffectedOnRestore", json.tree(json.write(erased.counts())));
            LOG.infof("Erasure %s re-applied from the erasure log: the database was restored from an older backup",
                    act.get("actId").asText());
            return requests.restored(UUID.fromString(act.get("actId").asText()), customerId,
                    act.path("requestedBy").asText("unknown"), act.path("requestedVia").asText("unknown"),
                    act.get("legalBasis").asText(), time(act, "requestedAt"),
                    time(act, "deadline"), time(act, "destroyedAt"),
                    json.write(act));
        });
    }

    /** A time of the act: an instant as the database writes it, with its offset. */
    private static Instant time(JsonNode act, String field) {
        return java.time.OffsetDateTime.parse(act.get(field).asText()).toInstant();
    }
}
