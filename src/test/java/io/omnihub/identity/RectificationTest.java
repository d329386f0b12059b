package io.omnihub.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.support.Auth;
import io.omnihub.support.Inbound;
import io.omnihub.support.KafkaTopic;
import io.omnihub.support.Replies;
import io.omnihub.support.Samples;
import io.omnihub.support.Webhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Rectification on the customer's word: a corrected contact is used by the next routing decision, a retired or
 * hard-bounced one is skipped with its reason, and every change is audited with the old value masked.
 */
@QuarkusTest
class RectificationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Pool pool;

    /**
     * A customer who wrote on the web (e-mail, phone and visitor id, vouched by the web backend) and then by SMS, who
     * prefers e-mail and withdrew SMS consent: replies to her SMS request go by e-mail, else to the web.
     */
    record Customer(String id, String email, String phone, String smsRequest) {
    }

    static Customer emailFirstCustomer(String name) {
        String phone = Samples.phone();
        String email = Samples.email();
        ObjectNode web = Inbound.webMessage();
        ((ObjectNode) web.get("customer")).put("email", email).put("phone", phone).put("name", name);
        String id = Inbound.submit(web).then().statusCode(201).extract().path("customerId");
        assertThat(Fixtures.sms(phone, "About my order " + Samples.unique()).statusCode())
                .as("precondition: her SMS is accepted").isEqualTo(200);
        assertThat(Fixtures.sms(phone, "STOP").statusCode()).as("precondition: her STOP is accepted").isEqualTo(200);
        Replies.preferences(id, Map.of("preferredChannels", List.of("email"))).then().statusCode(200);
        return new Customer(id, email, phone, Fixtures.firstRequest(id, "sms"));
    }

    static Response patchContact(String customerId, String contactId, Map<String, String> body) {
        return given().contentType(ContentType.JSON).body(body)
                .patch("/api/v1/customers/" + customerId + "/contacts/" + contactId);
    }

    /** Replies and answers the reply; the e-mail it went out as, when it went by e-mail. */
    static JsonPath reply(Customer c, String text) {
        return Replies.reply(c.smsRequest(), text).then().statusCode(201).extract().jsonPath();
    }

    static List<String> reasonsOn(JsonPath reply, String channel) {
        return reply.getList("decision.candidates.find { it.channel == '" + channel + "' }.reasons.code",
                String.class);
    }

    @Test
    void aCorrectedEmailIsUsedByTheNextReplyAndIsClaimedAgain() {
        Customer c = emailFirstCustomer("Anna Ivanova");
        String newEmail = Samples.email();
        try (KafkaTopic email = new KafkaTopic("omnihub.replies.email")) {
            JsonPath first = reply(c, "Your refund is on its way.");
            assertThat(first.getString("channel")).as("precondition: she is answered by e-mail").isEqualTo("email");
            assertThat(to(email, first.getString("messageId"))).as("precondition: to her old address")
                    .isEqualTo(c.email());

            Response corrected = patchContact(c.id(), Fixtures.contactId(c.id(), "email", c.email()),
                    Map.of("value", newEmail, "reason", "customer gave a new address by phone"));
            assertThat(corrected.statusCode()).as("the correction: %s", corrected.asString()).isEqualTo(200);
            assertThat(corrected.<String> path("trust")).as("a corrected contact is claimed until verified")
                    .isEqualTo("CLAIMED");
            assertThat(Fixtures.trust(c.id(), "email", newEmail)).as("the profile shows the new address, claimed")
                    .isEqualTo("CLAIMED/null/ACTIVE");
            assertThat(Fixtures.contact(c.id(), "email", c.email())).as("the old address is gone").isNull();

            JsonPath next = reply(c, "One more thing about your refund.");
            assertThat(next.getString("channel")).as("the next reply still goes by e-mail").isEqualTo("email");
            assertThat(to(email, next.getString("messageId"))).as("to the corrected address").isEqualTo(newEmail);
        }
        assertAudited(c.id(), "contact.corrected", "customer gave a new address by phone", c.email(), "email");
    }

    @Test
    void aRetiredEmailIsSkippedWithItsReason() {
        Customer c = emailFirstCustomer("Anna Ivanova");
        Response retired = patchContact(c.id(), Fixtures.contactId(c.id(), "email", c.email()),
                Map.of("state", "RETIRED", "reason", "customer closed this mailbox"));
        assertThat(retired.statusCode()).as("retiring the e-mail: %s", retired.asString()).isEqualTo(200);
        assertThat(Fixtures.trust(c.id(), "email", c.email())).as("the e-mail is retired")
                .endsWith("/RETIRED");

        JsonPath next = reply(c, "Your parcel arrives tomorrow.");
        assertThat(reasonsOn(next, "email")).as("the retired e-mail is skipped with its reason")
                .containsExactly("CONTACT_UNREACHABLE");
        assertThat(next.getString("channel")).as("the reply falls back to the web").isEqualTo("web");
        assertAudited(c.id(), "contact.retired", "customer closed this mailbox", c.email(), "email");
    }

    @Test
    void aHardBounceMarksTheEmailUnreachableAndTheNextReplyFallsBackWithThatReason() {
        Customer c = emailFirstCustomer("Anna Ivanova");
        String bounced = bounceFirstEmailReply(c);
        assertThat(Fixtures.trust(c.id(), "email", c.email())).as("the bounced e-mail is unreachable")
                .endsWith("/UNREACHABLE");

        JsonPath next = reply(c, "Second try, elsewhere.");
        assertThat(reasonsOn(next, "email")).as("the unreachable e-mail is skipped with its reason")
                .containsExactly("CONTACT_UNREACHABLE");
        assertThat(next.getString("channel")).as("the next reply falls back to the web").isEqualTo("web");
        assertThat(bounced).isNotNull();
    }

    @Test
    void aHardBouncedReplyItselfFallsBackAtOnce() {
        Customer c = emailFirstCustomer("Anna Ivanova");
        String bounced = bounceFirstEmailReply(c);
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(outbound(c.smsRequest(), bounced))
                .as("the bounced reply is rerouted to the web, not retried on the dead address nor held")
                .containsEntry("channel", "web"));
    }

    @Test
    void aHardBouncedSmsMarksThePhoneUnreachableAndTheNextReplySkipsSms() {
        String phone = Samples.phone();
        ObjectNode web = Inbound.webMessage();
        ((ObjectNode) web.get("customer")).put("phone", phone);
        String id = Inbound.submit(web).then().statusCode(201).extract().path("customerId");
        assertThat(Fixtures.sms(phone, "Hello " + Samples.unique()).statusCode()).as("precondition: her SMS")
                .isEqualTo(200);
        String smsRequest = Fixtures.firstRequest(id, "sms");
        String messageId = Replies.reply(smsRequest, "Answer by SMS").then().statusCode(201).extract()
                .path("messageId");
        awaitStatus(smsRequest, messageId, "DISPATCHED");
        String sid = "SM" + Samples.unique();
        given().contentType(ContentType.JSON).header("X-Omnihub-Key", Auth.adapterKey("sms"))
                .body(Map.of("messageId", messageId, "channel", "sms", "status", "SENT", "externalId", sid))
                .post("/api/v1/receipts").then().statusCode(200);
        Map<String, String> callback = Webhooks.form(Samples.text("sms", "status.form"));
        callback.put("MessageSid", sid);
        callback.put("MessageStatus", "undelivered");
        callback.put("ErrorCode", "30005");
        Webhooks.sms("/webhooks/sms/status", callback).then().statusCode(200);

        assertThat(Fixtures.trust(id, "phone", phone)).as("the number the SMS bounced from for good is unreachable")
                .endsWith("/UNREACHABLE");
        JsonPath next = Replies.reply(smsRequest, "Second answer").then().statusCode(201).extract().jsonPath();
        assertThat(reasonsOn(next, "sms")).as("sms is skipped with its reason").contains("CONTACT_UNREACHABLE");
        assertThat(next.getString("channel")).as("the next reply does not go to the dead number").isNotEqualTo("sms");
    }

    @Test
    void aCorrectedNameShowsInTheProfileAndIsAuditedWithTheOldNameMasked() {
        Customer c = emailFirstCustomer("Anna Ivanova");
        assertThat(Fixtures.customer(c.id()).getString("name")).as("precondition: her name").isEqualTo("Anna Ivanova");
        given().contentType(ContentType.JSON).body(Map.of("name", "Anna Smirnova", "reason", "married, new passport"))
                .put("/api/v1/customers/" + c.id() + "/name").then().statusCode(204);
        assertThat(Fixtures.customer(c.id()).getString("name")).as("the corrected name").isEqualTo("Anna Smirnova");
        assertAudited(c.id(), "customer.name-corrected", "married, new passport", "Anna Ivanova", "Ivanova");
    }

    @Test
    void theAuditKeepsNoPartOfTheOldNameInClear() {
        Customer c = emailFirstCustomer("Anna Ivanova");
        given().contentType(ContentType.JSON).body(Map.of("name", "Maria Ivanova", "reason", "typo at the office"))
                .put("/api/v1/customers/" + c.id() + "/name").then().statusCode(204);
        assertAudited(c.id(), "customer.name-corrected", "typo at the office", "Anna Ivanova", "Anna");
    }

    @Test
    void anOperatorOfAnotherTeamGets404AndChangesNothing() {
        Customer c = emailFirstCustomer("Anna Ivanova");
        String contact = Fixtures.contactId(c.id(), "email", c.email());
        String stranger = Auth.bearer("op-frontline-rect", List.of("operator"), List.of("frontline"));
        assertThat(given().header("Authorization", stranger).contentType(ContentType.JSON)
                .body(Map.of("name", "Someone Else", "reason", "because")).put("/api/v1/customers/" + c.id() + "/name")
                .statusCode()).as("renaming another team's customer").isEqualTo(404);
        assertThat(given().header("Authorization", stranger).contentType(ContentType.JSON)
                .body(Map.of("state", "RETIRED", "reason", "because"))
                .patch("/api/v1/customers/" + c.id() + "/contacts/" + contact).statusCode())
                .as("retiring another team's customer's contact").isEqualTo(404);
        assertThat(given().header("Authorization", stranger).contentType(ContentType.JSON)
                .body(Map.of("value", Samples.email(), "reason", "because"))
                .patch("/api/v1/customers/" + c.id() + "/contacts/" + contact).statusCode())
                .as("correcting another team's customer's contact").isEqualTo(404);

        assertThat(Fixtures.customer(c.id()).getString("name")).as("the name is unchanged").isEqualTo("Anna Ivanova");
        assertThat(Fixtures.trust(c.id(), "email", c.email())).as("the e-mail is unchanged")
                .isEqualTo("VOUCHED/CREDENTIAL/ACTIVE");
        assertThat(audit(c.id())).as("nothing audited").isEmpty();

        String colleague = Auth.bearer("op-support-rect", List.of("operator"), List.of("support"));
        Response own = given().header("Authorization", colleague).contentType(ContentType.JSON)
                .body(Map.of("state", "RETIRED", "reason", "mailbox closed"))
                .patch("/api/v1/customers/" + c.id() + "/contacts/" + contact);
        assertThat(own.statusCode()).as("an operator of her team may retire it: %s", own.asString()).isEqualTo(200);
        assertThat(own.<String> path("value")).as("operators see the contact masked").isNotEqualTo(c.email());
        assertAudited(c.id(), "contact.retired", "mailbox closed", c.email(), "email");
        assertThat(audit(c.id())).as("the actor is the operator").extracting(a -> a.get("actor"))
                .containsExactly("user:op-support-rect");
    }

    private String bounceFirstEmailReply(Customer c) {
        String messageId;
        try (KafkaTopic email = new KafkaTopic("omnihub.replies.email")) {
            JsonPath first = reply(c, "Your refund is on its way.");
            assertThat(first.getString("channel")).as("precondition: she is answered by e-mail").isEqualTo("email");
            messageId = first.getString("messageId");
            email.await(r -> messageId.equals(r.id()), 1, WAIT);
        }
        awaitStatus(c.smsRequest(), messageId, "DISPATCHED");
        Response receipt = given().contentType(ContentType.JSON).header("X-Omnihub-Key", Auth.adapterKey("email"))
                .body(Map.of("messageId", messageId, "channel", "email", "status", "FAILED", "permanent", true,
                        "detail", "550 5.1.1 mailbox does not exist"))
                .post("/api/v1/receipts");
        assertThat(receipt.statusCode()).as("the hard-bounce receipt: %s", receipt.asString()).isEqualTo(200);
        return messageId;
    }

    private static void awaitStatus(String requestId, String messageId, String status) {
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(outbound(requestId, messageId))
                .as("reply %s", messageId).containsEntry("deliveryStatus", status));
    }

    private static Map<String, Object> outbound(String requestId, String messageId) {
        List<Map<String, Object>> messages = given().get("/api/v1/requests/" + requestId).then().statusCode(200)
                .extract().jsonPath().getList("messages");
        return messages.stream().filter(m -> messageId.equals(m.get("id"))).findFirst().orElseThrow();
    }

    private static String to(KafkaTopic topic, String messageId) {
        return JsonPath.from(topic.await(r -> messageId.equals(r.id()), 1, WAIT).get(0).value()).getString("to.value");
    }

    /** The audit entries of rectifications of this customer, oldest first: actor, action and details (reads aside). */
    private List<Map<String, Object>> audit(String customerId) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Row r : pool.preparedQuery("SELECT actor, action, details::text FROM audit_log WHERE subject_id = $1"
                + " AND (action LIKE 'contact.%' OR action LIKE 'customer.%') AND action <> 'customer.contacts-read'"
                + " ORDER BY occurred_at")
                .execute(Tuple.of(UUID.fromString(customerId))).await().indefinitely()) {
            Map<String, Object> row = new HashMap<>();
            row.put("actor", r.getString(0));
            row.put("action", r.getString(1));
            row.put("details", JsonPath.from(r.getString(2)).getMap(""));
            row.put("raw", r.getString(2));
            rows.add(row);
        }
        return rows;
    }

    /** One audit entry of this action: actor, reason, the old value masked and never in clear. */
    private void assertAudited(String customerId, String action, String reason, String oldValue, String clearPart) {
        List<Map<String, Object>> entries = audit(customerId).stream().filter(a -> action.equals(a.get("action")))
                .toList();
        assertThat(entries).as("one %s entry", action).hasSize(1);
        Map<String, Object> entry = entries.get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) entry.get("details");
        assertThat((String) entry.get("actor")).as("%s: who", action).startsWith("user:");
        assertThat(details.get("reason")).as("%s: why", action).isEqualTo(reason);
        assertThat((String) details.get("old")).as("%s: the old value, masked", action).isNotBlank().contains("*");
        assertThat((String) entry.get("raw")).as("%s: the old value never in clear", action).doesNotContain(oldValue)
                .doesNotContain(clearPart.equals("email") ? oldValue.substring(0, oldValue.indexOf('@')) : clearPart);
    }
}
