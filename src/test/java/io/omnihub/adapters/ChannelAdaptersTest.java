package io.omnihub.adapters;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.omnihub.adapter.common.AdapterException;
import io.omnihub.adapter.common.AdapterSettings;
import io.omnihub.adapter.common.Hub;
import io.omnihub.adapter.common.ReplyCommand;
import io.omnihub.adapter.demo.Demo;
import io.omnihub.support.Auth;
import io.omnihub.support.BotPlatformStub;
import io.omnihub.support.Samples;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** The reference adapters of channels/ play the demo's story against Omnihub and real Kafka. */
@QuarkusTest
@QuarkusTestResource(BotPlatformStub.class)
class ChannelAdaptersTest {

    private static Demo.Setup setup() {
        return new Demo.Setup(URI.create(RestAssured.baseURI + ":" + RestAssured.port),
                ConfigProvider.getConfig().getValue("omnihub.kafka.bootstrap-servers", String.class), "e2e-bot",
                "e2e-bot-secret", URI.create(ConfigProvider.getConfig().getValue("omnihub.bots.\"e2e-bot\".callback-url",
                        String.class)).getPort(),
                "ACtest", "test-sms-auth-token");
    }

    @Test
    void everyAdapterDeliversWhatTheStorySends() throws Exception {
        String s = Samples.unique();
        Demo.Persona anna = new Demo.Persona("Anna Test", Samples.phone(), Samples.email(), "CARD-" + s, "tg-" + s, s);
        List<String> narration = new ArrayList<>();
        try (Demo demo = new Demo(setup(), line -> {
            narration.add(line);
            System.out.println(line);
        })) {
            String customer = demo.play(anna);

            assertThat(narration).anyMatch(l -> l.contains("recognised as one person") && l.contains("holds 4 requests"));
            assertThat(narration).as("the story verifies what she typed").anyMatch(l -> l.contains("e-mail verified"))
                    .anyMatch(l -> l.contains("phone verified"));
            // sms: the provider was asked to send the first reply to her phone
            assertThat(demo.smsProvider.sent()).anySatisfy(m -> {
                assertThat(m.to()).isEqualTo(anna.phone());
                assertThat(m.body()).isEqualTo("Hello Anna, your parcel left our warehouse today.");
            });
            // chatbot: the second reply, pushed (signed) and consumed, is shown once
            assertThat(demo.chatbot.conversation(anna.botUser()))
                    .containsOnlyOnce("Understood, no more SMS. Your refund is on its way.");
            assertThat(demo.chatbot.refusedPushes()).isEmpty();
            // the bot was told, signed, that people took the conversation it handed off
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> demo.chatbot.handoffs("conv-" + s).contains("handoff.accepted"));
            // email: the third reply went out by SMTP
            List<MimeMessage> mails = new ArrayList<>();
            for (MimeMessage m : demo.mailServer.getReceivedMessages()) {
                if (m.getAllRecipients()[0].toString().equals(anna.email())
                        && !String.valueOf(m.getContent()).contains("verification code")) {
                    mails.add(m);
                }
            }
            assertThat(mails).hasSize(1);
            assertThat(((String) mails.get(0).getContent()).strip())
                    .isEqualTo("Your refund of 2 490 RUB for order 5531 is complete.");
            // and every reply carries a receipt from its adapter
            given().get("/api/v1/customers/" + customer + "/timeline").then().statusCode(200);
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(given()
                    .get("/api/v1/customers/" + customer + "/timeline").then().extract().<List<String>> path(
                            "messages.findAll { it.direction == 'OUTBOUND' && it.author == 'OPERATOR' }.deliveryStatus"))
                    .containsExactlyInAnyOrder("DELIVERED", "SENT", "SENT"));

            // the web inbox, and its erasure when Omnihub erases the customer
            var web = io.omnihub.support.Inbound.webMessage();
            String request = demo.web.submit(web).path("requestId").asText();
            String reply = given().contentType("application/json").body(Map.of("text", "Web inbox reply"))
                    .post("/api/v1/requests/" + request + "/replies").then().statusCode(201).extract().path("messageId");
            String address = web.get("thread").asText();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> demo.web.inbox().read(address).stream()
                    .anyMatch(e -> e.messageId().equals(reply)));
            String webCustomer = demo.web.inbox().read(address).get(0).customerId();
            given().header("Authorization", Auth.bearer("dpo", List.of("privacy-officer"), List.of()))
                    .contentType("application/json").body("{}")
                    .post("/api/v1/customers/" + webCustomer + "/privacy/erasure").then().statusCode(201);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> demo.web.inbox().read(address).isEmpty());
        }
    }

    @Test
    void theEmailAdapterSendsTheSampleReplyThroughSmtp() throws Exception {
        try (Demo demo = new Demo(setup(), line -> {
        })) {
            var sample = new com.fasterxml.jackson.databind.ObjectMapper().readValue(
                    java.nio.file.Path.of("channels/email/samples/reply.json").toFile(), ReplyCommand.class);
            demo.email.send(sample);
            MimeMessage mail = null;
            for (MimeMessage m : demo.mailServer.getReceivedMessages()) {
                if (sample.messageId().equals(m.getHeader("X-Omnihub-Message-Id")[0])) {
                    mail = m;
                }
            }
            assertThat(mail).isNotNull();
            assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("anna.petrova@example.org");
            assertThat(((String) mail.getContent()).strip()).isEqualTo(sample.text());
        }
    }

    @Test
    void badAdapterConfigurationGetsAClearMessage() {
        String kafka = ConfigProvider.getConfig().getValue("omnihub.kafka.bootstrap-servers", String.class);
        URI hub = URI.create(RestAssured.baseURI + ":" + RestAssured.port);
        assertThatThrownBy(() -> new AdapterSettings("fax", hub, "k", kafka))
                .isInstanceOf(AdapterException.class).hasMessageContaining("Unknown channel 'fax'")
                .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
        assertThatThrownBy(() -> new Hub(new AdapterSettings("web", hub, "ohk_wrong", kafka)).preflight())
                .isInstanceOf(AdapterException.class).hasMessageContaining("refused the adapter key (401)");
        assertThatThrownBy(() -> new Hub(new AdapterSettings("web", URI.create("http://127.0.0.1:1"), "k", kafka))
                .preflight()).isInstanceOf(AdapterException.class).hasMessageContaining("Cannot reach Omnihub");
        assertThatThrownBy(() -> new AdapterSettings("web", hub, "", kafka)).isInstanceOf(AdapterException.class)
                .hasMessageContaining("OMNIHUB_ADAPTER_KEY is missing");
    }
}
