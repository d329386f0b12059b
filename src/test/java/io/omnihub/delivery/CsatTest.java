package io.omnihub.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.omnihub.request.RequestRetention;
import io.omnihub.support.Db;
import io.omnihub.support.Inbound;
import io.omnihub.support.KafkaTopic;
import io.omnihub.support.Replies;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * After people answered and resolved a request, one question goes to the customer through the routed channel with the
 * purpose FEEDBACK, gated like any reply; the customer's answer (1-5) on that channel is stored on the request, which
 * stays resolved. A request retention has depersonalised gets none: its thread is gone.
 */
@QuarkusTest
class CsatTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String QUESTION = "How satisfied are you with how we handled your request? Reply with a"
            + " number from 1 (poor) to 5 (excellent).";

    @Inject
    Pool pool;

    @Inject
    Surveys surveys;

    @Inject
    RequestRetention retention;

    @Inject
    Scheduler scheduler;

    /** An SMS customer an operator answered. */
    record Answered(String phone, String customerId, String requestId) {
    }

    private static Answered answered() {
        Inbound.SmsCustomer c = Inbound.smsCustomer();
        Replies.reply(c.requestId(), "Your card is on its way.").then().statusCode(201);
        return new Answered(c.phone(), c.customerId(), c.requestId());
    }

    private static void resolve(String requestId) {
        given().contentType("application/json").body(Map.of("status", "RESOLVED"))
                .put("/api/v1/requests/" + requestId + "/status").then().statusCode(200);
    }

    @Test
    void theSurveyGoesBackBySmsAndTheAnswerIsStoredWithoutReopeningTheRequest() {
        Answered a = answered();
        try (KafkaTopic smsTopic = new KafkaTopic("omnihub.replies.sms")) {
            resolve(a.requestId());
            KafkaTopic.Record survey = smsTopic.await(r -> JsonPath.from(r.value()).getString("text").equals(QUESTION)
                    && JsonPath.from(r.value()).getString("to.value").startsWith(a.phone() + ">"), 1, WAIT).get(0);
            assertThat(JsonPath.from(survey.value()).getString("purpose")).isEqualTo("FEEDBACK");
        }
        given().get("/api/v1/requests/" + a.requestId()).then().body("csat.surveySentAt", notNullValue())
                .body("csat.rating", nullValue());

        Inbound.text(a.phone(), " 4! ");
        given().get("/api/v1/requests/" + a.requestId()).then().statusCode(200)
                .body("status", equalTo("RESOLVED")).body("csat.rating", equalTo(4))
                .body("csat.answeredAt", notNullValue())
                .body("messages.findAll { it.author == 'SYSTEM' }.text", org.hamcrest.Matchers.contains(QUESTION));
        // one answer counts; the next message is the customer's again, and reopens the request
        Inbound.text(a.phone(), "5");
        given().get("/api/v1/requests/" + a.requestId()).then().body("csat.rating", equalTo(4))
                .body("status", equalTo("OPEN"));
    }

    @Test
    void aCustomerWhoWithdrewFeedbackGetsNoSurveyAndAnUnansweredRequestNone() {
        Answered a = answered();
        Replies.consent(a.customerId(), "sms", "FEEDBACK", "WITHDRAW").then().statusCode(201);
        resolve(a.requestId());
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().get("/api/v1/requests/" + a.requestId()).then()
                .body("messages.find { it.author == 'SYSTEM' }.deliveryStatus", equalTo("HELD")));
        JsonPath request = given().get("/api/v1/requests/" + a.requestId()).then().extract().jsonPath();
        assertThat(request.getList("messages.find { it.author == 'SYSTEM' }.routingDecision.candidates.reasons.code")
                .toString()).contains("CONSENT_WITHDRAWN");
        // a held survey is nobody's work: not in the held list
        String surveyId = request.getString("messages.find { it.author == 'SYSTEM' }.id");
        given().queryParam("limit", 200).get("/api/v1/replies/held").then()
                .body("find { it.messageId == '" + surveyId + "' }", nullValue());

        // a request people never answered gets no survey
        String silent = Inbound.smsCustomer().requestId();
        resolve(silent);
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(WAIT).untilAsserted(() -> given()
                .get("/api/v1/requests/" + silent).then().body("csat", nullValue())
                .body("messages.findAll { it.author == 'SYSTEM' }", org.hamcrest.Matchers.empty()));
    }

    @Test
    void aRequestRetentionDepersonalisedGetsNoSurveyEvenOneDueBeforeTheSweep() throws Throwable {
        // the job paused: its survey is due and unsent when the sweep comes, as when the sweep runs before the job
        scheduler.pause(Surveys.JOB);
        try {
            Answered a = answered();
            resolve(a.requestId());
            UUID id = UUID.fromString(a.requestId());
            assertThat(Db.count(pool, "SELECT count(*) FROM request WHERE id = $1 AND survey_due_at IS NOT NULL"
                    + " AND survey_sent_at IS NULL", id)).as("precondition: its survey due, not sent").isEqualTo(1);
            pool.preparedQuery("UPDATE request SET updated_at = updated_at - interval '400 days' WHERE id = $1")
                    .execute(Tuple.of(id)).await().indefinitely();
            retention.sweep().await().indefinitely();
            assertThat(Db.count(pool, "SELECT count(*) FROM request WHERE id = $1 AND depersonalised_at IS NOT NULL"
                    + " AND survey_due_at IS NULL", id)).as("swept, and its survey withdrawn").isEqualTo(1);

            // one queued anyway (by hand here) is never taken: no question is sealed for a thread that is gone
            pool.preparedQuery("UPDATE request SET survey_due_at = now() WHERE id = $1").execute(Tuple.of(id))
                    .await().indefinitely();
            long messages = Db.count(pool, "SELECT count(*) FROM message WHERE request_id = $1", id);
            VertxContextSupport.subscribeAndAwait(surveys::send);
            assertThat(Db.count(pool, "SELECT count(*) FROM request WHERE id = $1 AND survey_sent_at IS NULL", id))
                    .as("not claimed").isEqualTo(1);
            assertThat(Db.count(pool, "SELECT count(*) FROM message WHERE request_id = $1", id)).isEqualTo(messages);
        } finally {
            scheduler.resume(Surveys.JOB);
        }
    }

}
