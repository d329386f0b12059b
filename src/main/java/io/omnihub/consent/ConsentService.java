package io.omnihub.consent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.omnihub.channel.ChannelRegistry;
import io.omnihub.platform.Json;
import io.omnihub.platform.ProblemException;
import io.omnihub.routing.Purpose;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Grants and withdrawals from any route (API, SMS keyword, chatbot command), and the proof. */
@ApplicationScoped
public class ConsentService {

    private final ConsentLedger ledger;
    private final PolicyCache cache;
    private final ChannelRegistry channels;
    private final Json json;

    private final CustomerCheck profiles;
    private final Profiles sealing;

    public ConsentService(ConsentLedger ledger, PolicyCache cache, ChannelRegistry channels, Json json,
            CustomerCheck profiles, Profiles sealing) {
        this.sealing = sealing;
        this.profiles = profiles;
        this.ledger = ledger;
        this.cache = cache;
        this.channels = channels;
        this.json = json;
    }

    /** Records a change and makes every replica see it at once. */
    public Uni<ConsentViews.Event> change(ConsentChange change) {
        if (channels.find(change.channel()).isEmpty()) {
            throw ProblemException.invalidField("channel", "unknown channel");
        }
        return recordChange(change).call(() -> cache.invalidate(change.customerId()))
                .map(e -> view(e, json.tree(json.write(change.evidence() == null ? Map.of() : change.evidence()))));
    }

    private Uni<ConsentEvent> recordChange(ConsentChange change) {
        return Panache.withTransaction(() -> profiles.active(change.customerId())
                .chain(() -> ledger.append(change)));
    }

    /**
     * Records, in the caller's transaction, the changes of one customer that differ from the current state (a
     * repeated STOP adds nothing) and answers whether any was recorded. The caller invalidates the customer's cached
     * policy after its commit ({@link PolicyCache#invalidate}).
     */
    public Uni<Boolean> recordChanged(List<ConsentChange> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().item(false);
        }
        return ledger.current(changes.get(0).customerId()).chain(current -> {
            List<ConsentChange> changed = changes.stream().filter(c -> current.stream().noneMatch(s -> s.channel
                    .equals(c.channel()) && s.purpose == c.purpose()
                    && s.granted == (c.action() == ConsentEvent.Action.GRANTED))).toList();
            return changed.isEmpty() ? Uni.createFrom().item(false)
                    : ledger.appendAll(changed, true).replaceWith(true);
        });
    }

    @WithSession
    public Uni<ConsentViews.Ledger> ledger(UUID customerId, Purpose purpose) {
        return anyProfile(customerId).chain(() -> ledger.current(customerId)).chain(current -> ledger
                .history(customerId, purpose).chain(this::views).map(history -> new ConsentViews.Ledger(customerId,
                        current.stream().filter(c -> purpose == null || c.purpose == purpose)
                                .map(c -> new ConsentViews.State(c.channel, c.purpose.name(), c.granted, c.eventId,
                                        c.updatedAt))
                                .toList(),
                        history)));
    }

    /** The events as read, their sealed evidence opened. */
    private Uni<List<ConsentViews.Event>> views(List<ConsentEvent> events) {
        return sealing.open("evidence", events.stream().map(e -> e.evidenceEnc).toList()).map(evidence -> {
            List<ConsentViews.Event> views = new ArrayList<>(events.size());
            for (int i = 0; i < events.size(); i++) {
                String text = evidence.get(i);
                views.add(view(events.get(i), text == null ? json.tree("{}") : json.tree(text)));
            }
            return views;
        });
    }

    private Uni<Void> anyProfile(UUID customerId) {
        return profiles.active(customerId).onFailure(ProblemException.class)
                .recoverWithUni(e -> ((ProblemException) e).status() == 409 ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(e));
    }

    private static ConsentViews.Event view(ConsentEvent e, JsonNode evidence) {
        return new ConsentViews.Event(e.id, e.channel, e.purpose.name(), e.action.name(), e.textVersion,
                e.capturedChannel, e.actor, evidence, e.occurredAt);
    }
}
