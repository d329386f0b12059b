package io.omnihub.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.consent.PolicyService;
import io.omnihub.routing.CustomerPolicy;
import io.omnihub.routing.Purpose;
import io.omnihub.routing.QuietHours;
import io.omnihub.support.Db;
import io.omnihub.support.Inbound;
import io.omnihub.support.Replies;
import io.omnihub.support.Samples;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * What a reply's routing reads before it decides, and the relay's check before it sends: a customer's kinds of
 * contact with when they last wrote on each channel in one statement, and with them a policy the cache does not hold;
 * a policy alone with its version in one statement; the relay's check reads the policies' versions with the facts.
 */
@QuarkusTest
class RoutingReadsTest {

    /** Statements reading contact kinds or the last inbound messages. */
    private static final String FACT_READS = "query LIKE '%SELECT DISTINCT customer_id, kind, state%'"
            + " OR query LIKE '%max(m.created_at)%'";

    /** Statements reading a policy's version, its preferences or its consents. */
    private static final String POLICY_READS = "query LIKE '%policy_version FROM customer%'"
            + " OR query ILIKE '%from preference %' OR query ILIKE '%from consent %'";

    @Inject
    RoutingInputs inputs;
    @Inject
    PolicyService policies;
    @Inject
    Pool pool;

    @Test
    void aCustomersContactKindsAndLastMessagesAreReadInOneStatement() {
        String phone = Samples.phone();
        ObjectNode web = Inbound.webMessage();
        ((ObjectNode) web.get("customer")).put("phone", phone);
        UUID customer = UUID.fromString(Inbound.submit(web).then().statusCode(201).extract().path("customerId"));
        Inbound.text(phone, "And by SMS");

        RoutingInputs.Facts facts = fewestStatements(FACT_READS, () -> inputs.facts(List.of(customer), false));

        assertThat(facts.contactKinds().get(customer)).contains("EMAIL", "PHONE", "WEB_VISITOR");
        assertThat(facts.lostKinds()).isEmpty();
        assertThat(facts.lastInbound().get(customer)).containsOnlyKeys("web", "sms");
        assertThat(facts.lastInbound().get(customer).get("sms")).isEqualTo(Db.row(pool, "SELECT max(m.created_at)"
                + " FROM message m JOIN request r ON r.id = m.request_id WHERE r.customer_id = $1"
                + " AND m.channel = 'sms' AND m.direction = 'INBOUND'", customer).getOffsetDateTime(0).toInstant());
        assertThat(facts.recentOutbound()).as("not read for a purpose the cap does not hold back").isNull();
    }

