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

import io.omnihub.support.Auth;
import io.omnihub.support.Codes;
import io.omnihub.support.Inbound;
import io.omnihub.support.KafkaTopic;
import io.omnihub.support.Samples;
import io.omnihub.support.Webhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The first half of Omnihub's job: one customer writes on four channels and ends up as one profile whose timeline
 * holds every request, every message labelled with its channel, the chatbot transcript in order. Every link is
 * vouched (the carrier, the bot platform, staff in person) or verified by a one-time code; what she merely typed
 * joins nothing until she proves it.
 */
@QuarkusTest
class CrossChannelIdentityTest {

    @Test
    void oneCustomerOnFourChannelsIsOneProfileWhereEveryLinkIsVouchedOrVerified() {
        String email = Samples.email();
        String phone = Samples.phone();
        String card = "CARD-" + Samples.unique();
        // a contact form: the site vouches for its own visitor id, not for what the visitor types
        String formKey = Auth.issue("story-web-" + Samples.unique(), "web", null, null, List.of("web_visitor"));

        // 1. the web form, with an e-mail address she typed (claimed)
        ObjectNode web = Inbound.webMessage();
        ((ObjectNode) web.get("customer")).put("email", email.toUpperCase());
        var webAnswer = Inbound.submitAs(formKey, web).then().statusCode(201).extract();
        String webCustomer = webAnswer.path("customerId");

        // 2. an SMS from the phone: the carrier vouches for the sender
        Map<String, String> sms = Inbound.smsInbound();
        sms.put("From", phone);
        Webhooks.sms("/webhooks/sms", sms).then().statusCode(200);
        String smsCustomer = given().queryParam("phone", phone).get("/api/v1/customers").then().statusCode(200)
                .extract().path("id");
        assertThat(smsCustomer).as("nothing links the phone to the e-mail yet").isNotEqualTo(webCustomer);

        // 3. the chatbot: she types the same phone, which is only claimed there: no link, a suspected duplicate
        ObjectNode chat = Inbound.chatbotMessage();
        ((ObjectNode) chat.get("user")).put("phone", phone.replace("+7", "8"));
        var chatAnswer = Webhooks.chatbot(chat.toString()).then().statusCode(200).extract();
        String chatRequest = chatAnswer.path("requestId");
        String botCustomer = chatAnswer.path("customerId");
        assertThat(botCustomer).as("a typed phone never links").isNotEqualTo(smsCustomer);
        ObjectNode handoff = Samples.json("chatbot", "handoff.json");
        handoff.put("eventId", "evt-" + Samples.unique());
        handoff.set("conversationId", chat.get("conversationId"));
        handoff.set("user", chat.get("user"));
        ((ObjectNode) handoff.get("transcript").get(0)).set("id", chat.get("eventId"));
        Webhooks.chatbot(handoff.toString()).then().statusCode(200).body("requestId", equalTo(chatRequest));

        // 4. an operator sends a code by SMS to the typed phone; she types it into the chat: verified, and the bot
        // profile joins the SMS profile
        String claimedPhone = Codes.contactId(botCustomer, "phone");
        String smsCode;
        try (KafkaTopic smsOut = new KafkaTopic("omnihub.replies.sms")) {
            given().contentType("application/json").body(Map.of("requestId", chatRequest))
                    .post("/api/v1/customers/" + botCustomer + "/contacts/" + claimedPhone + "/verifications")
                    .then().statusCode(201).body("sentOn", equalTo("sms"));
            smsCode = Codes.code(smsOut, phone);
        }
        ObjectNode typed = Inbound.chatbotMessage();
        typed.set("conversationId", chat.get("conversationId"));
        typed.set("user", chat.get("user"));
        typed.put("text", smsCode).put("sentAt", java.time.Instant.now().toString());
        Webhooks.chatbot(typed.toString()).then().statusCode(200);
        given().get("/api/v1/customers/" + botCustomer).then().body("status", equalTo("MERGED"))
                .body("mergedInto", equalTo(smsCustomer));

        // 5. the web site has her e-mail verified: a code by e-mail, given back on the site
        String emailCode;
        String verification;
        try (KafkaTopic mail = new KafkaTopic("omnihub.replies.email")) {
            verification = given().contentType("application/json").header("Authorization", "")
                    .header("X-Omnihub-Key", formKey)
                    .body(Map.of("requestId", webAnswer.path("requestId"), "kind", "email", "value", email))
                    .post("/api/v1/verifications").then().statusCode(201).extract().path("verificationId");
            emailCode = Codes.code(mail, email);
        }
        given().contentType("application/json").header("Authorization", "").header("X-Omnihub-Key", formKey)
                .body(Map.of("code", emailCode)).post("/api/v1/verifications/" + verification + "/code").then()
                .statusCode(200).body("status", equalTo("VERIFIED"));

        // 6. the office: staff check her card, phone and e-mail in person, which joins the two proven profiles
        ObjectNode office = Samples.json("office", "message.json");
        office.put("externalId", "office-" + Samples.unique()).put("thread", "visit-" + Samples.unique());
        ((ObjectNode) office.get("customer")).put("officeCard", card).put("phone", phone).put("email", email);
        String golden = Inbound.submit(office).then().statusCode(201).extract().path("customerId");

        // one golden record (the oldest profile survives), found by either contact, every link proven
        assertThat(golden).isEqualTo(webCustomer);
        given().queryParam("phone", phone).get("/api/v1/customers").then().body("id", equalTo(golden));
        JsonPath profile = given().queryParam("email", email).get("/api/v1/customers").then()
                .body("id", equalTo(golden)).extract().jsonPath();
        assertThat(profile.getList("contactPoints.kind", String.class)).as("every contact of the story")
                .contains("email", "web_visitor", "phone", "bot_user", "office_card");
        assertThat(profile.getList("contactPoints.trust", String.class)).as("every link vouched or verified")
                .doesNotContain("CLAIMED");
        assertThat(given().get("/api/v1/customers/" + golden + "/merges").then().extract().jsonPath()
                .getList("basis", String.class)).as("merges made on trusted identifiers only").containsOnly("TRUSTED");

        JsonPath timeline = given().get("/api/v1/customers/" + golden + "/timeline").then().statusCode(200)
                .body("requests", hasSize(4)).extract().jsonPath();
        assertThat(timeline.getList("requests.originChannel", String.class))
                .containsExactlyInAnyOrder("web", "sms", "chatbot", "office");
        List<Map<String, Object>> messages = timeline.getList("messages");
        assertThat(messages).allSatisfy(m -> assertThat(m.get("channel")).isNotNull());
        List<String> chatbotTurns = messages.stream().filter(m -> m.get("channel").equals("chatbot"))
                .map(m -> m.get("author") + ": " + m.get("text")).toList();
        assertThat(chatbotTurns).as("the transcript in order; the code she typed is never shown").containsExactly(
                "CUSTOMER: Where is my order 5531?",
                "BOT: Let me check. Please give me the phone number on the order.",
                "CUSTOMER: +7 916 555-01-23",
                "BOT: I cannot find it. I am passing you to a colleague.",
                "CUSTOMER: [verification code]");
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
