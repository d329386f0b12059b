package io.omnihub.identity;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.support.Auth;
import io.omnihub.support.Inbound;
import io.omnihub.support.Samples;
import io.omnihub.support.Webhooks;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** Customers of the identity tests, arriving through the real webhooks and adapter API, and what they hold. */
final class Fixtures {

    private static final Pattern CODE = Pattern.compile("\\b([0-9]{6})\\b");

    private Fixtures() {
    }

    /** An SMS through the signed gateway webhook: the carrier vouches for {@code from}. */
    static Response sms(String from, String body) {
        Map<String, String> form = Inbound.smsInbound();
        form.put("From", from);
        form.put("Body", body);
        return Webhooks.sms("/webhooks/sms", form);
    }

    /** A customer who texted from {@code phone}; answers her profile id. */
    static String smsCustomer(String phone, String text) {
        Response r = sms(phone, text);
        if (r.statusCode() != 200) {
            throw new AssertionError("the SMS webhook answered " + r.statusCode() + ": " + r.asString());
        }
        return given().queryParam("phone", phone).get("/api/v1/customers").then().statusCode(200).extract().path("id");
    }

    /** A chatbot message of one bot user in one conversation, signed by the bot platform. */
    static ObjectNode chat(String userId, String conversationId, String phone, String text) {
        ObjectNode m = Inbound.chatbotMessage().put("text", text).put("conversationId", conversationId);
        ObjectNode user = (ObjectNode) m.get("user");
        user.put("id", userId).remove("name");
        if (phone == null) {
            user.remove("phone");
        } else {
            user.put("phone", phone);
        }
        return m;
    }

    static Response sendChat(ObjectNode message) {
        return Webhooks.chatbot(message.toString());
    }

    /** A web adapter that authenticated nobody: every identifier it sends is only claimed. */
    static String claimingWebKey() {
        return Auth.issue("web-claims-" + Samples.unique(), "web", null, null, List.of());
    }

    static JsonPath customer(String id) {
        return given().get("/api/v1/customers/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** The contact of this kind (wire name) and value on the profile, as the supervisor's API shows it, or null. */
    static Map<String, Object> contact(String customerId, String kind, String value) {
        List<Map<String, Object>> all = customer(customerId).getList("contactPoints");
        return all.stream().filter(c -> kind.equals(c.get("kind")) && (value == null || value.equals(c.get("value"))))
                .findFirst().orElse(null);
    }

    /** "TRUST/PROOF/STATE" of a contact, e.g. VOUCHED/CARRIER/ACTIVE or CLAIMED/null/ACTIVE; "absent" for none. */
    static String trust(Map<String, Object> contact) {
        return contact == null ? "absent"
                : contact.get("trust") + "/" + contact.get("proof") + "/" + contact.get("state");
    }

    static String trust(String customerId, String kind, String value) {
        return trust(contact(customerId, kind, value));
    }

    static String contactId(String customerId, String kind, String value) {
        Map<String, Object> c = contact(customerId, kind, value);
        if (c == null) {
            throw new AssertionError("no " + kind + " contact on " + customerId + ": " + customer(customerId).prettify());
        }
        return (String) c.get("id");
    }

    static String firstRequest(String customerId, String channel) {
        return given().queryParam("customerId", customerId).queryParam("channel", channel).get("/api/v1/requests")
                .then().statusCode(200).extract().path("items[0].id");
    }

    static List<String> texts(String requestId) {
        return given().get("/api/v1/requests/" + requestId).then().statusCode(200).extract().jsonPath()
                .getList("messages.text", String.class);
    }

    /** An operator (or the default supervisor) sends a code to a contact of the customer. */
    static Response startVerification(String customerId, String contactId, String requestId) {
        return given().contentType(ContentType.JSON).body(Map.of("requestId", requestId))
                .post("/api/v1/customers/" + customerId + "/contacts/" + contactId + "/verifications");
    }

    static Response submitCode(String adapterKey, String verificationId, String code) {
        return given().contentType(ContentType.JSON).header("X-Omnihub-Key", adapterKey).body(Map.of("code", code))
                .post("/api/v1/verifications/" + verificationId + "/code");
    }

    /** The six-digit code in a verification message's text. */
    static String code(String text) {
        Matcher m = CODE.matcher(text);
        if (!m.find()) {
            throw new AssertionError("no six-digit code in: " + text);
        }
        return m.group(1);
    }

    /** A six-digit code that is not {@code code}. */
    static String wrong(String code, int n) {
        return String.format("%06d", (Integer.parseInt(code) + 1 + n) % 1_000_000);
    }
}