    @Test
    void aPolicyIsReadWithItsVersionInOneStatement() {
        UUID customer = UUID.fromString(Inbound.smsCustomer().customerId());
        Replies.preferences(customer.toString(), Map.of("preferredChannels", List.of("email", "sms"),
                "onlyPreferred", true, "quietHours", Map.of("start", "22:00", "end", "07:30",
                        "timeZone", "Europe/Moscow"),
                "language", "ru")).then().statusCode(200);
        Replies.consent(customer.toString(), "sms", "MARKETING", "GRANT").then().statusCode(201);
        UUID nobody = UUID.randomUUID();

        Map<UUID, CustomerPolicy> loaded = fewestStatements(POLICY_READS,
                () -> policies.loadAll(List.of(customer, nobody)));

        CustomerPolicy policy = loaded.get(customer);
        assertThat(policy.version()).as("the stored version").isEqualTo(Db.count(pool,
                "SELECT policy_version FROM customer WHERE id = $1", customer)).isPositive();
        assertThat(policy.preferredChannels()).containsExactly("email", "sms");
        assertThat(policy.onlyPreferred()).isTrue();
        assertThat(policy.quietHours()).isEqualTo(new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 30),
                ZoneId.of("Europe/Moscow")));
        assertThat(policy.language()).isEqualTo("ru");
        assertThat(policy.consent("sms", Purpose.MARKETING)).contains(true);
        assertThat(policy.consent().values().stream().mapToLong(Map::size).sum()).as("every current consent")
                .isEqualTo(Db.count(pool, "SELECT count(*) FROM consent WHERE customer_id = $1", customer))
                .isGreaterThan(1);
        assertThat(loaded.get(nobody)).as("no such profile").isEqualTo(CustomerPolicy.none());
    }

    @Test
    void aProfileWithoutPreferencesOrConsentsHasAnEmptyPolicyAtItsVersion() throws Throwable {
        UUID customer = UUID.fromString(Inbound.smsCustomer().customerId());
        assertThat(Db.count(pool, "WITH d AS (DELETE FROM consent WHERE customer_id = $1 RETURNING 1)"
                + " SELECT count(*) FROM d", customer)).as("the consent its first message implied").isPositive();

        CustomerPolicy policy = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                () -> policies.loadAll(List.of(customer)))).get(customer);

        assertThat(policy.version()).isEqualTo(Db.count(pool, "SELECT policy_version FROM customer WHERE id = $1",
                customer));
        assertThat(policy.consent()).isEmpty();
        assertThat(policy.preferredChannels()).isEmpty();
        assertThat(policy.quietHours()).isNull();
        assertThat(policy.everAsked(Purpose.SERVICE)).isFalse();
    }

    @Test
    void aRepliesRoutingReadsAPolicyTheCacheDoesNotHoldWithItsFacts() throws InterruptedException {
        var intook = Inbound.submit(Inbound.webMessage()).then().statusCode(201).extract();
        String customer = intook.path("customerId");
        String request = intook.path("requestId");
        cached(request, UUID.fromString(customer)); // the cache works: what it forgets below, it could have held

        // the fewest of three attempts, as fewestStatements: the relay's check of a reply an earlier test left counts
        long fewestMissed = Long.MAX_VALUE;
        long fewestPolicyReadsWhenHeld = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 3 && (fewestMissed > 1 || fewestPolicyReadsWhenHeld > 0); attempt++) {
            // a change of the policy: the cache forgets it, so the next routing reads it as stored
            Replies.consent(customer, "sms", "MARKETING", attempt % 2 == 0 ? "GRANT" : "WITHDRAW").then()
                    .statusCode(201);
            long stored = Db.count(pool, "SELECT policy_version FROM customer WHERE id = $1",
                    UUID.fromString(customer));

            long before = Db.calls(pool, FACT_READS + " OR " + POLICY_READS);
            Replies.preview(request).then().statusCode(200).body("policyVersion", equalTo((int) stored))
                    .body("outcome", equalTo("ROUTED")).body("channel", equalTo("web"));
            fewestMissed = Math.min(fewestMissed, Db.calls(pool, FACT_READS + " OR " + POLICY_READS) - before);

            // the policy read with the facts is cached: the next routing reads the facts alone
            before = Db.calls(pool, POLICY_READS);
            Replies.preview(request).then().statusCode(200).body("policyVersion", equalTo((int) stored));
            fewestPolicyReadsWhenHeld = Math.min(fewestPolicyReadsWhenHeld, Db.calls(pool, POLICY_READS) - before);
        }
        assertThat(fewestMissed).as("statements of a routing whose policy the cache did not hold").isEqualTo(1);
        assertThat(fewestPolicyReadsWhenHeld).as("policy reads of a routing after it").isZero();
    }

    @Test
    void aPurposeNeverAskedIsRefusedOnACachedPolicyBeforeAnyRead() throws InterruptedException {
        var intook = Inbound.submit(Inbound.webMessage()).then().statusCode(201).extract();
        String request = intook.path("requestId");
        cached(request, UUID.fromString(intook.path("customerId"))); // and never asked for MARKETING

        long fewest = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 3 && fewest > 0; attempt++) {
            long before = Db.calls(pool, FACT_READS + " OR " + POLICY_READS);
            given().contentType(ContentType.JSON).body(Map.of("purpose", "MARKETING"))
                    .post("/api/v1/requests/" + request + "/replies/preview")
                    .then().statusCode(422).body("type", containsString("no-consent-for-purpose"));
            fewest = Math.min(fewest, Db.calls(pool, FACT_READS + " OR " + POLICY_READS) - before);
        }
        assertThat(fewest).as("routing's reads for a purpose the cached policy was never asked about").isZero();
    }

    @Test
    void theCheckBeforeASendReadsThePoliciesVersionsWithTheFacts() throws Throwable {
        String phone = Samples.phone();
        ObjectNode web = Inbound.webMessage();
        ((ObjectNode) web.get("customer")).put("phone", phone);
        var intook = Inbound.submit(web).then().statusCode(201).extract();
        UUID customer = UUID.fromString(intook.path("customerId"));
        Replies.consent(customer.toString(), "sms", "MARKETING", "GRANT").then().statusCode(201);
        // cached at its version, as a reply's routing leaves it for the relay's check
        cached(intook.path("requestId"), customer);

        // one statement for the facts and the version (the old code read the version with a statement of its own)
        RoutingInputs.Facts facts = fewestStatements(FACT_READS + " OR " + POLICY_READS,
                () -> inputs.checked(List.of(customer), false));

        assertThat(facts.contactKinds().get(customer)).contains("EMAIL", "PHONE", "WEB_VISITOR");
        assertThat(facts.lastInbound().get(customer)).containsOnlyKeys("web");
        CustomerPolicy policy = facts.policies().get(customer);
        assertThat(policy.version()).as("the stored version").isEqualTo(Db.count(pool,
                "SELECT policy_version FROM customer WHERE id = $1", customer)).isPositive();
        assertThat(policy.consent("sms", Purpose.MARKETING)).contains(true);

        // a change the cache has not seen: the stored version moved on, so the policy is loaded as it stands now
        Db.count(pool, "WITH c AS (UPDATE consent SET granted = false WHERE customer_id = $1 AND channel = 'sms'"
                + " AND purpose = 'MARKETING' RETURNING 1), v AS (UPDATE customer SET policy_version = policy_version"
                + " + 1 WHERE id = $1 RETURNING 1) SELECT count(*) FROM c, v", customer);
        CustomerPolicy now = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                () -> inputs.checked(List.of(customer), false))).policies().get(customer);
        assertThat(now.version()).isEqualTo(policy.version() + 1);
        assertThat(now.consent("sms", Purpose.MARKETING)).contains(false);
    }

    /**
     * Routes a reply to the request (a preview) until the customer's policy is cached: a replica caches none until it
     * has read the cache's epoch from Redis, which a start may leave to the next refresh (every few seconds).
     */
    private void cached(String request, UUID customer) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        do {
            Replies.preview(request).then().statusCode(200);
            try {
                if (VertxContextSupport.subscribeAndAwait(() -> policies.lookup(customer)).cached() != null) {
                    return;
                }
            } catch (Throwable e) {
                throw new AssertionError(e);
            }
            Thread.sleep(200);
        } while (System.nanoTime() < until);
        throw new AssertionError("the policy of " + customer + " was never cached");
    }

    /**
     * What {@code read} answers, on a session of its own, after checking that it ran one of the statements whose text
     * matches {@code counted}. The count is the server's, so the relay's check of a reply an earlier test left can add
     * to one attempt; the fewest of three attempts is the read's own.
     */
    private <T> T fewestStatements(String counted, Supplier<Uni<T>> read) {
        long fewest = Long.MAX_VALUE;
        T answer = null;
        for (int attempt = 0; attempt < 3 && fewest > 1; attempt++) {
            long before = Db.calls(pool, counted);
            try {
                answer = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(read));
            } catch (Throwable e) {
                throw new AssertionError(e);
            }
            fewest = Math.min(fewest, Db.calls(pool, counted) - before);
        }
        assertThat(fewest).as("statements the read ran").isEqualTo(1);
        return answer;
    }
}
