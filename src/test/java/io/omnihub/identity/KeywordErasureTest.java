package io.omnihub.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.support.Db;
import io.omnihub.support.Inbound;
import io.omnihub.support.Samples;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * SMS ERASE acts only on what the carrier-vouched sender proved is theirs: a merge made before trust levels (LEGACY,
 * perhaps on identifiers nobody proved) is undone first, and the profile it had joined survives the erasure.
 */
@QuarkusTest
class KeywordErasureTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Pool pool;

    /** A profile created through the web with an e-mail; answers its id and request. */
    record WebProfile(String id, String requestId, String email, String text) {
    }

    static WebProfile webProfile() {
        String email = Samples.email();
        String text = "My private question about my contract " + Samples.unique();
        ObjectNode web = Inbound.webMessage().put("text", text);
        ((ObjectNode) web.get("customer")).put("email", email).remove("webVisitorId");
        var created = Inbound.submit(web).then().statusCode(201).extract();
        return new WebProfile(created.path("customerId"), created.path("requestId"), email, text);
    }

    /** A supervisor's merge, then marked as made before trust levels. */
    String legacyMerge(String survivor, String merged) {
        Response merge = given().contentType(ContentType.JSON).body(Map.of("mergedId", merged))
                .post("/api/v1/customers/" + survivor + "/merges");
        assertThat(merge.statusCode()).as("precondition: the merge: %s", merge.asString()).isEqualTo(201);
        String mergeId = merge.path("id");
        pool.preparedQuery("UPDATE merge_log SET basis = 'LEGACY' WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(mergeId))).await().indefinitely();
        assertThat(given().get("/api/v1/customers/" + survivor + "/merges").then().statusCode(200).extract()
                .jsonPath().getString("find { it.id == '" + mergeId + "' }.basis")).as("precondition: a LEGACY merge")
                .isEqualTo("LEGACY");
        assertThat(Fixtures.customer(merged).getString("status")).as("precondition: merged").isEqualTo("MERGED");
        return mergeId;
    }

    @Test
    void anEraseUndoesALegacyMergeAndErasesOnlyTheSendersOwnProfile() {
        String phone = Samples.phone();
        String smsText = "My own SMS " + Samples.unique();
        String sender = Fixtures.smsCustomer(phone, smsText);
        WebProfile other = webProfile();
        String mergeId = legacyMerge(sender, other.id());
        assertThat(Fixtures.texts(other.requestId())).as("precondition: the other profile's message is readable")
                .contains(other.text());

        assertThat(Fixtures.sms(phone, "ERASE").statusCode()).as("precondition: the ERASE SMS is accepted")
                .isEqualTo(200);
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(status(sender))
                .as("the sender's profile is erased").isEqualTo("ERASED"));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(Db.count(pool,
                "SELECT count(*) FROM erasure_ask WHERE customer_id = $1", UUID.fromString(sender)))
                .as("the ask, carried out after its commit, is gone").isZero());

        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(status(other.id())).as("the profile the legacy merge had joined is active again")
                    .isEqualTo("ACTIVE");
            Response profile = given().get("/api/v1/customers/" + other.id());
            soft.assertThat(profile.statusCode()).as("its profile is readable: %s", profile.asString())
                    .isEqualTo(200);
            soft.assertThat(profile.statusCode() == 200 ? profile.jsonPath().getList("contactPoints.value")
                    : java.util.List.of()).as("with its e-mail").contains(other.email());
            Response request = given().get("/api/v1/requests/" + other.requestId());
            soft.assertThat(request.statusCode()).as("its request is readable: %s", request.asString())
                    .isEqualTo(200);
            soft.assertThat(request.statusCode() == 200 ? request.jsonPath().getList("messages.text")
                    : java.util.List.of()).as("with its message").contains(other.text());
            soft.assertThat(request.statusCode() == 200 ? request.jsonPath().getString("customerId") : null)
                    .as("on its own profile again").isEqualTo(other.id());
            soft.assertThat(given().get("/api/v1/customers/" + sender).statusCode())
                    .as("the sender's profile is gone (410)").isEqualTo(410);
            soft.assertThat(Db.count(pool, "SELECT count(*) FROM merge_log WHERE id = $1 AND unmerged_at IS NOT NULL",
                    UUID.fromString(mergeId))).as("the legacy merge is recorded as undone").isEqualTo(1);
        });
    }

    @Test
    void anEraseFromAPhoneThatCameInThroughALegacyMergeNeverErasesTheOlderProfileItJoined() {
        // the exploit as a merge made before trust levels left it: the victim's older web profile survived
        // a merge with the attacker's SMS profile
        WebProfile victim = webProfile();
        String phone = Samples.phone();
        String attacker = Fixtures.smsCustomer(phone, "Hello " + Samples.unique());
        assertThat(attacker).as("precondition: two profiles").isNotEqualTo(victim.id());
        legacyMerge(victim.id(), attacker);
        assertThat(given().queryParam("phone", phone).get("/api/v1/customers").then().statusCode(200).extract()
                .<String> path("id")).as("precondition: the attacker's phone now sits on the victim's profile")
                .isEqualTo(victim.id());

        assertThat(Fixtures.sms(phone, "ERASE").statusCode()).as("precondition: the attacker's ERASE is accepted")
                .isEqualTo(200);
        Awaitility.await().atMost(WAIT).until(() -> "ERASED".equals(status(attacker))
                || "ERASED".equals(status(victim.id())));

        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(status(victim.id())).as("the victim's profile must stay ACTIVE").isEqualTo("ACTIVE");
            Response request = given().get("/api/v1/requests/" + victim.requestId());
            soft.assertThat(request.statusCode()).as("the victim's request must stay readable: %s",
                    request.asString()).isEqualTo(200);
            soft.assertThat(request.statusCode() == 200 ? request.jsonPath().getList("messages.text")
                    : java.util.List.of()).as("the victim's message must survive").contains(victim.text());
            soft.assertThat(status(attacker)).as("the sender's own profile (the one the carrier vouches the phone"
                    + " for) is the one erased").isEqualTo("ERASED");
        });
    }

    private String status(String customerId) {
        return pool.preparedQuery("SELECT status FROM customer WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(customerId))).await().indefinitely().iterator().next().getString(0);
    }
}
