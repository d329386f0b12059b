package io.omnihub.support;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** The customer's side of a verification: finding the contact, and reading the code from what was sent to it. */
public final class Codes {

    private static final Pattern CODE = Pattern.compile("\\b([0-9]{6})\\b");

    private Codes() {
    }

    /**
     * Proves a phone a bot user typed in a chat: an operator has a code sent to it by SMS, and the user types the
     * code into the same conversation ({@code sendAsBot} posts a chatbot event as the conversation's bot). The bot
     * user's profile then holds the phone verified, joined to whichever profile held it proven.
     */
    public static void verifyTypedPhone(ObjectNode chat, String requestId, String phone,
            Function<String, Response> sendAsBot) {
        String bot = given().get("/api/v1/requests/" + requestId).then().statusCode(200).extract().path("customerId");
        String contact = contactId(bot, "phone");
        String code;
        try (KafkaTopic out = new KafkaTopic("omnihub.replies.sms")) {
            given().contentType("application/json").body(Map.of("requestId", requestId))
                    .post("/api/v1/customers/" + bot + "/contacts/" + contact + "/verifications").then()
                    .statusCode(201);
            code = code(out, phone);
        }
        ObjectNode typed = Samples.json("chatbot", "message.json").put("eventId", "evt-" + Samples.unique())
                .put("text", code).put("sentAt", java.time.Instant.now().toString());
        typed.set("conversationId", chat.get("conversationId"));
        typed.set("user", chat.get("user"));
        sendAsBot.apply(typed.toString()).then().statusCode(200);
    }

    /** The id of the customer's contact of that kind. */
    public static String contactId(String customer, String kind) {
        return given().get("/api/v1/customers/" + customer).then().statusCode(200).extract()
                .path("contactPoints.find { it.kind == '" + kind + "' }.id");
    }

    /** The one-time code a verification message to {@code to} carries, read from the channel's topic. */
    public static String code(KafkaTopic topic, String to) {
        KafkaTopic.Record sent = topic.await(r -> r.value().contains("VERIFICATION") && r.value().contains(to), 1,
                Duration.ofSeconds(20)).get(0);
        Matcher m = CODE.matcher(JsonPath.from(sent.value()).getString("text"));
        assertThat(m.find()).as("a six-digit code in the message").isTrue();
        return m.group(1);
    }
}
