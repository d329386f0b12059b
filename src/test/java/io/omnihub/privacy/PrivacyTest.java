package io.omnihub.privacy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.support.Auth;
import io.omnihub.support.Db;
import io.omnihub.support.Inbound;
import io.omnihub.support.KafkaTopic;
import io.omnihub.support.Replies;
import io.omnihub.support.Samples;
import io.omnihub.support.SqlDump;
import io.omnihub.support.Webhooks;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;

@QuarkusTest
class PrivacyTest {

    /** Verifications of the customer's profile or of a profile merged into it. */
    private static final String VERIFICATIONS = "SELECT count(*) FROM verification WHERE customer_id = $1"
            + " OR customer_id IN (SELECT id FROM customer WHERE merged_into = $1)";
    private static final String OPEN_PAIRS = "SELECT count(*) FROM suspected_duplicate WHERE status = 'OPEN'"
            + " AND $1 IN (customer_a, customer_b)";

    @Inject
    Pool pool;

    @Inject
    RedisDataSource redis;

    /** A customer on the web form, by SMS and in the chatbot, with a reply and consent history. */
    record Person(String customerId, String phone, String email, String webText, String smsText, String chatText,
            String requestId, String category, String evidence, String webExternalId) {
    }

    static Person person() {
        String phone = Samples.phone();
        String email = Samples.email();
        String webText = "My secret web question " + Samples.unique();
        String category = "debt dispute " + Samples.unique();
        ObjectNode web = Inbound.webMessage().put("text", webText).put("category", category);
        ((ObjectNode) web.get("customer")).put("email", email).put("phone", phone).put("name", "Ivan Secretov");
        var created = Inbound.submit(web).then().statusCode(201).extract();
        String smsText = "My secret sms " + Samples.unique();
        Map<String, String> sms = Inbound.smsInbound();
        sms.put("From", phone);
        sms.put("Body", smsText);
        Webhooks.sms("/webhooks/sms", sms).then().statusCode(200);
        String chatText = "My secret chat " + Samples.unique();
        ObjectNode chat = Inbound.chatbotMessage().put("text", chatText);
        ((ObjectNode) chat.get("user")).put("phone", phone);
        String chatRequest = Webhooks.chatbot(chat.toString()).then().statusCode(200).extract().path("requestId");
        // the phone typed in the chat is proven by a code, so the chat joins her profile
        io.omnihub.support.Codes.verifyTypedPhone(chat, chatRequest, phone, Webhooks::chatbot);
        Replies.reply(created.path("requestId"), "Operator answer " + Samples.unique()).then().statusCode(201);
        Replies.consent(created.path("customerId"), "email", "MARKETING", "GRANT").then().statusCode(201);
        // evidence of consent may name the customer: it is sealed like the rest
        String evidence = "signed by Ivan Secretov at the desk " + Samples.unique();
        given().contentType(ContentType.JSON).body(Map.of("channel", "sms", "purpose", "MARKETING", "action", "GRANT",
                "textVersion", "2026-01", "capturedChannel", "office", "evidence", Map.of("note", evidence)))
                .post("/api/v1/customers/" + created.path("customerId") + "/consents").then().statusCode(201);
        return new Person(created.path("customerId"), phone, email, webText, smsText, chatText,
                created.path("requestId"), category, evidence, web.get("externalId").asText());
    }

    private static String privacyOfficer() {
        return Auth.bearer("dpo-test", List.of("privacy-officer"), List.of());
    }

    @Test
    void aPlainSqlDumpHoldsNoPhoneEmailOrMessageTextInPlaintext() throws Exception {
        Person p = person();
        String dump = SqlDump.all();
        assertThat(dump).contains(p.customerId()); // the dump is real and covers the customer
        for (String secret : List.of(p.phone(), p.email(), p.webText(), p.smsText(), p.chatText(), "Ivan Secretov",
                p.category(), p.evidence())) {
            assertThat(dump).doesNotContain(secret).doesNotContain(SqlDump.hex(secret));
        }
    }

