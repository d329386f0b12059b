package io.omnihub.request;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.omnihub.support.Auth;
import io.omnihub.support.Db;
import io.omnihub.support.Inbound;
import io.omnihub.support.Samples;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;

/** Who owns a request: taking, taking over, assigning, releasing, replying, auto-assignment, and their history. */
@QuarkusTest
class OwnershipTest {

    @Inject
    Pool pool;

    /** A request of its own team, and that team's operators and supervisor. */
    record Team(String id, String requestId, String olga, String ivan, String supervisor) {
    }

    static Team team() {
        String team = "own-" + Samples.unique().toLowerCase();
        String key = Auth.issue("own-" + Samples.unique(), "web", team, null, List.of("email", "web_visitor"));
        String requestId = Inbound.submitAs(key, Inbound.webMessage()).then().statusCode(201).extract()
                .path("requestId");
        return new Team(team, requestId, Auth.bearer("olga-" + team, List.of("operator"), List.of(team)),
                Auth.bearer("ivan-" + team, List.of("operator"), List.of(team)),
                Auth.bearer("sv-" + team, List.of("supervisor"), List.of(team)));
    }

    static RequestSpecification as(String authorization) {
        return given().contentType(ContentType.JSON).header("Authorization", authorization);
    }

    static Response take(String authorization, String requestId, boolean takeOver) {
        return as(authorization).body(Map.of("takeOver", takeOver)).post("/api/v1/requests/" + requestId + "/take");
    }

    @Test
    void oneTakesTheOtherIsToldItIsOwnedAndMayTakeItOverWhichHistoryRecords() {
        Team t = team();
        take(t.olga(), t.requestId(), false).then().statusCode(200).body("assignee", equalTo("olga-" + t.id()));
        take(t.olga(), t.requestId(), false).then().statusCode(200); // taking one's own again changes nothing
        take(t.ivan(), t.requestId(), false).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", containsString("owned-by-another"))
                .body("detail", containsString("olga-" + t.id()));
        as(t.ivan()).get("/api/v1/requests/" + t.requestId()).then().statusCode(200)
                .body("assignee", equalTo("olga-" + t.id()));
        take(t.ivan(), t.requestId(), true).then().statusCode(200).body("assignee", equalTo("ivan-" + t.id()));
        as(t.ivan()).get("/api/v1/requests/" + t.requestId()).then()
                .body("history.action", contains("TAKEN", "TAKEN_OVER"))
                .body("history[1].previous", equalTo("olga-" + t.id()))
                .body("history[1].current", equalTo("ivan-" + t.id()))
                .body("history[1].actor", equalTo("user:ivan-" + t.id()));
    }

    @Test
    void replyingToARequestAnotherOwnsIsRefusedUntilTakenOverAndTheReplierOwnsWhatNobodyDid() {
        Team t = team();
        as(t.olga()).body(Map.of("text", "Olga here")).post("/api/v1/requests/" + t.requestId() + "/replies")
                .then().statusCode(201);
        as(t.olga()).get("/api/v1/requests/" + t.requestId()).then().body("assignee", equalTo("olga-" + t.id()))
                .body("history.action", contains("TAKEN"));
        long messages = messages(t.requestId());
        as(t.ivan()).body(Map.of("text", "Ivan here")).post("/api/v1/requests/" + t.requestId() + "/replies")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", containsString("owned-by-another"));
        assertThat(messages(t.requestId())).as("a refused reply stores nothing").isEqualTo(messages);
        as(t.ivan()).body(Map.of("text", "Ivan here", "takeOver", true))
                .post("/api/v1/requests/" + t.requestId() + "/replies").then().statusCode(201);
        as(t.ivan()).get("/api/v1/requests/" + t.requestId()).then().body("assignee", equalTo("ivan-" + t.id()))
                .body("history.action", contains("TAKEN", "TAKEN_OVER"));
    }

