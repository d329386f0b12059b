package io.omnihub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.omnihub.platform.LiveNotices.Notice;
import io.omnihub.support.Db;
import io.omnihub.support.Inbound;
import io.omnihub.support.Replies;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * The live notices of a relayed intake, as operators' screens receive them from Redis: each names the request's
 * customer and team. The intake's events carry that scope, so the relay reads no request for them; the consent a new
 * profile's first message implies names the teams of its one request; any other event about a customer alone is
 * scoped by reading the teams of the customer's requests. The notices of a relayed batch travel in one message.
 */
@QuarkusTest
class LiveNoticesTest {

    private static final String REQUEST_SCOPES = "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements"
            + " WHERE query LIKE 'SELECT id, customer_id, ARRAY[team] FROM request%'";
    private static final String CUSTOMER_SCOPES = "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements"
            + " WHERE query LIKE 'SELECT customer_id, customer_id, array_agg(DISTINCT team) FROM request%'";

    @Inject
    RedisDataSource redis;

    @Inject
    Pool pool;

    @Inject
    LiveNotices notices;

    @Test
    void anIntakesNoticesNameItsCustomerAndTeamWithoutReadingTheRequestInOneMessage() {
        Queue<List<Notice>> messages = new ConcurrentLinkedQueue<>();
        Queue<Notice> received = new ConcurrentLinkedQueue<>();
        var subscriber = redis.pubsub(String.class).subscribe(LiveNotices.CHANNEL, text -> {
            messages.add(notices.read(text));
            received.addAll(notices.read(text));
        });
        try {
            drained(); // what earlier tests left for the relay reads scopes of its own
            long readsBefore = Db.count(pool, REQUEST_SCOPES);
            long customerReadsBefore = Db.count(pool, CUSTOMER_SCOPES);
            String requestId = Inbound.submit(Inbound.webMessage()).then().statusCode(201).extract()
                    .path("requestId");
            UUID request = UUID.fromString(requestId);
            String team = pool.query("SELECT team FROM request WHERE id = '" + request + "'").execute().await()
                    .indefinitely().iterator().next().getString(0);
            UUID customer = pool.query("SELECT customer_id FROM request WHERE id = '" + request + "'").execute()
                    .await().indefinitely().iterator().next().getUUID(0);

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> types(received, request, customer)
                    .containsAll(List.of("request.created", "message.received", "consent.changed")));

            for (Notice notice : received) {
                if (request.equals(notice.requestId()) || customer.equals(notice.customerId())) {
                    assertThat(notice.customerId()).as(notice.type()).isEqualTo(customer);
                    assertThat(notice.teams()).as(notice.type()).containsExactly(team);
                }
            }
            // the intake's one outbox row went in one batch, and the batch's notices in one Redis command
            assertThat(messages.stream().filter(m -> !types(m, request, customer).isEmpty())
                    .map(m -> types(m, request, customer))).as("messages about the intake").singleElement()
                    .satisfies(types -> assertThat(types).contains("request.created", "message.received",
                            "consent.changed"));
            assertThat(Db.count(pool, REQUEST_SCOPES) - readsBefore).as("reads of requests' scopes").isZero();
            // the consent the first message of a new profile implies names the teams of its one request
            assertThat(Db.count(pool, CUSTOMER_SCOPES) - customerReadsBefore).as("reads of customers' scopes")
                    .isZero();
        } finally {
            subscriber.unsubscribe();
        }
    }

    /** A first reply's notices name its customer and team without reading the request (its first response did). */
    @Test
    void aFirstReplysNoticesNameItsCustomerAndTeamWithoutReadingTheRequest() {
        String requestId = Inbound.submit(Inbound.webMessage()).then().statusCode(201).extract().path("requestId");
        UUID request = UUID.fromString(requestId);
        Row row = pool.query("SELECT customer_id, team FROM request WHERE id = '" + request + "'").execute().await()
                .indefinitely().iterator().next();
        Queue<Notice> received = new ConcurrentLinkedQueue<>();
        var subscriber = redis.pubsub(String.class).subscribe(LiveNotices.CHANNEL,
                text -> received.addAll(notices.read(text)));
        try {
            drained();
            long readsBefore = Db.count(pool, REQUEST_SCOPES);
            Replies.reply(requestId, "Your parcel left today").then().statusCode(201);

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> types(received, request, row.getUUID(0))
                    .containsAll(List.of("reply.routed", "request.first-response")));
            for (Notice notice : received) {
                if (request.equals(notice.requestId())) {
                    assertThat(notice.customerId()).as(notice.type()).isEqualTo(row.getUUID(0));
                    assertThat(notice.teams()).as(notice.type()).containsExactly(row.getString(1));
                }
            }
            assertThat(Db.count(pool, REQUEST_SCOPES) - readsBefore).as("reads of requests' scopes").isZero();
        } finally {
            subscriber.unsubscribe();
        }
    }

    /** A consent change that does not name the teams (a known customer's) is scoped by reading their requests. */
    @Test
    void aConsentChangeWithoutItsTeamsReadsThemFromTheCustomersRequests() {
        String requestId = Inbound.submit(Inbound.webMessage()).then().statusCode(201).extract().path("requestId");
        Row request = pool.query("SELECT customer_id, team FROM request WHERE id = '" + requestId + "'").execute()
                .await().indefinitely().iterator().next();
        UUID customer = request.getUUID(0);
        Queue<Notice> received = new ConcurrentLinkedQueue<>();
        var subscriber = redis.pubsub(String.class).subscribe(LiveNotices.CHANNEL,
                text -> received.addAll(notices.read(text)));
        try {
            long customerReadsBefore = Db.count(pool, CUSTOMER_SCOPES);
            OutboxEntry changed = new OutboxEntry();
            changed.type = "consent.changed";
            changed.aggregateType = "customer";
            changed.aggregateId = customer;
            changed.payload = "{\"customerId\":\"" + customer + "\",\"channel\":\"sms\",\"purpose\":\"SERVICE\","
                    + "\"action\":\"WITHDRAWN\",\"eventId\":\"" + UUID.randomUUID() + "\"}";
            notices.announce(List.of(changed));

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received.stream()
                    .anyMatch(n -> "consent.changed".equals(n.type()) && customer.equals(n.customerId())));
            Notice notice = received.stream().filter(n -> "consent.changed".equals(n.type())
                    && customer.equals(n.customerId())).findFirst().orElseThrow();
            assertThat(notice.teams()).containsExactly(request.getString(1));
            assertThat(Db.count(pool, CUSTOMER_SCOPES) - customerReadsBefore).as("reads of customers' scopes")
                    .isPositive();
        } finally {
            subscriber.unsubscribe();
        }
    }

    /**
     * Until the relay has nothing due and has stopped reading scopes: it reads them after a batch's sends, once the
     * batch's entries are marked published already.
     */
    private void drained() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Db.count(pool, "SELECT count(*) FROM outbox"
                + " WHERE published_at IS NULL AND dead_at IS NULL AND available_at <= now()") == 0);
        long[] last = { -1 };
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).until(() -> {
            long now = Db.count(pool, REQUEST_SCOPES) + Db.count(pool, CUSTOMER_SCOPES);
            boolean still = now == last[0];
            last[0] = now;
            return still;
        });
    }

    private static List<String> types(Collection<Notice> notices, UUID request, UUID customer) {
        return notices.stream().filter(n -> request.equals(n.requestId()) || customer.equals(n.customerId()))
                .map(Notice::type).toList();
    }
}
