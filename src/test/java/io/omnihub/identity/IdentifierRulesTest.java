package io.omnihub.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.support.Auth;
import io.omnihub.support.Db;
import io.omnihub.support.Inbound;
import io.omnihub.support.Samples;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Each channel.yaml says which identifier kinds its channel may assert and which its own signed webhook vouches for;
 * an adapter credential vouches only for the kinds an admin issued it with.
 */
@QuarkusTest
class IdentifierRulesTest {

    private static final List<String> TABLES = List.of("message", "request", "customer", "inbound_receipt",
            "contact_point");

    @Inject
    Pool pool;

    @Test
    void anAdapterAssertingAKindItsChannelMayNotAssertGets400AndNothingIsStored() {
        Map<String, Long> before = counts();

        ObjectNode web = Inbound.webMessage();
        ((ObjectNode) web.get("customer")).put("appUserId", "app-" + Samples.unique());
        Response webAnswer = Inbound.submit(web);

        ObjectNode app = Samples.json("app", "message.json");
        app.put("externalId", "app-" + Samples.unique()).put("thread", "app-" + Samples.unique());
        ((ObjectNode) app.get("customer")).put("appUserId", "app-" + Samples.unique()).put("phone", Samples.phone())
                .put("officeCard", "CARD-" + Samples.unique());
        Response appAnswer = Inbound.submit(app);

        ObjectNode office = Samples.json("office", "message.json");
        office.put("externalId", "office-" + Samples.unique()).put("thread", "office-" + Samples.unique());
        ((ObjectNode) office.get("customer")).put("officeCard", "CARD-" + Samples.unique())
                .put("phone", Samples.phone()).put("botUserId", "test-bot:tg-" + Samples.unique());
        Response officeAnswer = Inbound.submit(office);

        assertRefused(webAnswer, "customer.appUserId", "web");
        assertRefused(appAnswer, "customer.officeCard", "app");
        assertRefused(officeAnswer, "customer.botUserId", "office");
        assertThat(counts()).as("nothing may be stored for a refused message (rows per table)").isEqualTo(before);
    }

    @Test
    void anAdminCannotIssueACredentialVouchingForAKindOutsideItsChannel() {
        assertThat(issue("web", List.of("app_user")).statusCode()).as("web carries no app_user").isEqualTo(400);
        Response sms = issue("sms", List.of("email"));
        assertThat(sms.statusCode()).as("sms carries only phone").isEqualTo(400);
        assertThat(sms.contentType()).as("a problem document").startsWith("application/problem+json");
        assertThat(sms.jsonPath().getList("errors.field", String.class)).as("the problem names the field")
                .contains("vouches");
        assertThat(issue("app", List.of("passport")).statusCode()).as("an unknown kind").isEqualTo(400);

        Response app = issue("app", List.of("app_user"));
        assertThat(app.statusCode()).as("app may vouch for app_user: %s", app.asString()).isEqualTo(201);
        assertThat(app.jsonPath().getList("vouches", String.class)).as("the credential shows what it vouches for")
                .containsExactly("app_user");
    }

    @Test
    void anSmsBoundRestCredentialVouchesForNothingSoItsPhoneDoesNotJoinTheCarrierVouchedProfile() {
        String phone = Samples.phone();
        String her = Fixtures.smsCustomer(phone, "My refund, please " + Samples.unique());
        String smsKey = Auth.issue("sms-rest-" + Samples.unique(), "sms", null, null, List.of());

        String text = "Submitted over REST as if it were her SMS " + Samples.unique();
        ObjectNode rest = Inbound.webMessage().put("channel", "sms").put("text", text);
        ((ObjectNode) rest.get("customer")).removeAll().put("phone", phone);
        rest.remove("attachments");
        Response answer = Inbound.submitAs(smsKey, rest);
        assertThat(answer.statusCode()).as("precondition: the REST submission is accepted: %s", answer.asString())
                .isIn(200, 201);
        String other = answer.path("customerId");

        assertThat(other).as("a phone nobody vouched for must not land on the carrier-vouched profile")
                .isNotEqualTo(her);
        assertThat(given().get("/api/v1/customers/" + her + "/timeline").then().statusCode(200).extract().jsonPath()
                .getList("messages.text", String.class)).as("her timeline must not show the REST message")
                .doesNotContain(text);
        assertThat(Fixtures.trust(her, "phone", phone)).as("her phone stays vouched by the carrier")
                .isEqualTo("VOUCHED/CARRIER/ACTIVE");
        assertThat(Fixtures.trust(other, "phone", phone)).as("the REST profile's phone is only claimed")
                .isEqualTo("CLAIMED/null/ACTIVE");
    }

