package io.omnihub.intake;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.platform.Signatures;
import io.omnihub.support.Auth;
import io.omnihub.support.BotPlatformStub;
import io.omnihub.support.Inbound;
import io.omnihub.support.Replies;
import io.omnihub.support.Samples;
import io.omnihub.support.Webhooks;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * A bot's conversation is the bot's until it is handed off: by the bot, by the customer asking for a person, or by an
 * operator taking it. Only then is it in the operators' queue, in the bot's hand-off team (here "care", while the bot
 * belongs to "bots"), with the transcript; the bot platform is told, signed, when people take it and when they are
 * done. The bot may close a conversation it resolved itself.
 */
@QuarkusTest
@QuarkusTestResource(BotPlatformStub.class)
class BotHandoffTest {

    private static final String BOT = "handoff-bot";
    private static final String SECRET = "handoff-bot-secret";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private String care;
    private String bots;

    @BeforeEach
    void operators() {
        care = Auth.bearer("olga-care", List.of("operator"), List.of("care"));
        bots = Auth.bearer("bob-bots", List.of("operator"), List.of("bots"));
    }

    @Test
    void aBotConversationStaysOutOfTheQueueUntilTheBotHandsItOffWithItsTranscript() {
        ObjectNode first = message("Where is my order 5531?");
        String requestId = post(first).then().statusCode(200).body("status", equalTo("BOT")).extract()
                .path("requestId");
        post(message(first, "It was due yesterday")).then().statusCode(200).body("requestId", equalTo(requestId))
                .body("status", equalTo("BOT"));
        assertThat(queue(bots)).doesNotContain(requestId);
        assertThat(queue(care)).doesNotContain(requestId);
        assertThat(list(bots, "BOT")).contains(requestId); // found, for an operator who wants to step in
        as(care).get("/api/v1/requests/" + requestId).then().statusCode(404); // the bot's team's, not care's yet

        ObjectNode handoff = handoff(first);
        post(handoff).then().statusCode(200).body("requestId", equalTo(requestId)).body("status", equalTo("NEW"));

        assertThat(queue(care)).contains(requestId);
        as(bots).get("/api/v1/requests/" + requestId).then().statusCode(404);
        // the transcript is the request's: the customer's two messages once each, and the bot's turn
        as(care).get("/api/v1/requests/" + requestId).then().statusCode(200)
                .body("team", equalTo("care")).body("status", equalTo("NEW"))
                .body("messages.text", contains("Where is my order 5531?", "It was due yesterday",
                        "I cannot find it. I am passing you to a colleague."))
                .body("messages.author", contains("CUSTOMER", "CUSTOMER", "BOT"))
                .body("history.action", contains("HANDED_OFF"))
                .body("history[0].actor", equalTo("bot"))
                .body("history[0].previous", equalTo("bots")).body("history[0].current", equalTo("care"));

        JsonPath accepted = notice(requestId, "handoff.accepted");
        assertThat(accepted.getString("botId")).isEqualTo(BOT);
        assertThat(accepted.getString("conversationId")).isEqualTo(first.get("conversationId").asText());
        assertThat(accepted.getString("operator")).isNull();
    }

    @Test
    void aHandOffWithNothingNewReopensAConversationThatWaitsForTheCustomer() {
        ObjectNode first = message("The parcel arrived damaged");
        post(first).then().statusCode(200);
        String requestId = post(handoff(first)).then().statusCode(200).body("status", equalTo("NEW")).extract()
                .path("requestId");
        Replies.reply(requestId, "Please send us a photo of it").then().statusCode(201);
        as(care).get("/api/v1/requests/" + requestId).then().body("status", equalTo("WAITING_CUSTOMER"));

        // the bot hands it off again, its transcript only what is stored already: the request is open again, as the
        // answer says (on the old code the answer said so and the request stayed waiting, unwritten)
        ObjectNode again = handoff(first);
        ((ArrayNode) again.get("transcript")).remove(1);
        post(again).then().statusCode(200).body("requestId", equalTo(requestId)).body("status", equalTo("OPEN"));
        as(care).get("/api/v1/requests/" + requestId).then().statusCode(200).body("status", equalTo("OPEN"))
                .body("messages", hasSize(3)); // the customer's, the bot's and the operator's
    }

    @Test
    void aCustomerAskingForAPersonIsHandedOffAndAnotherMessageIsNot() {
        ObjectNode first = message("Is the shop open on Sunday?");
        String requestId = post(first).then().statusCode(200).body("status", equalTo("BOT")).extract()
                .path("requestId");
        post(message(first, "That operates on weekdays only?")).then().body("status", equalTo("BOT"));
        post(message(first, "Can I talk to an OPERATOR, please")).then().statusCode(200)
                .body("requestId", equalTo(requestId)).body("status", equalTo("NEW"));
        as(care).get("/api/v1/requests/" + requestId).then().statusCode(200)
                .body("history[0].action", equalTo("HANDED_OFF")).body("history[0].actor", equalTo("customer"));
        notice(requestId, "handoff.accepted");

        ObjectNode russian = message("Позовите оператора"); // not the keyword itself: stays with the bot
        post(russian).then().body("status", equalTo("BOT"));
        post(message(russian, "оператор!")).then().body("status", equalTo("NEW"));
    }

