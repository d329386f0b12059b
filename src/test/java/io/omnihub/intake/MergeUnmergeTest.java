package io.omnihub.intake;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.customer.MergeService;
import io.omnihub.platform.ProblemException;
import io.omnihub.support.Auth;
import io.omnihub.support.Db;
import io.omnihub.support.Inbound;
import io.omnihub.support.KafkaTopic;
import io.omnihub.support.Samples;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;

@QuarkusTest
class MergeUnmergeTest {

    @Inject
    MergeService merges;
    @Inject
    Pool pool;

    @Test
    void mergeJoinsTwoProfilesAndUnmergeRestoresThem() {
        String email = Samples.email();
        String phone = Samples.phone();
        String a = byEmail(email);
        String b = byAppPhone(phone);
        assertThat(a).isNotEqualTo(b);

        try (KafkaTopic events = new KafkaTopic("omnihub.events")) {
            // one message naming both the e-mail and the phone: the two profiles are one person
            ObjectNode both = Inbound.webMessage();
            ((ObjectNode) both.get("customer")).put("email", email).put("phone", phone).put("name", "Someone");
            Inbound.submit(both).then().statusCode(201).body("customerId", equalTo(a));

            given().get("/api/v1/customers/" + a + "/timeline").then().body("requests", hasSize(3));
            given().get("/api/v1/customers/" + b).then().body("status", equalTo("MERGED")).body("mergedInto", equalTo(a));
            List<?> merges = given().get("/api/v1/customers/" + a + "/merges").then().statusCode(200)
                    .body("", hasSize(1))
                    .body("[0].mergedId", equalTo(b))
                    .body("[0].reason", equalTo("identifiers seen together on web"))
                    .extract().path("");
            assertThat(merges).hasSize(1);
            events.await(r -> "customer.merged".equals(r.type()) && r.value().contains(b), 1, Duration.ofSeconds(20));
        }

        String mergeId = given().get("/api/v1/customers/" + a + "/merges").then().extract().path("[0].id");
        given().post("/api/v1/customers/" + a + "/merges/" + mergeId + "/unmerge").then().statusCode(200)
                .body("unmergedBy", equalTo("user:test-supervisor"));

        given().get("/api/v1/customers/" + b).then().body("status", equalTo("ACTIVE"))
                .body("contactPoints.kind", containsInAnyOrder("phone", "app_user"));
        given().get("/api/v1/customers/" + b + "/timeline").then().body("requests", hasSize(1))
                .body("requests[0].originChannel", equalTo("app"));
        given().queryParam("phone", phone).get("/api/v1/customers").then().body("id", equalTo(b));
        given().get("/api/v1/customers/" + a + "/timeline").then().body("requests", hasSize(2));

        given().post("/api/v1/customers/" + a + "/merges/" + mergeId + "/unmerge").then().statusCode(409)
                .contentType("application/problem+json");
    }

    @Test
    void aMergeWhoseProfilesWereErasedSinceIsNotUndone() {
        Merged m = merged();
        given().header("Authorization", Auth.bearer("dpo-test", List.of("privacy-officer"), List.of()))
                .contentType("application/json").body(Map.of("legalBasis", "GDPR Art. 17"))
                .post("/api/v1/customers/" + m.survivor() + "/privacy/erasure").then().statusCode(201);
        assertThat(Db.count(pool, "SELECT count(*) FROM customer WHERE id = $1 AND status = 'ERASED'", m.other()))
                .as("the merged profile is erased with its golden record").isEqualTo(1);

        // the API no longer shows the erased golden record; a supervisor's undo that raced the erasure reaches this
        assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(
                () -> merges.unmerge(m.survivor(), m.mergeId(), "user:test-supervisor")))
                .isInstanceOf(ProblemException.class).hasMessageContaining("cannot be undone");

