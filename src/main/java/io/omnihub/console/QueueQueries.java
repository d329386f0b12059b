package io.omnihub.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.channel.Channel;
import io.omnihub.channel.ChannelRegistry;
import io.omnihub.customer.crypto.CustomerKeys;
import io.omnihub.customer.crypto.PersonalDataCipher;
import io.omnihub.security.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The operators' queue: requests waiting longest first, within the caller's teams. */
@ApplicationScoped
public class QueueQueries {

    /** Statuses an operator still has to act on. */
    static final List<String> WAITING = List.of("NEW", "OPEN");
    static final List<String> ALL_STATUSES = List.of("NEW", "OPEN", "WAITING_CUSTOMER", "RESOLVED", "CLOSED");
    static final List<WaitingChoice> WAITING_CHOICES = List.of(new WaitingChoice(0, "any time"),
            new WaitingChoice(5, "5 min"), new WaitingChoice(15, "15 min"), new WaitingChoice(60, "1 h"),
            new WaitingChoice(240, "4 h"), new WaitingChoice(1440, "1 day"));

    private final Pool db;
    private final CustomerKeys keys;
    private final PersonalDataCipher cipher;
    private final ChannelRegistry channels;
    private final Clock clock;

    public QueueQueries(Pool db, CustomerKeys keys, PersonalDataCipher cipher, ChannelRegistry channels, Clock clock) {
        this.clock = clock;
        this.db = db;
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
    public record Filter(List<String> statuses, String channel, Duration waitingAtLeast, int limit) {

        /** The filter as query parameters, for live refreshes of the same view. */
        public String query() {
            StringBuilder query = new StringBuilder();
            statuses.forEach(s -> query.append("status=").append(s).append('&'));
            if (channel != null) {
                query.append("channel=").append(java.net.URLEncoder.encode(channel, java.nio.charset.StandardCharsets.UTF_8))
                        .append('&');
            }
            return query.append("waiting=").append(waitingAtLeast.toMinutes()).toString();
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

    /** A choice of the waiting-time filter. */
    public record WaitingChoice(long minutes, String label) {
    }

    /** One row of the queue. */
    public record Item(UUID id, UUID customerId, String status, String channel, String channelName, String team,
            String subject, Instant lastInboundAt) {
    }

    @WithSession
    public Uni<List<Item>> queue(Filter filter, Caller caller) {
        String[] teams = caller.seesAllTeams() ? null : caller.teams().toArray(String[]::new);
        Instant waitedSince = clock.instant().minus(filter.waitingAtLeast());
        return db.preparedQuery("SELECT r.id, r.customer_id, r.status, r.origin_channel, r.team, r.subject_enc,"
                + " r.last_inbound_at FROM request r JOIN customer c ON c.id = r.customer_id"
                + " WHERE r.status = ANY($1) AND ($2::text IS NULL OR r.origin_channel = $2)"
                + " AND r.last_inbound_at <= $3 AND ($4::text[] IS NULL OR r.team = ANY($4))"
                + " AND c.status <> 'ERASED' ORDER BY r.last_inbound_at, r.id LIMIT $5")
                .execute(Tuple.tuple()
                        .addArrayOfString((filter.statuses().isEmpty() ? WAITING : filter.statuses())
                                .toArray(String[]::new))
                        .addString(filter.channel())
                        .addOffsetDateTime(waitedSince.atOffset(java.time.ZoneOffset.UTC))
                        .addArrayOfString(teams)
                        .addInteger(filter.limit()))
                .chain(rows -> {
                    List<Row> found = new ArrayList<>();
                    rows.forEach(found::add);
                    List<byte[]> subjects = found.stream().map(QueueQueries::bytes).filter(b -> b != null).toList();
                    return keys.loadFor(subjects).map(ignored -> found.stream().map(this::row).toList());
                });
    }

    /** How many requests wait for an operator within the caller's teams. */
    public Uni<Long> waitingCount(Caller caller) {
        String[] teams = caller.seesAllTeams() ? null : caller.teams().toArray(String[]::new);
        return db.preparedQuery("SELECT count(*) FROM request WHERE status = ANY($1)"
                + " AND ($2::text[] IS NULL OR team = ANY($2))")
                .execute(Tuple.tuple().addArrayOfString(WAITING.toArray(String[]::new)).addArrayOfString(teams))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private Item row(Row r) {
        String channel = r.getString(3);
        byte[] subject = bytes(r);
        return new Item(r.getUUID(0), r.getUUID(1), r.getString(2), channel,
                channels.find(channel).map(Channel::displayName).orElse(channel), r.getString(4),
                subject == null ? null : cipher.open("subject", subject),
                r.getOffsetDateTime(6).toInstant());
    }

    private static byte[] bytes(Row r) {
        var buffer = r.getBuffer(5);
        return buffer == null ? null : buffer.getBytes();
    }
}
