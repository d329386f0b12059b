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
 * a younger one, or one another replica has claimed, is left alone; and an ask whose sender's contact is gone erases
 * nothing, whatever profile it was asked on.
 */
@QuarkusTest
class KeywordErasureSweepTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Pool pool;

    /** A customer who texted from a phone: her profile and the phone's keyed lookup hash. */
    record Texter(UUID customerId, byte[] senderHash) {
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
        byte[] hash = pool.preparedQuery("SELECT value_hash FROM contact_point WHERE customer_id = $1")
                .execute(Tuple.of(customer)).await().indefinitely().iterator().next().getBuffer(0).getBytes();
        return new Texter(customer, hash);
    }

    /** An ask of an ERASE on this profile, recorded {@code age} ago and not carried out; claimed if {@code claimed}. */
    void ask(UUID customer, byte[] senderHash, Duration age, boolean claimed) {
        pool.preparedQuery("INSERT INTO erasure_ask (id, customer_id, message_id, sender_hash, requested_via, asked_at,"
                + " claimed_until) VALUES (gen_random_uuid(), $1, gen_random_uuid(), $2, 'sms',"
                + " now() - make_interval(secs => $3), CASE WHEN $4 THEN now() + interval '1 minute' END)")
                .execute(Tuple.of(customer, io.vertx.core.buffer.Buffer.buffer(senderHash),
                        (double) age.toSeconds(), claimed))
                .await().indefinitely();
    }

    String status(UUID customer) {
        return pool.preparedQuery("SELECT status FROM customer WHERE id = $1").execute(Tuple.of(customer)).await()
                .indefinitely().iterator().next().getString(0);
    }

    long asks(UUID customer) {
        return Db.count(pool, "SELECT count(*) FROM erasure_ask WHERE customer_id = $1", customer);
    }

    @Test
    void anAskLeftBehindIsCarriedOutByTheSweepAndAYoungOrClaimedOneIsLeftToItsReplica() {
        Texter old = texter();
        Texter young = texter();
        Texter claimed = texter();
        ask(old.customerId(), old.senderHash(), Duration.ofMinutes(2), false);
        ask(young.customerId(), young.senderHash(), Duration.ZERO, false);
        ask(claimed.customerId(), claimed.senderHash(), Duration.ofMinutes(2), true);
        try {
            Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(status(old.customerId()))
                    .as("the profile whose ask was left behind is erased by the sweep").isEqualTo("ERASED"));
            SoftAssertions.assertSoftly(soft -> {
                soft.assertThat(Db.count(pool, "SELECT count(*) FROM erasure_request WHERE customer_id = $1"
                        + " AND status = 'COMPLETED' AND requested_by = 'customer' AND requested_via = 'sms'",
                        old.customerId())).as("its destruction act: asked by the customer, by SMS").isEqualTo(1);
                soft.assertThat(asks(old.customerId())).as("its ask is gone").isZero();
                soft.assertThat(asks(young.customerId())).as("the young ask is still there").isEqualTo(1);
                soft.assertThat(status(young.customerId())).as("and its profile untouched").isEqualTo("ACTIVE");
                soft.assertThat(asks(claimed.customerId())).as("the ask another replica holds is still there")
                        .isEqualTo(1);
                soft.assertThat(status(claimed.customerId())).as("and its profile untouched").isEqualTo("ACTIVE");
            });
        } finally {
            pool.preparedQuery("DELETE FROM erasure_ask WHERE customer_id = ANY($1)")
                    .execute(Tuple.of(new UUID[] { young.customerId(), claimed.customerId() })).await().indefinitely();
        }
    }

    @Test
    void anAskWhoseSendersContactIsGoneErasesNothing() {
        // what a second run of an ask finds once its erasure went through: the sender's contact went with the
        // profile that held it, while the profile the message was stored on (a LEGACY merge's survivor) is active
        Texter survivor = texter();
        byte[] gone = new byte[survivor.senderHash().length];
        new java.security.SecureRandom().nextBytes(gone);
        ask(survivor.customerId(), gone, Duration.ofMinutes(2), false);
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(asks(survivor.customerId()))
                .as("the sweep took the ask").isZero());
        assertThat(status(survivor.customerId())).as("the profile it was asked on is not erased").isEqualTo("ACTIVE");
        assertThat(Db.count(pool, "SELECT count(*) FROM erasure_request WHERE customer_id = $1",
                survivor.customerId())).as("no erasure recorded for it").isZero();
    }
}