    @Test
    void erasureShredsEveryStoreAndWritesADestructionAct() throws Exception {
        Person p = person();
        java.util.UUID id = java.util.UUID.fromString(p.customerId());
        // another bot user claims her phone: a suspected duplicate, open; her chat's verification is on record
        ObjectNode claim = Inbound.chatbotMessage();
        ((ObjectNode) claim.get("user")).put("phone", p.phone());
        Webhooks.chatbot(claim.toString()).then().statusCode(200);
        assertThat(Db.count(pool, OPEN_PAIRS, id)).as("an open suspected pair before the erasure").isPositive();
        assertThat(Db.count(pool, VERIFICATIONS, id)).as("her verification before the erasure").isPositive();
        Replies.preview(p.requestId()).then().statusCode(200); // puts the policy into Redis
        // cached policies live under the current cache epoch: omnihub:policy:<epoch>:<customer>
        assertThat(redis.key().keys("omnihub:policy:*:" + p.customerId())).isNotEmpty();
        assertThat(redis.key().exists("omnihub:idem:web:" + p.webExternalId())).as("precondition: the fast path")
                .isTrue();

        try (KafkaTopic events = new KafkaTopic("omnihub.events")) {
            JsonPath act = given().header("Authorization", privacyOfficer()).contentType("application/json")
                    .body(Map.of("legalBasis", "152-FZ Art. 21 §5: consent withdrawn"))
                    .post("/api/v1/customers/" + p.customerId() + "/privacy/erasure").then().statusCode(201)
                    .body("type", equalTo("destruction-act"))
                    .body("subject.customerId", equalTo(p.customerId()))
                    .body("categoriesDestroyed", hasItem("data encryption keys"))
                    .body("storesCovered", hasItem("redis"))
                    .body("legalBasis", equalTo("152-FZ Art. 21 §5: consent withdrawn"))
                    .body("requestedBy", equalTo("user:dpo-test"))
                    // web, SMS, chat, the code she typed in the chat, the code sent to her phone, the operator's answer
                    .body("recordsAffected.messages", equalTo(6))
                    .body("deadline", notNullValue())
                    .body("logExtract.action", hasItem("consent.granted email/MARKETING"))
                    .extract().jsonPath();
            assertThat(act.getString("destroyedAt")).isNotBlank();

            var erased = events.await(r -> "customer.erased".equals(r.type()) && r.value().contains(p.customerId()),
                    1, Duration.ofSeconds(20)).get(0);
            assertThat(erased.value()).doesNotContain(p.phone()).doesNotContain(p.email());
            assertThat(events.seen().stream().filter(r -> r.value().contains(p.customerId())))
                    .allSatisfy(r -> assertThat(r.value()).doesNotContain(p.phone()).doesNotContain(p.email())
                            .doesNotContain(p.webText()));
        }

        // PostgreSQL: no key, no contact points, no consent; the bodies are gone
        assertThat(Db.count(pool, "SELECT count(*) FROM customer_key WHERE customer_id = $1",
                java.util.UUID.fromString(p.customerId()))).isZero();
        assertThat(Db.count(pool, "SELECT count(*) FROM contact_point WHERE customer_id = $1",
                java.util.UUID.fromString(p.customerId()))).isZero();
        assertThat(Db.count(pool, "SELECT count(*) FROM message m JOIN request r ON r.id = m.request_id"
                + " WHERE r.customer_id = $1 AND length(m.body_enc) > 0", java.util.UUID.fromString(p.customerId())))
                .isZero();
        // identity: verifications hold the contact's keyed hash; an open pair can no longer be decided
        assertThat(Db.count(pool, VERIFICATIONS, id)).isZero();
        assertThat(Db.count(pool, OPEN_PAIRS, id)).isZero();
        // Redis
        assertThat(redis.key().keys("omnihub:policy:*:" + p.customerId())).isEmpty();
        assertThat(redis.key().exists("omnihub:idem:web:" + p.webExternalId())).as("the message's idempotency key")
                .isFalse();
        // the API
        given().get("/api/v1/customers/" + p.customerId() + "/timeline").then().statusCode(410)
                .contentType("application/problem+json");
        given().get("/api/v1/requests/" + p.requestId()).then().statusCode(410);
        // a reply is refused on the request it would read, and writes nothing
        String replies = "SELECT count(*) FROM reply WHERE request_id = $1";
        long repliesBefore = Db.count(pool, replies, java.util.UUID.fromString(p.requestId()));
        Replies.reply(p.requestId(), "Anything else?").then().statusCode(410).contentType("application/problem+json");
        assertThat(Db.count(pool, replies, java.util.UUID.fromString(p.requestId()))).isEqualTo(repliesBefore);
        // her phone no longer finds her (the other bot user's claim of it still finds that one's profile)
        assertThat(given().queryParam("phone", p.phone()).get("/api/v1/customers").asString())
                .doesNotContain(p.customerId());
        // analytics' figures are left as they were: JourneyAnalyticsTest erases a customer in the middle of its week
        // the act is kept
        given().header("Authorization", privacyOfficer()).get("/api/v1/customers/" + p.customerId()
                + "/privacy/erasure").then().statusCode(200).body("subject.customerId", equalTo(p.customerId()));
        // a second erasure is refused
        given().header("Authorization", privacyOfficer()).contentType("application/json").body("{}")
                .post("/api/v1/customers/" + p.customerId() + "/privacy/erasure").then().statusCode(409)
                .contentType("application/problem+json");
    }

