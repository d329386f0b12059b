package io.omnihub.analytics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.omnihub.support.Auth;
import io.omnihub.support.Inbound;
import io.omnihub.support.Replies;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The depersonalised counts move with what was stored: a new customer's web request, its message and a reply. */
@QuarkusTest
class AnalyticsCountsTest {

    @Test
    void aNewCustomersRequestMessageAndReplyAreCounted() {
        JsonPath before = counts();
        var created = Inbound.submit(Inbound.webMessage()).then().statusCode(201).extract();
        Replies.reply(created.path("requestId"), "We are on it").then().statusCode(201);
        JsonPath after = counts();

        assertThat(count(after, "requestsByChannel", "web")).isEqualTo(count(before, "requestsByChannel", "web") + 1);
        assertThat(count(after, "messagesByChannel", "web:inbound"))
                .isEqualTo(count(before, "messagesByChannel", "web:inbound") + 1);
        assertThat(outbound(after)).as("replies, by the channel they went on or 'held'").isEqualTo(outbound(before) + 1);
        assertThat(count(after, "customersByStatus", "ACTIVE"))
                .isEqualTo(count(before, "customersByStatus", "ACTIVE") + 1);
    }

    private static JsonPath counts() {
        return given().header("Authorization", Auth.bearer("analyst", List.of("supervisor"), List.of()))
                .get("/api/v1/analytics/counts").then().statusCode(200).extract().jsonPath();
    }

    private static long count(JsonPath counts, String group, String key) {
        Map<String, Object> byKey = counts.getMap(group);
        Object n = byKey == null ? null : byKey.get(key);
        return n == null ? 0 : ((Number) n).longValue();
    }

    private static long outbound(JsonPath counts) {
        Map<String, Object> byKey = counts.getMap("messagesByChannel");
        return byKey.entrySet().stream().filter(e -> e.getKey().endsWith(":outbound"))
                .mapToLong(e -> ((Number) e.getValue()).longValue()).sum();
    }
}
