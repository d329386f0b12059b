package io.omnihub.team;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.omnihub.support.Auth;
import io.omnihub.support.Inbound;
import io.omnihub.support.Samples;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** A team's canned responses: written by its supervisors, filled in per request and channel, kept to its channel. */
@QuarkusTest
class CannedResponsesTest {

    private static RequestSpecification as(String authorization) {
        return given().contentType(ContentType.JSON).header("Authorization", authorization);
    }

    @Test
    void supervisorsWriteTemplatesThatAreFilledInForEachRequestAndChannel() {
        String team = "tpl-" + Samples.unique().toLowerCase();
        String supervisor = Auth.bearer("sv-" + team, List.of("supervisor"), List.of(team));
        String operator = Auth.bearer("op-" + team, List.of("operator"), List.of(team));
        Map<String, Object> refund = Map.of("name", "Refund sent", "body",
                "Hello {{customer.name}}, the refund for request {{ request.number }} is on its way.",
                "variants", Map.of("sms", "Refund for {{request.number}} sent."), "approved", true);
        String path = "/api/v1/teams/" + team + "/templates";

        as(operator).body(refund).post(path).then().statusCode(403);
        as(Auth.bearer("sv-other-" + team, List.of("supervisor"), List.of("other"))).body(refund).post(path).then()
                .statusCode(404);
        as(supervisor).body(Map.of("name", "Bad", "body", "Hi {{customer.phone}}")).post(path).then()
                .statusCode(400).contentType("application/problem+json").body("detail", containsString("variables"));
        as(supervisor).body(Map.of("name", "Long", "body", "x", "variants", Map.of("sms", "y".repeat(1595)
                + "{{customer.name}}"))).post(path).then().statusCode(400)
                .body("detail", containsString("1600 characters sms carries"));
        as(supervisor).body(Map.of("name", "Fax", "body", "x", "variants", Map.of("fax", "y"))).post(path).then()
                .statusCode(400);
        String id = as(supervisor).body(refund).post(path).then().statusCode(201).extract().path("id");
        as(supervisor).body(refund).post(path).then().statusCode(409);
        as(operator).get(path).then().statusCode(200).body("name", contains("Refund sent"));

        String key = Auth.issue("tpl-" + Samples.unique(), "web", team, null, List.of("email", "web_visitor"));
        String requestId = Inbound.submitAs(key, Inbound.webMessage()).then().statusCode(201).extract()
                .path("requestId");
        String number = requestId.replace("-", "").substring(24).toUpperCase();
        as(operator).get("/api/v1/requests/" + requestId + "/templates").then().statusCode(200)
                .body("[0].text", equalTo("Hello Anna Petrova, the refund for request " + number
                        + " is on its way."))
                .body("[0].approved", equalTo(true));
        as(Auth.bearer("op-x-" + team, List.of("operator"), List.of("other")))
                .get("/api/v1/requests/" + requestId + "/templates").then().statusCode(404);

        as(operator).delete(path + "/" + id).then().statusCode(403);
        as(supervisor).delete(path + "/" + id).then().statusCode(204);
        as(supervisor).delete(path + "/" + id).then().statusCode(404);
    }

    /**
     * The chatbot channel's descriptor says templatesOutsideWindow: once its 24-hour window closed, a free text is not
     * sent there, an approved template of the team is, word for word, and the decision says why.
     */
    @Test
    void afterTheReplyWindowOnlyAnApprovedTemplateGoesToTheBotAndTheDecisionSaysSo() {
        String team = "bots"; // the team of the test bot "handoff-bot"
        String supervisor = Auth.bearer("sv-bots", List.of("supervisor"), List.of(team));
        String operator = Auth.bearer("op-bots-" + Samples.unique(), List.of("operator"), List.of(team));
        String path = "/api/v1/teams/" + team + "/templates";
        String suffix = Samples.unique();
        String approved = as(supervisor).body(Map.of("name", "Follow-up " + suffix, "body",
                "Hello {{customer.name}}, request {{request.number}} is solved. " + suffix, "approved", true))
                .post(path).then().statusCode(201).extract().path("id");
        String draft = as(supervisor).body(Map.of("name", "Draft " + suffix, "body", "Draft " + suffix))
                .post(path).then().statusCode(201).extract().path("id");
        com.fasterxml.jackson.databind.node.ObjectNode chat = Inbound.chatbotMessage();
        ((com.fasterxml.jackson.databind.node.ObjectNode) chat.get("user")).remove("phone");
        String requestId = io.omnihub.support.Webhooks.chatbotFor("handoff-bot", "handoff-bot-secret",
                chat.toString()).then().statusCode(200).extract().path("requestId");
        String filled = as(operator).get("/api/v1/requests/" + requestId + "/templates").then().statusCode(200)
                .extract().path("find { it.id == '" + approved + "' }.text");
        String replies = "/api/v1/requests/" + requestId + "/replies";
        clock.advance(java.time.Duration.ofHours(25));
        try {
            as(operator).body(Map.of("text", "Anything else?")).post(replies).then().statusCode(201)
                    .body("decision.outcome", equalTo("HELD"))
                    .body("decision.candidates[0].reasons.code", org.hamcrest.Matchers.hasItem("REPLY_WINDOW_CLOSED"));
            as(operator).body(Map.of("text", filled + " Edited.", "templateId", approved)).post(replies).then()
                    .statusCode(422).contentType("application/problem+json");
            as(operator).body(Map.of("text", "Draft " + suffix, "templateId", draft)).post(replies).then()
                    .statusCode(422);
            as(operator).body(Map.of("text", filled, "templateId", approved)).post(replies).then().statusCode(201)
                    .body("channel", equalTo("chatbot")).body("decision.outcome", equalTo("ROUTED"))
                    .body("decision.candidates[0].eligible", equalTo(true))
                    .body("decision.candidates[0].reasons.code", contains("TEMPLATE_OUTSIDE_WINDOW"));
        } finally {
            clock.reset();
        }
    }

    @jakarta.inject.Inject
    io.omnihub.support.MovableClock clock;
}