    @Test
    void anOfficeCredentialVouchingThePhoneLinksByItWithStaffAsProof() {
        String phone = Samples.phone();
        String her = Fixtures.smsCustomer(phone, "Where is my parcel? " + Samples.unique());
        String card = "CARD-" + Samples.unique();

        ObjectNode office = Samples.json("office", "message.json");
        office.put("externalId", "office-" + Samples.unique()).put("thread", "office-" + Samples.unique());
        ((ObjectNode) office.get("customer")).put("officeCard", card).put("phone", phone);
        Response answer = Inbound.submit(office);
        assertThat(answer.statusCode()).as("precondition: the office message is accepted: %s", answer.asString())
                .isEqualTo(201);

        assertThat(answer.<String> path("customerId")).as("staff checked the phone in person: it links to her profile")
                .isEqualTo(her);
        assertThat(Fixtures.trust(her, "office_card", card)).as("the office card is vouched by staff")
                .isEqualTo("VOUCHED/STAFF/ACTIVE");
        assertThat(Fixtures.trust(her, "phone", phone)).as("her phone keeps the carrier's proof")
                .isEqualTo("VOUCHED/CARRIER/ACTIVE");
    }

    @Test
    void contactViewsShowTrustAndProofForEveryWayIn() {
        String smsPhone = Samples.phone();
        String smsCustomer = Fixtures.smsCustomer(smsPhone, "Hello " + Samples.unique());

        String typedPhone = Samples.phone();
        String user = "tg-" + Samples.unique();
        Response chat = Fixtures.sendChat(Fixtures.chat(user, "conv-" + Samples.unique(), typedPhone, "Hi there"));
        assertThat(chat.statusCode()).as("precondition: the chatbot webhook is accepted").isEqualTo(200);
        String bot = chat.path("customerId");

        String appUser = "app-" + Samples.unique();
        ObjectNode web = Inbound.webMessage();
        String email = ((ObjectNode) web.get("customer")).get("email").asText();
        String claimed = Inbound.submitAs(Fixtures.claimingWebKey(), web).then().statusCode(201).extract()
                .path("customerId");

        assertThat(Fixtures.trust(smsCustomer, "phone", smsPhone)).as("the SMS sender: vouched by the carrier")
                .isEqualTo("VOUCHED/CARRIER/ACTIVE");
        assertThat(Fixtures.trust(bot, "bot_user", "test-bot:" + user))
                .as("the bot user id: vouched by the bot platform").isEqualTo("VOUCHED/PLATFORM/ACTIVE");
        assertThat(Fixtures.trust(bot, "phone", typedPhone)).as("a phone typed into the chatbot: claimed")
                .isEqualTo("CLAIMED/null/ACTIVE");
        assertThat(Fixtures.trust(claimed, "email", email)).as("an e-mail from a web adapter vouching nothing: claimed")
                .isEqualTo("CLAIMED/null/ACTIVE");
        assertThat(Fixtures.trust(Inbound.submit(Samples.json("app", "message.json")
                .put("externalId", "app-" + Samples.unique()).put("thread", "app-" + Samples.unique())
                .set("customer", appUser(appUser))).then().statusCode(201).extract().path("customerId"),
                "app_user", appUser)).as("an app user id from an app backend issued as vouching for it")
                .isEqualTo("VOUCHED/CREDENTIAL/ACTIVE");

        List<Map<String, Object>> masked = given().header("Authorization",
                Auth.bearer("op-support-identity", List.of("operator"), List.of("support")))
                .get("/api/v1/customers/" + smsCustomer).then().statusCode(200).extract().jsonPath()
                .getList("contactPoints");
        assertThat(masked).as("operators see trust and proof too, with the value masked").singleElement()
                .satisfies(c -> assertThat(c).containsEntry("trust", "VOUCHED").containsEntry("proof", "CARRIER")
                        .doesNotContainValue(smsPhone));
    }

    private static ObjectNode appUser(String id) {
        return new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("appUserId", id);
    }

    private static void assertRefused(Response answer, String field, String channel) {
        assertThat(answer.statusCode()).as("%s may not assert %s: %s", channel, field, answer.asString())
                .isEqualTo(400);
        assertThat(answer.contentType()).as("a problem document").startsWith("application/problem+json");
        assertThat(answer.jsonPath().getList("errors.field", String.class)).as("the problem names the field")
                .containsExactly(field);
    }

    private static Response issue(String channel, List<String> vouches) {
        return given().contentType(ContentType.JSON).header("Authorization", Auth.admin())
                .body(Map.of("channel", channel, "vouches", vouches))
                .post("/api/v1/admin/adapters/rules-" + Samples.unique() + "/credentials");
    }

    private Map<String, Long> counts() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        TABLES.forEach(t -> counts.put(t, Db.count(pool, "SELECT count(*) FROM " + t)));
        return counts;
    }
}
