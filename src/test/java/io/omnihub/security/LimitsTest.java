package io.omnihub.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.omnihub.support.Auth;
import io.omnihub.support.Inbound;
import io.omnihub.support.Samples;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class LimitsTest {

    @Test
    void rateLimitTripsWith429AndRetryAfterThenRecovers() {
        String key = Auth.issue("limited-" + Samples.unique(), "web", null, 3);
        List<Response> burst = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            burst.add(Inbound.submitAs(key, Inbound.webMessage()));
        }
        List<Response> limited = burst.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(limited).isNotEmpty();
        assertThat(limited.get(0).header("Retry-After")).isEqualTo("1");
        assertThat(limited.get(0).contentType()).startsWith("application/problem+json");
        assertThat(burst).allSatisfy(r -> assertThat(r.statusCode()).isIn(201, 429));

        Awaitility.await().pollDelay(Duration.ofMillis(1100)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> Inbound.submitAs(key, Inbound.webMessage()).then().statusCode(201));
    }

    @Test
    void credentialsRotateWithTwoValidAtATimeAndRevokedOnesStopWorking() {
        String adapter = "rotating-" + Samples.unique();
        String first = Auth.issue(adapter, "app", null, null);
        String second = Auth.issue(adapter, "app", null, null);
        given().contentType("application/json").header("Authorization", Auth.admin())
                .body(Map.of("channel", "app")).post("/api/v1/admin/adapters/" + adapter + "/credentials")
                .then().statusCode(409);
        given().contentType("application/json").header("Authorization", Auth.admin())
                .body(Map.of("channel", "web")).post("/api/v1/admin/adapters/" + adapter + "/credentials")
                .then().statusCode(409);

        var app = Samples.json("app", "message.json").put("externalId", "app-" + Samples.unique())
                .put("thread", "app-" + Samples.unique());
        ((com.fasterxml.jackson.databind.node.ObjectNode) app.get("customer")).put("appUserId", "u-" + Samples.unique())
                .put("phone", Samples.phone());
        Inbound.submitAs(first, app).then().statusCode(201);
        String oldest = given().header("Authorization", Auth.admin())
                .get("/api/v1/admin/adapters/" + adapter + "/credentials").then().statusCode(200)
                .body("size()", equalTo(2)).body("[0].key", equalTo(null)).extract().path("[0].id");
        given().header("Authorization", Auth.admin())
                .delete("/api/v1/admin/adapters/" + adapter + "/credentials/" + oldest).then().statusCode(204);

        Inbound.submitAs(first, app.put("externalId", "app-" + Samples.unique())).then().statusCode(401)
                .contentType("application/problem+json");
        Inbound.submitAs(second, app.put("externalId", "app-" + Samples.unique())).then().statusCode(200)
                .body("outcome", equalTo("APPENDED"));
        Auth.issue(adapter, "app", null, null);
    }

    @Test
    void anAdapterSubmitsOnlyForItsOwnChannel() {
        Inbound.submitAs(Auth.adapterKey("app"), Inbound.webMessage()).then().statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void theLocalIssuerRefusesUnknownRoles() {
        given().contentType("application/json").header("Authorization", "none")
                .body(Map.of("subject", "x", "roles", List.of("root"))).post("/api/v1/local/tokens").then()
                .statusCode(400);
    }
}
