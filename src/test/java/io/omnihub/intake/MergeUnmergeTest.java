package io.omnihub.intake;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.support.Inbound;
import io.omnihub.support.KafkaTopic;
import io.omnihub.support.Samples;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class MergeUnmergeTest {

    @Test
    void mergeJoinsTwoProfilesAndUnmergeRestoresThem() {
        String email = Samples.email();
        String phone = Samples.phone();
        ObjectNode byEmail = Inbound.webMessage();
        ((ObjectNode) byEmail.get("customer")).put("email", email).remove("webVisitorId");
        String a = Inbound.submit(byEmail).then().statusCode(201).extract().path("customerId");
        ObjectNode byPhone = Samples.json("app", "message.json");
        byPhone.put("externalId", "app-" + Samples.unique()).put("thread", "app-" + Samples.unique());
        ((ObjectNode) byPhone.get("customer")).put("phone", phone).put("appUserId", "app-" + Samples.unique());
        String b = Inbound.submit(byPhone).then().statusCode(201).extract().path("customerId");
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