    @Test
    void anOperatorTakingABotConversationHandsItOffAndResolvingItReleasesItToTheBot() {
        ObjectNode first = message("My card was charged twice");
        String requestId = post(first).then().statusCode(200).extract().path("requestId");
        String bobOfBots = bots;
        as(bobOfBots).body(Map.of()).post("/api/v1/requests/" + requestId + "/take").then().statusCode(200)
                .body("status", equalTo("OPEN")).body("assignee", equalTo("bob-bots"));
        as(bobOfBots).get("/api/v1/requests/" + requestId).then()
                .body("history.action", contains("HANDED_OFF", "TAKEN"));
        assertThat(notice(requestId, "handoff.accepted").getString("operator")).isEqualTo("bob-bots");

        as(bobOfBots).body(Map.of("status", "RESOLVED")).put("/api/v1/requests/" + requestId + "/status").then()
                .statusCode(200);
        JsonPath released = notice(requestId, "handoff.released");
        assertThat(released.getString("conversationId")).isEqualTo(first.get("conversationId").asText());

        // the bot has the conversation again: the customer's next message is the bot's, a new request
        String next = post(message(first, "Thanks! One more question")).then().statusCode(200)
                .body("status", equalTo("BOT")).extract().path("requestId");
        assertThat(next).isNotEqualTo(requestId);
    }

    @Test
    void theBotClosesAConversationItResolvedButNotOnePeopleHave() {
        ObjectNode first = message("What are your opening hours?");
        String requestId = post(first).then().statusCode(200).extract().path("requestId");
        ObjectNode closed = closed(first);
        post(closed).then().statusCode(200).body("requestId", equalTo(requestId)).body("status", equalTo("CLOSED"))
                .body("outcome", equalTo("CLOSED_BY_BOT"));
        closed.put("eventId", "evt-" + Samples.unique());
        post(closed).then().statusCode(200).body("status", equalTo("CLOSED")); // again: nothing changes
        as(bots).get("/api/v1/requests/" + requestId).then().body("status", equalTo("CLOSED"));

        ObjectNode other = message("I need a refund");
        post(other).then().statusCode(200);
        post(handoff(other)).then().statusCode(200);
        post(closed(other)).then().statusCode(409).contentType("application/problem+json");

        ObjectNode unknown = message("never sent");
        post(closed(unknown)).then().statusCode(404).contentType("application/problem+json");
        post(message(first, "x").put("type", "finished")).then().statusCode(400);
    }

    @Test
    void noticesAreSignedWithTheBotsSecret() {
        ObjectNode first = message("Hello");
        post(first).then().statusCode(200);
        String requestId = post(handoff(first)).then().statusCode(200).extract().path("requestId");
        BotPlatformStub.Push push = pushes(requestId, "handoff.accepted").get(0);
        assertThat(push.header("X-Omnihub-Signature")).isEqualTo(Signatures.chatbot(SECRET,
                push.header("X-Omnihub-Timestamp"), push.body().getBytes(StandardCharsets.UTF_8)));
        assertThat(push.header("X-Omnihub-Notice-Id")).isEqualTo(requestId + ":handoff.accepted");
    }

    private static ObjectNode message(String text) {
        ObjectNode m = Inbound.chatbotMessage();
        m.put("text", text);
        return m;
    }

    /** The next message of the same conversation. */
    private static ObjectNode message(ObjectNode first, String text) {
        ObjectNode m = first.deepCopy();
        m.put("eventId", "evt-" + Samples.unique()).put("text", text);
        return m;
    }

    private static ObjectNode handoff(ObjectNode first) {
        ObjectNode h = Samples.json("chatbot", "handoff.json");
        h.put("eventId", "evt-" + Samples.unique()).put("conversationId", first.get("conversationId").asText());
        h.set("user", first.get("user").deepCopy());
        ArrayNode transcript = h.putArray("transcript");
        transcript.addObject().put("id", first.get("eventId").asText()).put("author", "user")
                .put("text", first.get("text").asText()).put("sentAt", "2026-11-22T10:00:00Z");
        transcript.addObject().put("author", "bot").put("text", "I cannot find it. I am passing you to a colleague.")
                .put("sentAt", "2026-11-22T10:00:33Z");
        return h;
    }

    private static ObjectNode closed(ObjectNode first) {
        ObjectNode c = Samples.json("chatbot", "closed.json");
        c.put("eventId", "evt-" + Samples.unique()).put("conversationId", first.get("conversationId").asText());
        c.set("user", first.get("user").deepCopy());
        return c;
    }

    private static Response post(ObjectNode event) {
        return Webhooks.chatbotFor(BOT, SECRET, event.toString());
    }

    private static io.restassured.specification.RequestSpecification as(String authorization) {
        return given().contentType(ContentType.JSON).header("Authorization", authorization);
    }

    /** The operators' queue: what waits for a first answer. */
    private static List<String> queue(String authorization) {
        return list(authorization, "NEW");
    }

    private static List<String> list(String authorization, String status) {
        return as(authorization).get("/api/v1/requests?limit=100&status=" + status).then().statusCode(200).extract()
                .jsonPath().getList("items.id");
    }

    private static List<BotPlatformStub.Push> pushes(String requestId, String type) {
        Awaitility.await().atMost(WAIT).until(() -> BotPlatformStub.received().stream()
                .anyMatch(p -> (requestId + ":" + type).equals(p.header("X-Omnihub-Notice-Id"))));
        return BotPlatformStub.received().stream()
                .filter(p -> (requestId + ":" + type).equals(p.header("X-Omnihub-Notice-Id"))).toList();
    }

    private static JsonPath notice(String requestId, String type) {
        JsonPath body = JsonPath.from(pushes(requestId, type).get(0).body());
        assertThat(body.getString("type")).isEqualTo(type);
        assertThat(body.getString("requestId")).isEqualTo(requestId);
        return body;
    }
}