        assertThat(Db.count(pool, "SELECT count(*) FROM customer WHERE id = $1 AND status = 'ERASED'", m.other()))
                .as("the merged profile stays erased").isEqualTo(1);
    }

    @Test
    void anUndoWaitsForAnErasureOfTheGoldenRecordUnderWayAndIsRefused() throws Exception {
        Merged m = merged();
        try (Connection erasure = Db.jdbc()) {
            // an erasure under way: it locked the golden record first, and erases the merged profile with it
            erasure.setAutoCommit(false);
            try (PreparedStatement lock = erasure.prepareStatement("SELECT 1 FROM customer WHERE id = ? FOR UPDATE")) {
                lock.setObject(1, m.survivor());
                lock.execute();
            }
            CompletableFuture<Throwable> undo = CompletableFuture.supplyAsync(() -> {
                try {
                    VertxContextSupport.subscribeAndAwait(
                            () -> merges.unmerge(m.survivor(), m.mergeId(), "user:test-supervisor"));
                    return null;
                } catch (Throwable e) {
                    return e;
                }
            });
            assertThat(Db.lockWaits(pool, "%FROM customer WHERE id = $1 FOR UPDATE%", undo))
                    .as("the undo waits for the erasure's lock on the golden record").isPositive();
            try (PreparedStatement erase = erasure.prepareStatement(
                    "UPDATE customer SET status = 'ERASED' WHERE id = ?")) {
                erase.setObject(1, m.other());
                erase.executeUpdate();
            }
            erasure.commit();

            assertThat(undo.get(10, TimeUnit.SECONDS)).as("the undo, once the erasure committed")
                    .isInstanceOf(ProblemException.class).hasMessageContaining("cannot be undone");
        }
        assertThat(Db.count(pool, "SELECT count(*) FROM customer WHERE id = $1 AND status = 'ERASED'", m.other()))
                .as("the merged profile stays erased").isEqualTo(1);
    }

    /** Two profiles one message joined: the golden record, the merged profile and the merge. */
    private record Merged(UUID survivor, UUID other, UUID mergeId) {
    }

    private static Merged merged() {
        String email = Samples.email();
        String phone = Samples.phone();
        String golden = byEmail(email);
        String merged = byAppPhone(phone);
        ObjectNode both = Inbound.webMessage();
        ((ObjectNode) both.get("customer")).put("email", email).put("phone", phone);
        String survivor = Inbound.submit(both).then().statusCode(201).extract().path("customerId");
        String other = survivor.equals(golden) ? merged : golden;
        given().get("/api/v1/customers/" + other).then().body("status", equalTo("MERGED"));
        String mergeId = given().get("/api/v1/customers/" + survivor + "/merges").then().body("", hasSize(1))
                .extract().path("[0].id");
        return new Merged(UUID.fromString(survivor), UUID.fromString(other), UUID.fromString(mergeId));
    }

    /** A web customer known by this e-mail only: the profile's id. */
    private static String byEmail(String email) {
        ObjectNode message = Inbound.webMessage();
        ((ObjectNode) message.get("customer")).put("email", email).remove("webVisitorId");
        return Inbound.submit(message).then().statusCode(201).extract().path("customerId");
    }

    /** An app customer known by this phone and an app user id: the profile's id. */
    private static String byAppPhone(String phone) {
        ObjectNode message = Samples.json("app", "message.json");
        message.put("externalId", "app-" + Samples.unique()).put("thread", "app-" + Samples.unique());
        ((ObjectNode) message.get("customer")).put("phone", phone).put("appUserId", "app-" + Samples.unique());
        return Inbound.submit(message).then().statusCode(201).extract().path("customerId");
    }

    @Test
    void equalNamesNeverMergeAnything() {
        ObjectNode one = Inbound.webMessage();
        ObjectNode two = Inbound.webMessage();
        ((ObjectNode) one.get("customer")).put("name", "Ivan Ivanov");
        ((ObjectNode) two.get("customer")).put("name", "Ivan Ivanov");
        String a = Inbound.submit(one).then().statusCode(201).extract().path("customerId");
        String b = Inbound.submit(two).then().statusCode(201).extract().path("customerId");
        assertThat(a).isNotEqualTo(b);
    }
}
