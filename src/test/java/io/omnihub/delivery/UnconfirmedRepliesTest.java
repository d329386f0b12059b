package io.omnihub.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.omnihub.channel.Channel;
import io.omnihub.channel.ChannelRegistry;
import io.omnihub.support.Db;
import io.omnihub.support.Inbound;
import io.omnihub.support.KafkaTopic;
import io.omnihub.support.MovableClock;
import io.omnihub.support.Replies;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * A reply whose receipt never came (the adapter's report was lost) is published again after its channel's receipt
 * timeout: on the same channel, under the same CloudEvents id and attempt, never on another channel while the first
 * may still deliver. Time is moved, not waited for.
 */
@QuarkusTest
class UnconfirmedRepliesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int CHECKS = 40;

    @Inject
    MovableClock clock;

    @Inject
    UnconfirmedReplies check;

    @Inject
    ChannelRegistry channels;

    @Inject
    Pool pool;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aDispatchedReplyWithoutReceiptIsPublishedAgainOnItsChannelUnderTheSameId() {
        try (KafkaTopic web = new KafkaTopic("omnihub.replies.web")) {
            String request = Inbound.submit(Inbound.webMessage()).then().statusCode(201).extract().path("requestId");
            String id = Replies.reply(request, "Your parcel is on its way").then().statusCode(201)
                    .extract().path("messageId");
            KafkaTopic.Record first = web.await(r -> id.equals(r.id()), 1, WAIT).get(0);
            Awaitility.await().atMost(WAIT).untilAsserted(() -> given().get("/api/v1/requests/" + request).then()
                    .body("messages.find { it.id == '" + id + "' }.deliveryStatus", equalTo("DISPATCHED")));

            // the check runs every second in tests
            assertThat(web.over(r -> id.equals(r.id()), Duration.ofSeconds(3))).as("not before the timeout")
                    .hasSize(1);

            clock.advance(Duration.ofMinutes(3)); // web's receiptTimeout is PT2M

            List<KafkaTopic.Record> both = web.await(r -> id.equals(r.id()), 2, WAIT);
            assertThat(both.get(1).key()).isEqualTo(first.key());
            assertThat(JsonPath.from(both.get(1).value()).getInt("attempt"))
                    .isEqualTo(JsonPath.from(first.value()).getInt("attempt"));
            given().get("/api/v1/requests/" + request).then()
                    .body("messages.find { it.id == '" + id + "' }.channel", equalTo("web"))
                    .body("messages.find { it.id == '" + id + "' }.deliveryStatus", equalTo("DISPATCHED"));

            // the adapter's receipt for that attempt settles it: nothing is published again
            Replies.receipt(id, "web", "SENT").then().statusCode(200).body("deliveryStatus", equalTo("SENT"));
            clock.advance(Duration.ofMinutes(3));
            assertThat(web.over(r -> id.equals(r.id()), Duration.ofSeconds(3))).hasSize(2);
        }
    }

    /** A check reads once per receipt timeout the outbound channels have, not once per channel (six before). */
    @Test
    void aCheckReadsOncePerReceiptTimeoutNotOncePerChannel() throws Throwable {
        List<Channel> outbound = channels.all().stream().filter(Channel::outbound).toList();
        long timeouts = outbound.stream().map(Channel::receiptTimeout).distinct().count();
        assertThat(timeouts).as("precondition: channels share a timeout").isLessThan(outbound.size());
        long before = overdueReads();
        long start = System.nanoTime();
        for (int i = 0; i < CHECKS; i++) {
            VertxContextSupport.subscribeAndAwait(check::check);
        }
        // the scheduled check runs every second in tests, meanwhile too (two more for runs a late one brings closer)
        long scheduled = (System.nanoTime() - start) / 1_000_000_000L + 3;
        assertThat(overdueReads() - before).as("reads by %d checks and up to %d scheduled ones", CHECKS, scheduled)
                .isLessThanOrEqualTo((CHECKS + scheduled) * timeouts);
    }

    private long overdueReads() {
        return Db.count(pool, "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements WHERE query LIKE $1",
                "%from reply r1_0 where r1_0.status=$1 and r1_0.channel%");
    }
}
