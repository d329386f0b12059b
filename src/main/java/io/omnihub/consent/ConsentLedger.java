package io.omnihub.consent;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.consent.ConsentEvents.ConsentChanged;
import io.omnihub.platform.Ids;
import io.omnihub.platform.Json;
import io.omnihub.platform.Outbox;
import io.omnihub.routing.Purpose;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The consent ledger: every change is appended as a {@link ConsentEvent}; the current {@link Consent} state is
 * derived from it, and the customer's policy version moves on. Runs in the caller's transaction; callers
 * invalidate the policy cache after commit.
 */
@ApplicationScoped
public class ConsentLedger {

    /** The text version recorded for consent implied by the customer writing in. */
    public static final String IMPLIED = "implied-by-contact";

    private final Json json;
    private final Outbox outbox;
    private final Clock clock;

    private final Profiles profiles;

    private final ConsentRepository stored;

    public ConsentLedger(Json json, Outbox outbox, Clock clock, Profiles profiles, ConsentRepository stored) {
        this.stored = stored;
        this.profiles = profiles;
        this.clock = clock;
        this.json = json;
        this.outbox = outbox;
    }

    /** Records a change of consent in the caller's transaction; the profile's policy version moves on. */
    public Uni<Void> record(ConsentChange change) {
        return append(change).replaceWithVoid();
    }

    /** {@link #record}, answering the ledger's new entry. */
    Uni<ConsentEvent> append(ConsentChange change) {
        return appendAll(List.of(change), true).map(events -> events.get(0));
    }

    /**
     * Records changes of one customer, each of its own channel and purpose, in the caller's transaction: the ledger's
     * entries and the current state with one statement, and the policy version moved on once, unless the profile is
     * new in this transaction (nothing can have cached its policy). Answers the new entries, in order.
     */
    Uni<List<ConsentEvent>> appendAll(List<ConsentChange> changes, boolean policyMoves) {
        var at = clock.instant();
        List<ConsentEvent> events = new ArrayList<>();
        Uni<Void> sealed = Uni.createFrom().voidItem();
        for (ConsentChange change : changes) {
            ConsentEvent event = new ConsentEvent();
            event.id = Ids.next();
            event.customerId = change.customerId();
            event.channel = change.channel();
            event.purpose = change.purpose();
            event.action = change.action();
            event.textVersion = change.textVersion();
            event.capturedChannel = change.capturedChannel();
            event.actor = change.actor();
            event.occurredAt = at;
            events.add(event);
            sealed = sealed.chain(() -> profiles.seal(event.customerId, "evidence",
                    json.write(change.evidence() == null ? Map.of() : change.evidence()))
                    .invoke(evidence -> event.evidenceEnc = evidence).replaceWithVoid());
        }
        UUID customerId = changes.get(0).customerId();
        return sealed.chain(() -> stored.record(events))
                .chain(() -> policyMoves ? profiles.policyChanged(customerId, at) : Uni.createFrom().voidItem())
                .chain(() -> Multi.createFrom().iterable(events)
                        .onItem().transformToUniAndConcatenate(event -> outbox.event(new ConsentChanged(
                                event.customerId, event.channel, event.purpose, event.action, event.id)))
                        .collect().last())
                .replaceWith(events);
    }

    /**
     * Writing in on a channel, or giving a contact for it, implies consent to be answered there (SERVICE), unless
     * the customer already decided otherwise. Answers whether anything was recorded.
     *
     * @param newProfile the profile was created in the caller's transaction, so it has no consent to read yet
     */
    public Uni<Boolean> implyService(UUID customerId, boolean newProfile, Collection<String> channels,
            String capturedChannel, Map<String, Object> evidence) {
        Uni<List<Consent>> known = newProfile ? Uni.createFrom().item(List.of()) : current(customerId);
        return known.chain(states -> {
            Set<String> decided = states.stream().filter(c -> c.purpose == Purpose.SERVICE).map(c -> c.channel)
                    .collect(Collectors.toSet());
            List<String> fresh = channels.stream().distinct().filter(c -> !decided.contains(c)).toList();
            if (fresh.isEmpty()) {
                return Uni.createFrom().item(false);
            }
            return appendAll(fresh.stream().map(channel -> new ConsentChange(customerId, channel, Purpose.SERVICE,
                    ConsentEvent.Action.GRANTED, IMPLIED, capturedChannel, "customer", evidence)).toList(),
                    !newProfile).replaceWith(true);
        });
    }

    /**
     * After a merge, the most restrictive consent wins: a withdrawal on either profile holds for the golden
     * record, and consent only the merged profile had is carried over. Each change is a new event whose evidence
     * names the merge.
     */
    public Uni<Boolean> reconcileMerge(UUID survivor, UUID merged, UUID mergeId) {
        return current(survivor).chain(mine -> current(merged).chain(theirs -> {
            Map<String, Consent> byKey = mine.stream().collect(Collectors.toMap(c -> c.channel + "/" + c.purpose,
                    c -> c));
            List<ConsentChange> changes = theirs.stream().filter(t -> {
                Consent m = byKey.get(t.channel + "/" + t.purpose);
                return m == null || (m.granted && !t.granted);
            }).map(t -> new ConsentChange(survivor, t.channel, t.purpose,
                    t.granted ? ConsentEvent.Action.GRANTED : ConsentEvent.Action.WITHDRAWN, "merge",
                    "merge", "identity-resolution", Map.of("mergeId", mergeId.toString(),
                            "fromCustomer", merged.toString(), "fromEvent", t.eventId.toString())))
                    .toList();
            if (changes.isEmpty()) {
                return Uni.createFrom().item(false);
            }
            return appendAll(changes, true).replaceWith(true);
        }));
    }

    public Uni<List<Consent>> current(UUID customerId) {
        return stored.current(customerId);
    }

    public Uni<List<ConsentEvent>> history(UUID customerId, Purpose purpose) {
        return stored.history(customerId, purpose);
    }
}
