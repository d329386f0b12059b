package io.omnihub.analytics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.omnihub.support.Auth;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The analytics API refuses what it cannot answer with a problem document, lets no operator read figures, and the
 * committed Grafana dashboard queries only metrics that exist from start-up.
 */
@QuarkusTest
class AnalyticsApiTest {

    @Test
    void badWindowsAndSplitsAre400ProblemsNamingTheParameter() {
        List<Map<String, String>> cases = List.of(
                Map.of("granularity", "minute"),
                Map.of("by", "customer"),
                Map.of("from", "yesterday"),
                Map.of("from", "2020-02-01T00:00:00Z", "to", "2020-01-01T00:00:00Z"),
                Map.of("from", "2025-01-01T00:00:00Z", "to", "2026-12-01T00:00:00Z"),
                Map.of("from", "2026-10-01T00:00:00Z", "to", "2026-12-01T00:00:00Z", "granularity", "hour"));
        List<String> named = List.of("granularity", "by", "from", "to", "to", "granularity");
        for (int i = 0; i < cases.size(); i++) {
            for (String path : List.of("/api/v1/analytics/figures", "/api/v1/analytics/figures.csv")) {
                given().queryParams(cases.get(i)).get(path).then().statusCode(400)
                        .contentType("application/problem+json")
                        .body("errors.field", org.hamcrest.Matchers.hasItem(named.get(i)));
            }
        }
    }

    @Test
    void operatorsAndStrangersReadNoFigures() {
        given().header("Authorization", Auth.bearer("op-figures", List.of("operator"), List.of("care")))
                .get("/api/v1/analytics/figures").then().statusCode(403).contentType("application/problem+json");
        given().header("Authorization", "none").get("/api/v1/analytics/figures").then().statusCode(401);
        given().header("Authorization", Auth.supervisor()).post("/api/v1/analytics/rebuild").then().statusCode(403);
    }

    @Test
    void everyMetricTheDashboardQueriesExistsFromStartUp() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(Path.of("k8s/dashboards/omnihub-analytics.json")));
        Set<String> queried = new TreeSet<>();
        Matcher m = Pattern.compile("\\b(omnihub_[a-z_]+)").matcher("");
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                m.reset(target.get("expr").asText());
                while (m.find()) {
                    queried.add(m.group(1));
                }
            }
        }
        assertThat(queried).as("the dashboard's metrics").contains("omnihub_analytics_replies_total",
                "omnihub_analytics_messages_in_total");
        String metrics = given().header("Authorization", "none").get("/q/metrics").then().statusCode(200).extract()
                .asString();
        Set<String> exposed = new TreeSet<>();
        metrics.lines().filter(l -> !l.startsWith("#")).forEach(l -> exposed.add(l.split("[{ ]", 2)[0]));
        assertThat(exposed).as("/q/metrics").containsAll(queried);
        assertThat(metrics).as("low-cardinality labels: channel, team, outcome")
                .contains("omnihub_analytics_replies_total{channel=\"sms\"");
    }
}