    @Test
    void erasureIsRefusedForUnknownCustomersAndRolesWithoutPermission() {
        Person p = person();
        given().header("Authorization", privacyOfficer()).contentType("application/json").body("{}")
                .post("/api/v1/customers/" + java.util.UUID.randomUUID() + "/privacy/erasure").then().statusCode(404);
        given().contentType("application/json").body("{}")
                .post("/api/v1/customers/" + p.customerId() + "/privacy/erasure").then().statusCode(403);
        given().get("/api/v1/customers/" + p.customerId() + "/privacy/export").then().statusCode(403);
        given().get("/api/v1/customers/" + p.customerId()).then().statusCode(200); // nothing half-done
    }

    @Test
    void exportHoldsEverythingTheCustomerGaveAndWasTold() {
        Person p = person();
        JsonPath export = given().header("Authorization", privacyOfficer())
                .get("/api/v1/customers/" + p.customerId() + "/privacy/export").then().statusCode(200)
                .extract().jsonPath();
        assertThat(export.getString("profile.id")).isEqualTo(p.customerId());
        assertThat(export.getString("profile.name")).isEqualTo("Ivan Secretov");
        assertThat(export.getList("profile.contactPoints.value", String.class)).contains(p.phone(), p.email());
        assertThat(export.getList("messages.text", String.class)).contains(p.webText(), p.smsText(), p.chatText());
        assertThat(export.getList("messages.channel", String.class)).contains("web", "sms", "chatbot");
        assertThat(export.getList("requests.id", String.class)).hasSize(3);
        // the operator's answer, and the code sent to verify the phone she typed in the chat
        assertThat(export.getList("messages.findAll { it.direction == 'OUTBOUND' }.routingDecision.outcome",
                String.class)).containsExactly("ROUTED", "ROUTED");
        assertThat(export.getList("consent.history.purpose", String.class)).contains("SERVICE", "MARKETING",
                "VERIFICATION");
        List<Object> evidence = export.getList("consent.history.evidence");
        assertThat(evidence).isNotEmpty().doesNotContainNull();
        // sealed at rest, opened for her and for operators
        assertThat(export.getList("consent.history.evidence.note", String.class)).contains(p.evidence());
        assertThat(given().get("/api/v1/customers/" + p.customerId() + "/consents").then().statusCode(200).extract()
                .jsonPath().getList("history.evidence.note", String.class)).contains(p.evidence());
        assertThat(given().get("/api/v1/requests/" + p.requestId()).then().statusCode(200).extract()
                .path("category").toString()).isEqualTo(p.category());
        // the phone she typed in the chat, proven by a code sent by SMS; the code itself is never kept
        assertThat(export.getList("verifications.status", String.class)).containsExactly("VERIFIED");
        assertThat(export.getList("verifications.channel", String.class)).containsExactly("sms");
        assertThat(export.getString("verifications[0].completedAt")).isNotBlank();
        assertThat(export.getMap("verifications[0]")).doesNotContainKeys("code", "targetHash");
    }

    @Test
    void aCustomerErasesThemselvesBySmsKeywordUnderTheSameRules() {
        Person p = person();
        Map<String, String> erase = Inbound.smsInbound();
        erase.put("From", p.phone());
        erase.put("Body", "УДАЛИТЬ");
        Webhooks.sms("/webhooks/sms", erase).then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given()
                .header("Authorization", privacyOfficer())
                .get("/api/v1/customers/" + p.customerId() + "/privacy/erasure").then().log().ifValidationFails()
                .statusCode(200)
                .body("requestedVia", equalTo("sms"))
                .body("requestedBy", equalTo("customer")));
        given().get("/api/v1/customers/" + p.customerId() + "/timeline").then().statusCode(410);
    }
}
