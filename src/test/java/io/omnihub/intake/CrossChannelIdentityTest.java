package io.omnihub.intake;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.support.Inbound;
import io.omnihub.support.KafkaTopic;
import io.omnihub.support.Samples;
import io.omnihub.support.Webhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The first half of Omnihub's job: one customer writes on four channels and ends up as one profile whose timeline
 * holds every request, every message labelled with its channel, the chatbot transcript in order.
 */
@QuarkusTest
class CrossChannelIdentityTest {

    @Test
    void oneCustomerOnFourChannelsIsOneProfileWithOneTimeline() {
        String email = Samples.email();
        String phone = Samples.phone();
        String card = "CARD-" + Samples.unique();

        // 1. the web form, with an e-mail address
        ObjectNode web = Inbound.webMessage();
        ((ObjectNode) web.get("customer")).put("email", email.toUpperCase());
        String webCustomer = Inbound.submit(web).then().statusCode(201).extract().path("customerId");

        // 2. an SMS from the phone
        Map<String, String> sms = Inbound.smsInbound();
        sms.put("From", phone);
        Webhooks.sms("/webhooks/sms", sms).then().statusCode(200);
        String smsCustomer = given().queryParam("phone", phone).get("/api/v1/customers").then().statusCode(200)
                .extract().path("id");
        assertThat(smsCustomer).as("nothing links the phone to the e-mail yet").isNotEqualTo(webCustomer);

        // 3. the chatbot: the bot user gives the same phone in the chat, then is handed off
        ObjectNode chat = Inbound.chatbotMessage();
        ((ObjectNode) chat.get("user")).put("phone", phone.replace("+7", "8"));
        String chatRequest = Webhooks.chatbot(chat.toString()).then().statusCode(200)
                .body("customerId", equalTo(smsCustomer)).extract().path("requestId");
        ObjectNode handoff = Samples.json("chatbot", "handoff.json");
        handoff.put("eventId", "evt-" + Samples.unique());
        handoff.set("conversationId", chat.get("conversationId"));
        handoff.set("user", chat.get("user"));
        ((ObjectNode) handoff.get("transcript").get(0)).set("id", chat.get("eventId"));
        Webhooks.chatbot(handoff.toString()).then().statusCode(200).body("requestId", equalTo(chatRequest));

        // 4. the office: staff record the loyalty card, the phone and the e-mail, which joins the two profiles
        ObjectNode office = Samples.json("office", "message.json");
        office.put("externalId", "office-" + Samples.unique()).put("thread", "visit-" + Samples.unique());
        ((ObjectNode) office.get("customer")).put("officeCard", card).put("phone", phone).put("email", email);
        String golden = Inbound.submit(office).then().statusCode(201).extract().path("customerId");

        // one golden record (the oldest profile survives), found by either contact
        assertThat(golden).isEqualTo(webCustomer);
        given().queryParam("phone", phone).get("/api/v1/customers").then().body("id", equalTo(golden));
        given().queryParam("email", email).get("/api/v1/customers").then().body("id", equalTo(golden))
                .body("contactPoints.kind", org.hamcrest.Matchers.hasItems("email", "web_visitor", "phone",
                        "bot_user", "office_card"));
        given().get("/api/v1/customers/" + smsCustomer).then().body("status", equalTo("MERGED"))
                .body("mergedInto", equalTo(golden));

        JsonPath timeline = given().get("/api/v1/customers/" + golden + "/timeline").then().statusCode(200)
                .body("requests", hasSize(4)).extract().jsonPath();
        assertThat(timeline.getList("requests.originChannel", String.class))
                .containsExactlyInAnyOrder("web", "sms", "chatbot", "office");
        List<Map<String, Object>> messages = timeline.getList("messages");
        assertThat(messages).allSatisfy(m -> assertThat(m.get("channel")).isNotNull());
        List<String> chatbotTurns = messages.stream().filter(m -> m.get("channel").equals("chatbot"))
                .map(m -> m.get("author") + ": " + m.get("text")).toList();
        assertThat(chatbotTurns).containsExactly(
                "CUSTOMER: Where is my order 5531?",
                "BOT: Let me check. Please give me the phone number on the order.",
                "CUSTOMER: +7 916 555-01-23",
                "BOT: I cannot find it. I am passing you to a colleague.");
        assertThat(messages.stream().filter(m -> m.get("channel").equals("office")).findFirst().orElseThrow())
                .containsEntry("author", "STAFF").containsEntry("authorRef", "staff-ivanov");
    }

    @Test
    void requestAndMessageEventsReachKafkaWithoutPersonalData() {
        try (KafkaTopic events = new KafkaTopic("omnihub.events")) {
            ObjectNode web = Inbound.webMessage();
            String requestId = Inbound.submit(web).then().statusCode(201).extract().path("requestId");
            String email = web.get("customer").get("email").asText();

            List<KafkaTopic.Record> records = events.await(r -> r.value().contains(requestId), 2, Duration.ofSeconds(20));
            Set<String> types = records.stream().map(KafkaTopic.Record::type).collect(Collectors.toSet());
            assertThat(types).contains("request.created", "message.received");
            assertThat(records).allSatisfy(r -> {
                assertThat(r.headers()).containsEntry("ce_specversion", "1.0").containsEntry("ce_source", "/omnihub")
                        .containsKey("ce_id");
                assertThat(r.value()).doesNotContain(email).doesNotContain(web.get("text").asText())
                        .doesNotContain("Anna");
            });
        }
    }
}