    @Test
    void aSupervisorAssignsOnlyToOperatorsOfTheTeamOnTheRosterAndReleases() {
        Team t = team();
        String outsider = Auth.bearer("out-" + t.id(), List.of("operator"), List.of("elsewhere-" + t.id()));
        assign(t.supervisor(), t.requestId(), "olga-" + t.id()).then().statusCode(400)
                .body("detail", containsString("signed in"));
        as(t.olga()).get("/api/v1/operators/me").then().statusCode(200).body("subject", equalTo("olga-" + t.id()))
                .body("teams", contains(t.id())).body("available", equalTo(false));
        as(outsider).get("/api/v1/operators/me").then().statusCode(200);
        assign(t.supervisor(), t.requestId(), "out-" + t.id()).then().statusCode(400);
        assign(t.olga(), t.requestId(), "olga-" + t.id()).then().statusCode(403);
        assign(t.supervisor(), t.requestId(), "olga-" + t.id()).then().statusCode(200)
                .body("assignee", equalTo("olga-" + t.id()));
        // an operator releases only what they own; a supervisor anything of the team
        as(t.ivan()).delete("/api/v1/requests/" + t.requestId() + "/assignee").then().statusCode(409);
        as(t.supervisor()).delete("/api/v1/requests/" + t.requestId() + "/assignee").then().statusCode(200)
                .body("assignee", nullValue());
        take(t.ivan(), t.requestId(), false).then().statusCode(200);
        as(t.ivan()).delete("/api/v1/requests/" + t.requestId() + "/assignee").then().statusCode(200);
        as(t.supervisor()).get("/api/v1/requests/" + t.requestId()).then()
                .body("history.action", contains("ASSIGNED", "RELEASED", "TAKEN", "RELEASED"))
                .body("history[0].actor", equalTo("user:sv-" + t.id()));
        // another team's operator: as if the request did not exist
        take(outsider, t.requestId(), false).then().statusCode(404);
        as(outsider).delete("/api/v1/requests/" + t.requestId() + "/assignee").then().statusCode(404);
        take(Auth.bearer("dpo-" + t.id(), List.of("privacy-officer"), List.of()), t.requestId(), false).then()
                .statusCode(403);
    }

