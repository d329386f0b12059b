package io.omnihub.consent;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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

    /**
     * The channels on which the customer {@code customer} (an SQL expression) decided their SERVICE consent, granted or
     * withdrawn, as a select of one column: a statement of another feature that locks the profile reads them with
     * it, so that a message implies nothing where all is decided. A decision is never taken back, only changed or
     * erased with the profile, so one read before a lock is still true once the lock is held.
     */
    public static String serviceDecidedOf(String customer) {
        return "SELECT channel FROM consent WHERE customer_id = " + customer + " AND purpose = 'SERVICE'";
    }

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

    /**
     * When each of these customers last changed their consent themselves ({@link ConsentEvent#BY_CUSTOMER}), in the
     * caller's session; those who never did are left out.
     */
    public Uni<Map<UUID, Instant>> lastChangedByCustomer(Collection<UUID> customerIds) {
        return stored.lastChangedByCustomer(customerIds);
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
        List<ConsentEvent> events = events(changes);
        return sealed(events, changes).chain(() -> stored.record(events))
                .chain(() -> recorded(events, policyMoves, null));
    }

    /** The ledger's entries of these changes, made now, their evidence not sealed yet. */
    private List<ConsentEvent> events(List<ConsentChange> changes) {
        var at = clock.instant();
        List<ConsentEvent> events = new ArrayList<>();
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
        }
        return events;
    }

    /** Seals each event's evidence with its customer's key. */
    private Uni<Void> sealed(List<ConsentEvent> events, List<ConsentChange> changes) {
        Uni<Void> sealed = Uni.createFrom().voidItem();
        for (int i = 0; i < events.size(); i++) {
            ConsentEvent event = events.get(i);
            Map<String, Object> evidence = changes.get(i).evidence();
            sealed = sealed.chain(() -> profiles.seal(event.customerId, "evidence",
                    json.write(evidence == null ? Map.of() : evidence))
                    .invoke(sealedEvidence -> event.evidenceEnc = sealedEvidence).replaceWithVoid());
        }
        return sealed;
    }

    /**
     * After the events were written: the policy version moves on (when asked) and each event is announced, naming the
     * teams that may know when the caller knows them all ({@code teams}; null when it does not).
     */
    private Uni<List<ConsentEvent>> recorded(List<ConsentEvent> events, boolean policyMoves, List<String> teams) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(events);
        }
        ConsentEvent first = events.get(0);
        return (policyMoves ? profiles.policyChanged(first.customerId, first.occurredAt) : Uni.createFrom().voidItem())
                .chain(() -> Multi.createFrom().iterable(events)
                        .onItem().transformToUniAndConcatenate(event -> outbox.event(new ConsentChanged(
                                event.customerId, event.channel, event.purpose, event.action, event.id, teams)))
                        .collect().last())
                .replaceWith(events);
    }

    /**
     * Writing in on a channel, or giving a contact for it, implies consent to be answered there (SERVICE), unless
     * the customer already decided otherwise, in one statement that skips what was decided. Answers whether anything
     * was recorded.
     *
     * @param newProfile the profile was created in the caller's transaction: nothing can have cached its policy, so
     *        its version does not move
     * @param teams the teams of all the customer's requests, when the caller knows them (a profile created with its
     *        first request), so that no one reads them to tell who may know of the change; null otherwise
     */
    public Uni<Boolean> implyService(UUID customerId, boolean newProfile, List<String> teams,
            Collection<String> channels, String capturedChannel, Map<String, Object> evidence) {
        // one statement whether or not anything is new: the channels already decided are skipped by it, not read first
        return implied(customerId, channels, capturedChannel, evidence).chain(events -> stored.recordUndecided(events)
                .chain(ids -> recorded(events.stream().filter(e -> ids.contains(e.id)).toList(), !newProfile, teams)))
                .map(recorded -> !recorded.isEmpty());
    }

    /**
     * {@link #implyService} for a profile created in the caller's transaction, whose consent nothing else in it
     * reads or writes (no keyword came with the message): nothing of it is decided, so every channel's consent is
     * recorded, and written by the batch's last statement ({@link Outbox#carry}), not by one of its own. Its policy
     * version does not move.
     */
    public Uni<Void> implyServiceOnNewProfile(UUID customerId, List<String> teams, Collection<String> channels,
            String capturedChannel, Map<String, Object> evidence) {
        return implied(customerId, channels, capturedChannel, evidence)
                .call(stored::recordNew)
                .chain(events -> recorded(events, false, teams)).replaceWithVoid();
    }

    /** The ledger's entries of SERVICE consent implied on these channels, their evidence sealed. */
    private Uni<List<ConsentEvent>> implied(UUID customerId, Collection<String> channels, String capturedChannel,
            Map<String, Object> evidence) {
        List<ConsentChange> changes = channels.stream().distinct().map(channel -> new ConsentChange(customerId,
                channel, Purpose.SERVICE, ConsentEvent.Action.GRANTED, IMPLIED, capturedChannel,
                ConsentEvent.BY_CUSTOMER, evidence)).toList();
        List<ConsentEvent> events = events(changes);
        return sealed(events, changes).replaceWith(events);
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
