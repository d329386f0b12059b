package io.omnihub.delivery.outbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.omnihub.support.Auth;
import io.omnihub.support.Db;
import io.omnihub.support.Inbound;
import io.omnihub.support.KafkaTopic;
import io.omnihub.support.Replies;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * An outbox entry that fails for its own reason is never marked published: after its attempts it is dead, its reply
 * FAILED with the reason, both announced and counted, and an admin requeues it once the cause is mended.
 */
@QuarkusTest
@TestProfile(DeadEntriesTest.FewAttempts.class)
class DeadEntriesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    public static class FewAttempts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("omnihub.outbox.max-attempts", "2", "omnihub.outbox.initial-backoff", "PT0.1S");
        }
    }

    /** Flips the bits of the last byte of a message's sealed body; done twice, it is whole again. */
    private static final String FLIP_LAST_BYTE = "UPDATE message SET body_enc = set_byte(body_enc, length(body_enc) - 1,"
            + " get_byte(body_enc, length(body_enc) - 1) # 255) WHERE id = $1::uuid";

    @Inject
    Pool pool;

    @Test
    void aReplyThatCannotBeAssembledDiesVisiblyAndIsRequeuedOnceMended() {
        try (KafkaTopic web = new KafkaTopic("omnihub.replies.web"); KafkaTopic events = new KafkaTopic("omnihub.events")) {
            String request = Inbound.submit(Inbound.webMessage()).then().statusCode(201).extract().path("requestId");
            String id = Replies.reply(request, "Your refund is on its way").then().statusCode(201)
                    .extract().path("messageId");
            web.await(r -> id.equals(r.id()), 1, WAIT);

            // the stored reply is damaged (a byte of its sealed text flipped, so it cannot be opened), and it is due
            // again
            pool.preparedQuery(FLIP_LAST_BYTE).execute(Tuple.of(id)).await().indefinitely();
            pool.preparedQuery("UPDATE reply SET status = 'PENDING' WHERE message_id = $1::uuid")
                    .execute(Tuple.of(id)).await().indefinitely();
            pool.preparedQuery("INSERT INTO outbox (id, aggregate_type, aggregate_id, topic, message_key, type, payload)"
                    + " VALUES (gen_random_uuid(), 'message', $1::uuid, 'omnihub.replies.web', $2, 'reply',"
                    + " jsonb_build_object('messageId', $1::text))").execute(Tuple.of(id, request))
                    .await().indefinitely();

            // (its text cannot be opened, so the timeline cannot show it: the stored status is read)
            Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(Db.count(pool,
                    "SELECT count(*) FROM reply WHERE message_id = $1::uuid AND status = 'FAILED'", id)).isEqualTo(1));
            assertThat(Db.count(pool, "SELECT count(*) FROM outbox WHERE aggregate_id = $1::uuid"
                    + " AND dead_at IS NOT NULL AND published_at IS NULL AND attempts = 2", id)).isEqualTo(1);
            events.await(r -> "reply.failed".equals(r.type()) && r.value().contains(id), 1, WAIT);
            events.await(r -> "outbox.entry-dead".equals(r.type()) && r.value().contains("omnihub.replies.web"), 1,
                    WAIT);
            given().get("/q/metrics").then().body(containsString("omnihub_outbox_dead_total"));

            String admin = Auth.admin();
            String entry = given().header("Authorization", admin).get("/api/v1/admin/outbox/dead").then()
                    .statusCode(200)
                    .body("aggregateId", hasItem(id))
                    .body("find { it.aggregateId == '" + id + "' }.lastError", equalTo("IllegalStateException"))
                    .extract().path("find { it.aggregateId == '" + id + "' }.id");
            given().header("Authorization", Auth.supervisor()).post("/api/v1/admin/outbox/dead/" + entry + "/requeue")
                    .then().statusCode(403);

            pool.preparedQuery(FLIP_LAST_BYTE).execute(Tuple.of(id)).await().indefinitely(); // mended
            given().header("Authorization", admin).post("/api/v1/admin/outbox/dead/" + entry + "/requeue").then()
                    .statusCode(200).body("attempts", equalTo(0));

            web.await(r -> id.equals(r.id()), 2, WAIT);
            Awaitility.await().atMost(WAIT).untilAsserted(() -> given().get("/api/v1/requests/" + request).then()
                    .body("messages.find { it.id == '" + id + "' }.deliveryStatus", equalTo("DISPATCHED")));
            assertThat(Db.count(pool, "SELECT count(*) FROM audit_log WHERE action = 'outbox.requeue'"
                    + " AND subject_id = $1::uuid", entry)).isEqualTo(1);
        }
    }
}
