package io.omnihub.request;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.omnihub.support.Auth;
import io.omnihub.support.Inbound;
import io.omnihub.support.KafkaTopic;
import io.omnihub.support.Replies;
import io.omnihub.support.Samples;
import io.omnihub.team.BusinessClock;
import io.omnihub.team.TeamSettings;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Deadlines from a team's targets and business hours; a missed one is an event on omnihub.events and a metric. */
@QuarkusTest
class SlaTest {

    private static String team(Map<String, Object> settings) {
        String team = "sla-" + Samples.unique().toLowerCase();
        given().contentType(ContentType.JSON).header("Authorization", Auth.admin()).body(settings)
                .put("/api/v1/teams/" + team).then().statusCode(200);
        return team;
    }

    private static String request(String team) {
        String key = Auth.issue("sla-" + Samples.unique(), "web", team, null, List.of("email", "web_visitor"));
        return Inbound.submitAs(key, Inbound.webMessage()).then().statusCode(201).extract().path("requestId");
    }

    @Test
    void anUnansweredRequestBreachesItsFirstResponseTargetOnceAndAnAnsweredOneDoesNot() {
        String team = team(Map.of("name", "Fast desk", "targets", Map.of("firstResponse", Map.of("default", "PT2S"),
                "resolution", Map.of("default", "PT1H"))));
        try (KafkaTopic events = new KafkaTopic("omnihub.events")) {
            String late = request(team);
            String answered = request(team);
            Replies.reply(answered, "On it.").then().statusCode(201);

            KafkaTopic.Record breach = events.await(r -> "request.sla-breached".equals(r.type())
                    && r.value().contains(late), 1, Duration.ofSeconds(30)).get(0);
            JsonPath payload = JsonPath.from(breach.value());
            assertThat(payload.getString("team")).isEqualTo(team);
            assertThat(payload.getString("target")).isEqualTo("FIRST_RESPONSE");
            JsonPath view = given().get("/api/v1/requests/" + late).then().statusCode(200).extract().jsonPath();
            assertThat(Instant.parse(payload.getString("dueAt")))
                    .isEqualTo(Instant.parse(view.getString("sla.firstResponseDue")));
            assertThat(view.getString("sla.firstResponseBreachedAt")).isNotNull();
            assertThat(view.getString("sla.resolutionBreachedAt")).isNull();

            // the answered one: answered in time, never reported; and no breach is reported twice
            events.await(r -> false, 0, Duration.ofSeconds(12)); // more than a check interval (10 s)
            assertThat(events.seen()).filteredOn(r -> "request.sla-breached".equals(r.type()))
                    .filteredOn(r -> r.value().contains(late) || r.value().contains(answered)).hasSize(1);
            JsonPath other = given().get("/api/v1/requests/" + answered).then().extract().jsonPath();
            assertThat(other.getString("sla.firstResponseAt")).isNotNull();
            assertThat(other.getString("sla.firstResponseBreachedAt")).isNull();
        }
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics.lines().filter(l -> l.startsWith("omnihub_sla_breaches_total") && l.contains(team)
                && l.contains("FIRST_RESPONSE"))).singleElement().asString().endsWith(" 1.0");
    }

    @Test
    void deadlinesCountOnlyBusinessHours() {
        // one hour on Mondays only: an hour's target falls on a Monday, at least a day away (or later today)
        String team = team(Map.of("name", "Monday desk", "businessHours", Map.of("timeZone", "Asia/Yekaterinburg",
                "weekly", Map.of("MONDAY", List.of("09:00-10:00"))), "targets",
                Map.of("firstResponse", Map.of("web", "PT30M", "default", "PT1H"))));
        String id = request(team);
        JsonPath view = given().get("/api/v1/requests/" + id).then().statusCode(200).extract().jsonPath();
        Instant due = Instant.parse(view.getString("sla.firstResponseDue"));
        // the web channel's own target (30 min), counted in Monday's one hour in Yekaterinburg
        Instant expected = BusinessClock.of(new TeamSettings.BusinessHours("Asia/Yekaterinburg",
                Map.of(DayOfWeek.MONDAY, List.of("09:00-10:00")), List.of()))
                .after(Instant.parse(view.getString("createdAt")), Duration.ofMinutes(30));
        assertThat(due).isEqualTo(expected);
        var local = due.atZone(ZoneId.of("Asia/Yekaterinburg"));
        assertThat(local.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
        assertThat(due).isAfter(Instant.now());
    }
}
