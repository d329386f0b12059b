package io.omnihub.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.channel.Channel;
import io.omnihub.channel.ChannelRegistry;
import io.omnihub.customer.crypto.CustomerKeys;
import io.omnihub.customer.crypto.PersonalDataCipher;
import io.omnihub.delivery.HeldReplies;
import io.omnihub.request.RequestQueue;
import io.omnihub.security.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** The operators' queue: requests waiting longest first, within the caller's teams. */
@ApplicationScoped
public class QueueQueries {

    /** Statuses an operator still has to act on. */
    static final List<String> WAITING = List.of("NEW", "OPEN");
    public static final List<String> ALL_STATUSES = List.of("NEW", "OPEN", "WAITING_CUSTOMER", "RESOLVED", "CLOSED",
            "BOT");
    static final List<WaitingChoice> WAITING_CHOICES = List.of(new WaitingChoice(0, "any time"),
            new WaitingChoice(5, "5 min"), new WaitingChoice(15, "15 min"), new WaitingChoice(60, "1 h"),
            new WaitingChoice(240, "4 h"), new WaitingChoice(1440, "1 day"));

    private final RequestQueue requests;
    private final CustomerKeys keys;
    private final PersonalDataCipher cipher;
    private final ChannelRegistry channels;
    private final Clock clock;
    private final HeldReplies held;

    public QueueQueries(RequestQueue requests, CustomerKeys keys, PersonalDataCipher cipher, ChannelRegistry channels,
            Clock clock, HeldReplies held) {
        this.held = held;
        this.clock = clock;
        this.requests = requests;
        this.keys = keys;
        this.cipher = cipher;
        this.channels = channels;
    }

    /**
     * What the queue shows.
     *
     * @param statuses the statuses wanted; empty for the waiting ones
     * @param channel one origin channel, or null for all
     * @param waitingAtLeast only requests whose customer has waited this long since writing
     */
    public record Filter(List<String> statuses, String channel, Duration waitingAtLeast, Owner owner, String label,
            int limit) {

        /** The filter as query parameters, for live refreshes of the same view. */
        public String query() {
            StringBuilder query = new StringBuilder();
            statuses.forEach(s -> query.append("status=").append(s).append('&'));
            if (channel != null) {
                query.append("channel=").append(java.net.URLEncoder.encode(channel, java.nio.charset.StandardCharsets.UTF_8))
                        .append('&');
            }
            if (label != null) {
                query.append("label=").append(label).append('&'); // a label is [a-z0-9_-]: nothing to encode
            }
            return query.append("waiting=").append(waitingAtLeast.toMinutes()).append("&owner=")
                    .append(owner.value()).toString();
        }

        public List<Owner> owners() {
            return List.of(Owner.values());
        }

        public boolean shows(String status) {
            return statuses.contains(status);
        }

        public List<String> allStatuses() {
            return ALL_STATUSES;
        }

        public List<WaitingChoice> waitingChoices() {
            return WAITING_CHOICES;
        }
    }

    /** Whose requests the queue shows. */
    public enum Owner {
        ANYONE("anyone's"),
        MINE("mine"),
        NOBODY("nobody's");

        public final String label;

        Owner(String label) {
            this.label = label;
        }

        /** As the query parameter gives it. */
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The owner filter of {@link RequestQueue#waiting}. */
        String assignee(Caller caller) {
            return switch (this) {
                case ANYONE -> null;
                case MINE -> caller.subject();
                case NOBODY -> "";
            };
        }
    }

    /** A choice of the waiting-time filter. */
    public record WaitingChoice(long minutes, String label) {
    }

    /** One row of the queue. */
    public record Item(UUID id, UUID customerId, String status, String channel, String channelName, String team,
            String subject, Instant lastInboundAt, String assignee, long heldReplies, List<String> labels, Instant due,
            boolean breached) {
    }

    @WithSession // the customers' keys are loaded on it
    public Uni<List<Item>> queue(Filter filter, Caller caller) {
        List<String> teams = caller.seesAllTeams() ? null : List.copyOf(caller.teams());
        Instant waitedSince = clock.instant().minus(filter.waitingAtLeast());
        return requests.waiting(filter.statuses().isEmpty() ? WAITING : filter.statuses(), filter.channel(),
                waitedSince, teams, filter.owner().assignee(caller), filter.label(), filter.limit())
                .chain(found -> keys.loadFor(found.stream().map(RequestQueue.Waiting::subjectSealed)
                        .filter(b -> b != null).toList())
                        .chain(() -> held.counts(found.stream().map(RequestQueue.Waiting::id).toList()))
                        .map(heldOn -> found.stream().map(w -> item(w, heldOn.getOrDefault(w.id(), 0L))).toList()));
    }

    /** How many requests wait for an operator within the caller's teams. */
    public Uni<Long> waitingCount(Caller caller) {
        return requests.count(WAITING, caller.seesAllTeams() ? null : List.copyOf(caller.teams()));
    }

    private Item item(RequestQueue.Waiting w, long heldReplies) {
        return new Item(w.id(), w.customerId(), w.status(), w.channel(),
                channels.find(w.channel()).map(Channel::displayName).orElse(w.channel()), w.team(),
                w.subjectSealed() == null ? null : cipher.open("subject", w.subjectSealed()), w.lastInboundAt(),
                w.assignee(), heldReplies, w.labels(), w.due(), w.breached());
    }
}
