package io.omnihub.support;

import static io.restassured.RestAssured.given;

import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Customers writing in: the channels' sample payloads, made unique. */
public final class Inbound {

    private Inbound() {
    }

    public static ObjectNode webMessage() {
        ObjectNode m = Samples.json("web", "message.json");
        m.put("externalId", "web-" + Samples.unique());
        m.put("thread", "session-" + Samples.unique());
        ((ObjectNode) m.get("customer")).put("email", Samples.email());
        ((ObjectNode) m.get("customer")).put("webVisitorId", "visitor-" + Samples.unique());
        return m;
    }

    /** Posts as the test adapter of the message's channel. */
    public static Response submit(Object body) {
        String channel = body instanceof ObjectNode node && node.hasNonNull("channel") ? node.get("channel").asText()
                : "web";
        return submitAs(Auth.adapterKey(channel), body);
    }

    public static Response submitAs(String adapterKey, Object body) {
        return given().contentType(ContentType.JSON).header("X-Omnihub-Key", adapterKey).body(body.toString())
                .post("/api/v1/inbound/messages");
    }

    public static ObjectNode chatbotMessage() {
        ObjectNode m = Samples.json("chatbot", "message.json");
        m.put("eventId", "evt-" + Samples.unique());
        m.put("conversationId", "conv-" + Samples.unique());
        ((ObjectNode) m.get("user")).put("id", "tg-" + Samples.unique()).put("phone", Samples.phone());
        return m;
    }

    /** A new SMS customer's first message: the phone, the profile and the request it made. */
    public record SmsCustomer(String phone, String customerId, String requestId) {
    }

    public static SmsCustomer smsCustomer() {
        Map<String, String> sms = smsInbound();
        Webhooks.sms("/webhooks/sms", sms).then().statusCode(200);
        String customerId = io.restassured.RestAssured.given().queryParam("phone", sms.get("From"))
                .get("/api/v1/customers").then().extract().path("id");
        String requestId = io.restassured.RestAssured.given().queryParam("customerId", customerId)
                .get("/api/v1/requests").then().extract().path("items[0].id");
        return new SmsCustomer(sms.get("From"), customerId, requestId);
    }

    /** The customer texts again from {@code phone}. */
    public static void text(String phone, String body) {
        Map<String, String> sms = smsInbound();
        sms.put("From", phone);
        sms.put("Body", body);
        Webhooks.sms("/webhooks/sms", sms).then().statusCode(200);
    }

    public static Map<String, String> smsInbound() {
        Map<String, String> form = Webhooks.form(Samples.text("sms", "inbound.form"));
        form.put("MessageSid", "SM" + Samples.unique());
        form.put("From", Samples.phone());
        return form;
    }
}
