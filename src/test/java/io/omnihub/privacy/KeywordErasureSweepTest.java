package io.omnihub.privacy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.omnihub.support.Db;
import io.omnihub.support.Inbound;
import io.omnihub.support.Samples;
import io.omnihub.support.Webhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * An SMS ERASE is recorded with its message in one transaction and carried out after the commit. What a replica that
 * died in between leaves behind, the ask alone, is carried out by the sweep of any replica once it is a minute old;
 * a younger one is its own replica's to carry out.
 */
@QuarkusTest
class KeywordErasureSweepTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Pool pool;

    /** A customer who texted from a phone: her profile and the phone's contact point. */
    record Texter(UUID customerId, UUID contactId) {
    }

    Texter texter() {
        String phone = Samples.phone();
        Map<String, String> form = Inbound.smsInbound();
        form.put("From", phone);
        form.put("Body", "Hello " + Samples.unique());
        Response r = Webhooks.sms("/webhooks/sms", form);
        assertThat(r.statusCode()).as("precondition: the SMS is accepted: %s", r.asString()).isEqualTo(200);
        UUID customer = UUID.fromString(given().queryParam("phone", phone).get("/api/v1/customers").then()
                .statusCode(200).extract().path("id"));
        UUID contact = pool.preparedQuery("SELECT id FROM contact_point WHERE customer_id = $1")
                .execute(Tuple.of(customer)).await().indefinitely().iterator().next().getUUID(0);
        return new Texter(customer, contact);
    }

    /** The ask of an ERASE from this texter, recorded {@code age} ago and never carried out. */
    void askLeftBehind(Texter t, Duration age) {
        pool.preparedQuery("INSERT INTO erasure_ask (id, customer_id, sender_contact_id, requested_via, asked_at)"
                + " VALUES (gen_random_uuid(), $1, $2, 'sms', now() - make_interval(secs => $3))")
                .execute(Tuple.of(t.customerId(), t.contactId(), (double) age.toSeconds())).await().indefinitely();
    }

    String status(UUID customer) {
        return pool.preparedQuery("SELECT status FROM customer WHERE id = $1").execute(Tuple.of(customer)).await()
                .indefinitely().iterator().next().getString(0);
    }

    @Test
    void anAskLeftBehindIsCarriedOutByTheSweepAndAYoungOneIsLeftToItsReplica() {
        Texter old = texter();
        Texter young = texter();
        askLeftBehind(old, Duration.ofMinutes(2));
        askLeftBehind(young, Duration.ZERO);
        try {
            Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(status(old.customerId()))
                    .as("the profile whose ask was left behind is erased by the sweep").isEqualTo("ERASED"));
            SoftAssertions.assertSoftly(soft -> {
                soft.assertThat(Db.count(pool, "SELECT count(*) FROM erasure_request WHERE customer_id = $1"
                        + " AND status = 'COMPLETED' AND requested_by = 'customer' AND requested_via = 'sms'",
                        old.customerId())).as("its destruction act: asked by the customer, by SMS").isEqualTo(1);
                soft.assertThat(Db.count(pool, "SELECT count(*) FROM erasure_ask WHERE customer_id = $1",
                        old.customerId())).as("its ask is gone").isZero();
                soft.assertThat(Db.count(pool, "SELECT count(*) FROM erasure_ask WHERE customer_id = $1",
                        young.customerId())).as("the young ask is still there").isEqualTo(1);
                soft.assertThat(status(young.customerId())).as("and its profile untouched").isEqualTo("ACTIVE");
            });
        } finally {
            pool.preparedQuery("DELETE FROM erasure_ask WHERE customer_id = $1").execute(Tuple.of(young.customerId()))
                    .await().indefinitely();
        }
    }
}