    @Test
    void concurrentTakesLeaveExactlyOneOwner() throws Exception {
        Team t = team();
        int operators = 8;
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < operators; i++) {
            tokens.add(Auth.bearer("op" + i + "-" + t.id(), List.of("operator"), List.of(t.id())));
        }
        ExecutorService pool = Executors.newFixedThreadPool(operators);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (String token : tokens) {
                statuses.add(pool.submit(() -> {
                    start.await();
                    return take(token, t.requestId(), false).statusCode();
                }));
            }
            start.countDown();
            List<Integer> answers = new ArrayList<>();
            for (Future<Integer> f : statuses) {
                answers.add(f.get());
            }
            assertThat(answers).as("one take wins, the others are told it is owned").containsOnly(200, 409)
                    .filteredOn(s -> s == 200).hasSize(1);
        } finally {
            pool.shutdown();
        }
        assertThat(Db.count(this.pool, "SELECT count(*) FROM request_history WHERE request_id = $1::uuid",
                t.requestId())).isEqualTo(1);
        assertThat(Db.count(this.pool, "SELECT count(*) FROM request WHERE id = $1::uuid AND assignee IS NOT NULL",
                t.requestId())).isEqualTo(1);
    }

    @Test
    void autoAssignmentGoesRoundRobinAmongAvailableOperatorsUpToCapacity() {
        Team t = team(); // its first request, t.requestId(), waits unassigned
        as(Auth.admin()).body(Map.of("name", "Auto " + t.id(), "capacity", 1, "autoAssign", true,
                "businessHours", Map.of("timeZone", "Europe/Moscow", "weekly", Map.of("MONDAY", List.of("09:00-18:00"))),
                "targets", Map.of("firstResponse", Map.of("default", "PT1H"))))
                .put("/api/v1/teams/" + t.id()).then().statusCode(200).body("capacity", equalTo(1));
        String key = Auth.issue("own-" + Samples.unique(), "web", t.id(), null, List.of("email", "web_visitor"));
        List<String> requests = new ArrayList<>(List.of(t.requestId()));
        for (int i = 0; i < 2; i++) {
            requests.add(Inbound.submitAs(key, Inbound.webMessage()).then().statusCode(201).extract()
                    .path("requestId"));
        }
        // nobody available yet: nothing is assigned
        as(t.olga()).body(Map.of("available", true)).put("/api/v1/operators/me/availability").then().statusCode(200)
                .body("available", equalTo(true));
        as(t.ivan()).body(Map.of("available", true)).put("/api/v1/operators/me/availability").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> assigned(requests) == 2);
        List<String> owners = owners(requests);
        assertThat(owners).as("one each: capacity 1").containsExactlyInAnyOrder("olga-" + t.id(), "ivan-" + t.id(),
                null);
        assertThat(owners.get(0)).as("the oldest request first").isNotNull();
        assertThat(owners.get(2)).as("the newest waits: both operators are at capacity").isNull();
        // one operator finishes a request: the waiting one goes to them
        String done = requests.get(owners.indexOf("olga-" + t.id()));
        as(t.olga()).body(Map.of("status", "RESOLVED")).put("/api/v1/requests/" + done + "/status").then()
                .statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> owners(requests).get(2) != null);
        assertThat(owners(requests).get(2)).isEqualTo("olga-" + t.id());
        as(t.supervisor()).get("/api/v1/requests/" + requests.get(2)).then()
                .body("history[0].action", equalTo("ASSIGNED"))
                .body("history[0].actor", equalTo("system:auto-assignment"));
        // the queue filters by owner
        as(t.olga()).queryParam("assignee", "me").get("/api/v1/requests").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.containsInAnyOrder(done, requests.get(2)));
        as(t.supervisor()).put("/api/v1/operators/me/availability").then().statusCode(400);
    }

    @Test
    void teamsAreDescribedByAdminsAndReadByTheirOwnStaff() {
        Team t = team();
        as(Auth.admin()).body(Map.of("name", "Bad", "businessHours", Map.of("timeZone", "Mars/Olympus")))
                .put("/api/v1/teams/" + t.id()).then().statusCode(400).contentType("application/problem+json");
        as(Auth.admin()).body(Map.of("name", "Bad", "businessHours", Map.of("timeZone", "UTC",
                "weekly", Map.of("MONDAY", List.of("18:00-09:00"))))).put("/api/v1/teams/" + t.id()).then()
                .statusCode(400);
        as(Auth.admin()).body(Map.of("name", "Bad", "targets", Map.of("resolution", Map.of("default", "PT0S"))))
                .put("/api/v1/teams/" + t.id()).then().statusCode(400);
        as(t.olga()).body(Map.of("name", "Mine")).put("/api/v1/teams/" + t.id()).then().statusCode(403);
        as(Auth.admin()).body(Map.of("name", "Claims", "businessHours", Map.of("timeZone", "Asia/Yekaterinburg",
                "weekly", Map.of("FRIDAY", List.of("09:00-13:00", "14:00-18:00")), "holidays", List.of("2027-01-01"))))
                .put("/api/v1/teams/" + t.id()).then().statusCode(200);
        as(t.olga()).get("/api/v1/teams/" + t.id()).then().statusCode(200).body("name", equalTo("Claims"))
                .body("businessHours.weekly.FRIDAY", contains("09:00-13:00", "14:00-18:00"))
                .body("businessHours.holidays", contains("2027-01-01"));
        as(Auth.bearer("x-" + t.id(), List.of("operator"), List.of("other"))).get("/api/v1/teams/" + t.id()).then()
                .statusCode(404);
        as(t.olga()).get("/api/v1/teams/" + t.id() + "/operators").then().statusCode(403);
        as(t.olga()).get("/api/v1/operators/me").then().statusCode(200);
        as(t.supervisor()).get("/api/v1/teams/" + t.id() + "/operators").then().statusCode(200)
                .body("subject", org.hamcrest.Matchers.hasItem("olga-" + t.id()));
    }

    @Test
    void aTransferMovesTheRequestToAnotherTeamWithItsNoteAndNobodyOwnsItThere() {
        Team t = team();
        String billing = "bill-" + t.id();
        String billingSupervisor = Auth.bearer("sv-" + billing, List.of("supervisor"), List.of(billing));
        take(t.olga(), t.requestId(), false).then().statusCode(200);
        as(t.olga()).body(Map.of("team", t.id(), "note", "same team")).post("/api/v1/requests/" + t.requestId()
                + "/transfer").then().statusCode(400);
        as(t.olga()).body(Map.of("team", billing)).post("/api/v1/requests/" + t.requestId() + "/transfer").then()
                .statusCode(400).contentType("application/problem+json");
        as(billingSupervisor).body(Map.of("team", "x", "note", "n")).post("/api/v1/requests/" + t.requestId()
                + "/transfer").then().statusCode(404);
        as(Auth.bearer("dpo-" + t.id(), List.of("privacy-officer"), List.of())).body(Map.of("team", billing, "note",
                "n")).post("/api/v1/requests/" + t.requestId() + "/transfer").then().statusCode(403);
        as(Auth.admin()).body(Map.of("team", billing, "note", "n")).post("/api/v1/requests/" + t.requestId()
                + "/transfer").then().statusCode(403);
        as(t.olga()).body(Map.of("team", billing, "note", "Refund above 500 EUR: billing decides"))
                .post("/api/v1/requests/" + t.requestId() + "/transfer").then().statusCode(200)
                .body("team", equalTo(billing)).body("assignee", nullValue());
        // out of the old team's sight, in the new one's
        as(t.olga()).get("/api/v1/requests/" + t.requestId()).then().statusCode(404);
        as(billingSupervisor).get("/api/v1/requests/" + t.requestId()).then().statusCode(200)
                .body("history.action", contains("TAKEN", "RELEASED", "TRANSFERRED"))
                .body("history[2].previous", equalTo(t.id()))
                .body("history[2].current", equalTo(billing))
                .body("history[2].note", equalTo("Refund above 500 EUR: billing decides"))
                .body("history[2].actor", equalTo("user:olga-" + t.id()));
    }

    @Test
    void internalNotesAreNeverSentAndLabelsFilterTheList() {
        Team t = team();
        long outbox = Db.count(pool, "SELECT count(*) FROM outbox");
        String noteId = as(t.olga()).body(Map.of("text", "Called her back: wants a paper invoice"))
                .post("/api/v1/requests/" + t.requestId() + "/notes").then().statusCode(201)
                .body("author", equalTo("user:olga-" + t.id())).extract().path("id");
        as(t.ivan()).get("/api/v1/requests/" + t.requestId()).then()
                .body("notes.text", contains("Called her back: wants a paper invoice"))
                .body("messages.id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(noteId)));
        String customerId = as(t.ivan()).get("/api/v1/requests/" + t.requestId()).then().extract().path("customerId");
        as(t.ivan()).get("/api/v1/customers/" + customerId + "/timeline").then().statusCode(200)
                .body("notes.id", contains(noteId));
        assertThat(Db.count(pool, "SELECT count(*) FROM outbox")).as("a note goes nowhere").isEqualTo(outbox);
        assertThat(Db.count(pool, "SELECT count(*) FROM request_note WHERE id = $1::uuid AND position($2::bytea in"
                + " body_enc) = 0", noteId, "paper invoice".getBytes())).as("sealed, not plain").isEqualTo(1);

        as(t.olga()).put("/api/v1/requests/" + t.requestId() + "/labels/vip").then().statusCode(200)
                .body("$", contains("vip"));
        as(t.olga()).put("/api/v1/requests/" + t.requestId() + "/labels/vip").then().statusCode(200)
                .body("$", contains("vip"));
        as(t.olga()).put("/api/v1/requests/" + t.requestId() + "/labels/VIP!").then().statusCode(400);
        as(t.olga()).queryParam("label", "vip").get("/api/v1/requests").then()
                .body("items.id", contains(t.requestId()));
        as(t.olga()).queryParam("label", "refund").get("/api/v1/requests").then().body("items", hasSize(0));
        as(t.olga()).delete("/api/v1/requests/" + t.requestId() + "/labels/vip").then().statusCode(200)
                .body("$", hasSize(0));
        as(Auth.bearer("x-" + t.id(), List.of("operator"), List.of("other"))).body(Map.of("text", "x"))
                .post("/api/v1/requests/" + t.requestId() + "/notes").then().statusCode(404);
    }

    private static Response assign(String authorization, String requestId, String operator) {
        return as(authorization).body(Map.of("operator", operator)).put("/api/v1/requests/" + requestId + "/assignee");
    }

    private long messages(String requestId) {
        return Db.count(pool, "SELECT count(*) FROM message WHERE request_id = $1::uuid", requestId);
    }

    private long assigned(List<String> requests) {
        return owners(requests).stream().filter(o -> o != null).count();
    }

    private List<String> owners(List<String> requests) {
        List<String> owners = new ArrayList<>();
        for (String id : requests) {
            owners.add(given().get("/api/v1/requests/" + id).then().statusCode(200).extract().path("assignee"));
        }
        return owners;
    }
}
