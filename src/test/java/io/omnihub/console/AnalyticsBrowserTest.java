package io.omnihub.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import io.omnihub.support.Auth;
import io.omnihub.support.Browser;
import io.omnihub.support.BrowserTest;
import io.omnihub.support.Inbound;
import io.omnihub.support.Samples;
import io.omnihub.support.Webhooks;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The analytics page in Chromium: a supervisor of "frontline" sees charts drawn from tables that agree with the API's
 * figures for her teams, and nothing of another team's traffic; operators have no such page.
 */
@QuarkusTest
class AnalyticsBrowserTest extends BrowserTest {

    private static final String TEAM = "frontline";
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:00").withZone(ZoneOffset.UTC);

    @Test
    void aSupervisorsChartsAgreeWithTheApiAndShowNoOtherTeam() {
        String other = "elsewhere-" + Samples.unique();
        String supervisor = Auth.bearer("vera", List.of("supervisor"), List.of(TEAM));
        Map<String, String> sms = Inbound.smsInbound();
        sms.put("AccountSid", "ACconsole");
        Webhooks.smsFor("console-sms-token", "/webhooks/sms", sms).then().statusCode(200);
        String otherKey = Auth.issue("analytics-web-" + Samples.unique(), "web", other, null);
        Inbound.submitAs(otherKey, Inbound.webMessage()).then().statusCode(201);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(sum(given().header("Authorization", Auth.admin()).queryParam("team", other), "in"))
                    .as("the other team's message is counted").isPositive();
            assertThat(sum(given().header("Authorization", supervisor), "in")).as("hers too").isPositive();
        });

        Browser.signIn(browser, base, "vera", "supervisor", TEAM);
        browser.get(base + "console/analytics?days=1&granularity=hour");
        Browser.waiting(browser).until(presenceOfElementLocated(By.cssSelector("#volumes-plot canvas")));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            browser.navigate().refresh();
            Browser.waiting(browser).until(presenceOfElementLocated(By.cssSelector("#volumes-plot canvas")));
            WebElement shown = browser.findElement(By.id("window")); // the page's window, read on every load
            assertThat(table("volumes-table")).as("the chart's table, against the API's figures of her teams")
                    .isEqualTo(api(supervisor, shown.getAttribute("data-from"), shown.getAttribute("data-to")));
        });
        WebElement window = browser.findElement(By.id("window"));
        String from = window.getAttribute("data-from");
        String to = window.getAttribute("data-to");
        assertThat(browser.findElement(By.id("window")).getText()).contains("teams " + TEAM).doesNotContain(other);
        long mine = sum(given().header("Authorization", supervisor).queryParam("from", from).queryParam("to", to), "in");
        long all = sum(given().header("Authorization", Auth.admin()).queryParam("from", from).queryParam("to", to), "in");
        assertThat(mine).as("her teams' messages in, fewer than every team's (the other team's are left out)")
                .isPositive().isLessThan(all);
        Browser.screenshot(browser, "7-analytics");

        browser.manage().deleteAllCookies();
        Browser.signIn(browser, base, "olga", "operator", TEAM);
        assertThat(browser.findElements(By.id("nav-analytics"))).as("no link for operators").isEmpty();
        browser.get(base + "console/analytics");
        assertThat(browser.findElement(By.tagName("body")).getText()).as("the refusal, not some other page")
                .contains("403");
        assertThat(browser.getPageSource()).as("no figures for operators").doesNotContain("volumes-table");
        given().header("Authorization", Auth.bearer("olga", List.of("operator"), List.of(TEAM)))
                .get("/console/analytics").then().statusCode(403);
    }

    /** The table under a chart: period label → its cells. */
    private static Map<String, List<String>> table(String id) {
        Map<String, List<String>> rows = new TreeMap<>();
        for (WebElement row : browser.findElements(By.cssSelector("#" + id + " tbody tr[data-t]"))) {
            List<String> cells = row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
            rows.put(cells.get(0), cells.subList(1, cells.size()));
        }
        return rows;
    }

    /** The API's messages in and replies out per hour, as the page's table shows them. */
    private static Map<String, List<String>> api(String authorization, String from, String to) {
        List<Map<String, Object>> figures = given().header("Authorization", authorization).queryParam("from", from)
                .queryParam("to", to).queryParam("granularity", "hour").get("/api/v1/analytics/figures").then()
                .statusCode(200).extract().jsonPath().getList("");
        Map<String, long[]> sums = new TreeMap<>();
        for (Map<String, Object> f : figures) {
            int column = "in".equals(f.get("metric")) ? 0 : "out".equals(f.get("metric")) ? 1 : -1;
            if (column >= 0) {
                String hour = HOUR.format(Instant.parse((String) f.get("period")));
                sums.computeIfAbsent(hour, h -> new long[] { -1, -1 })[column] = Math.max(0,
                        sums.get(hour)[column]) + ((Number) f.get("value")).longValue();
            }
        }
        Map<String, List<String>> rows = new TreeMap<>();
        sums.forEach((hour, v) -> rows.put(hour, List.of(v[0] < 0 ? "" : Long.toString(v[0]),
                v[1] < 0 ? "" : Long.toString(v[1]))));
        return rows;
    }

    private static long sum(io.restassured.specification.RequestSpecification spec, String metric) {
        List<Map<String, Object>> figures = spec.queryParam("granularity", "hour").get("/api/v1/analytics/figures")
                .then().statusCode(200).extract().jsonPath().getList("");
        return figures.stream().filter(f -> metric.equals(f.get("metric")))
                .mapToLong(f -> ((Number) f.get("value")).longValue()).sum();
    }
}
