package io.omnihub.intake;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.support.Auth;
import io.omnihub.support.Db;
import io.omnihub.support.Inbound;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;

/** Bad input gets a 4xx problem+json, never a 5xx or a stack trace, and nothing is stored half-way. */
@QuarkusTest
class BadInputTest {

    @Inject
    Pool pool;

    private long before;

    @BeforeEach
    void countRows() {
        before = stored();
    }

    private long stored() {
        return Db.count(pool, "SELECT (SELECT count(*) FROM message) + (SELECT count(*) FROM request)"
                + " + (SELECT count(*) FROM customer) + (SELECT count(*) FROM contact_point)"
                + " + (SELECT count(*) FROM inbound_receipt) + (SELECT count(*) FROM outbox)");
    }

    private ValidatableResponse post(String body, int status) {
        return post("web", body, status);
    }

    private ValidatableResponse post(String channel, String body, int status) {
        ValidatableResponse r = Inbound.submitAs(Auth.adapterKey(channel), body)
                .then().statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status))
                .body(not(containsString("Exception")))
                .body(not(containsString("io.omnihub")));
        assertThat(stored()).as("nothing stored").isEqualTo(before);
        return r;
    }

    @Test
    void malformedJson() {
        post("{\"channel\": \"web\", ", 400).body("type", containsString("malformed-body"));
    }

    @Test
    void wrongType() {
        ObjectNode m = Inbound.webMessage();
        m.put("sentAt", "yesterday-ish");
        post(m.toString(), 400).body("detail", containsString("sentAt"));
    }

    @Test
    void missingFields() {
        ObjectNode m = Inbound.webMessage();
        m.remove("text");
        m.remove("thread");
        post(m.toString(), 400).body("errors.field", hasItem("text")).body("errors.field", hasItem("thread"));
    }

    @Test
    void noIdentifier() {
        ObjectNode m = Inbound.webMessage();
        m.putObject("customer").put("name", "Only A Name");
        post(m.toString(), 400).body("errors[0].field", equalTo("customer"));
    }

    @Test
    void unknownChannel() {
        post(Inbound.webMessage().put("channel", "fax").toString(), 400)
                .body("errors[0].field", equalTo("channel"))
                .body("detail", containsString("unknown channel 'fax'"));
    }

    @Test
    void outboundOnlyChannel() {
        post(Inbound.webMessage().put("channel", "email").toString(), 400)
                .body("detail", containsString("does not accept inbound"));
    }

    @Test
    void invalidPhoneAndEmail() {
        ObjectNode m = Inbound.webMessage();
        ((ObjectNode) m.get("customer")).put("phone", "+7 123");
        post(m.toString(), 400).body("errors[0].field", equalTo("customer.phone"))
                .body(not(containsString("+7 123")));
        ObjectNode e = Inbound.webMessage();
        ((ObjectNode) e.get("customer")).put("email", "anna at example");
        post(e.toString(), 400).body("errors[0].field", equalTo("customer.email"));
    }

    @Test
    void officeWithoutStaffAuthor() {
        ObjectNode m = Inbound.webMessage().put("channel", "office");
        post("office", m.toString(), 400).body("errors[0].field", equalTo("staffAuthor"));
    }

    @Test
    void textLongerThanTheChannelCarries() {
        ObjectNode m = Inbound.webMessage().put("text", "x".repeat(10_001));
        post(m.toString(), 400).body("errors[0].field", equalTo("text"));
    }

    @Test
    void bodyOverTheLimit() {
        ObjectNode m = Inbound.webMessage().put("text", "x".repeat(70 * 1024));
        post(m.toString(), 413);
    }

    @Test
    void badIdsAndFiltersOnReads() {
        given().get("/api/v1/requests/not-a-uuid").then().statusCode(400).contentType("application/problem+json");
        given().get("/api/v1/requests/" + java.util.UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        given().queryParam("status", "SLEEPING").get("/api/v1/requests").then().statusCode(400);
        given().queryParam("limit", 100_000).get("/api/v1/requests").then().statusCode(400);
        given().queryParam("phone", "12").get("/api/v1/customers").then().statusCode(400);
        given().queryParam("email", "nobody-" + System.nanoTime() + "@example.org").get("/api/v1/customers").then()
                .statusCode(404);
        given().get("/api/v1/customers/" + java.util.UUID.randomUUID() + "/timeline").then().statusCode(404);
    }
}
