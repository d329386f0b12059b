package io.omnihub.support;

import static io.restassured.RestAssured.given;

import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Operator actions on the API. */
public final class Replies {

    private Replies() {
    }

    public static Response reply(String requestId, String text) {
        return given().contentType(ContentType.JSON).body(Map.of("text", text))
                .post("/api/v1/requests/" + requestId + "/replies");
    }

    public static Response preview(String requestId) {
        return given().contentType(ContentType.JSON).body(Map.of()).post("/api/v1/requests/" + requestId
                + "/replies/preview");
    }

    public static Response preferences(String customerId, Object body) {
        return given().contentType(ContentType.JSON).body(body).put("/api/v1/customers/" + customerId + "/preferences");
    }

    public static Response consent(String customerId, String channel, String purpose, String action) {
        return given().contentType(ContentType.JSON).body(Map.of(
                "channel", channel, "purpose", purpose, "action", action, "textVersion", "2026-01",
                "capturedChannel", "web", "evidence", Map.of("form", "privacy-settings")))
                .post("/api/v1/customers/" + customerId + "/consents");
    }

    public static Response receipt(String messageId, String channel, String status) {
        return given().contentType(ContentType.JSON).header("X-Omnihub-Key", Auth.adapterKey(channel))
                .body(Map.of("messageId", messageId, "channel", channel, "status", status)).post("/api/v1/receipts");
    }
}
