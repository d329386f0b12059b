package io.omnihub.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent;
import static org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.support.pagefactory.ByChained;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.support.Auth;
import io.omnihub.support.BotPlatformStub;
import io.omnihub.support.Browser;
import io.omnihub.support.BrowserTest;
import io.omnihub.support.Db;
import io.omnihub.support.Inbound;
import io.omnihub.support.Samples;
import io.omnihub.support.Webhooks;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * An operator's day in Chromium: ownership between two operators of one team, a held reply that stays work, a bot's
 * hand-off, notes, labels, transfer, deadlines, canned responses and search.
 */
@QuarkusTest
@QuarkusTestResource(BotPlatformStub.class)
class OperatorsDayBrowserTest extends BrowserTest {

    private static final String DAY_BOT = "day-bot";
    private static final String DAY_BOT_SECRET = "day-bot-secret";

    @Inject
    Pool pool;

    @Inject
    ReactiveRedisDataSource redis;

    @Test
    void oneOperatorTakesTheOtherSeesItOwnedAndIsWarnedBeforeTakingItOver() {
        String team = "desk-" + Samples.unique().toLowerCase();
        String key = Auth.issue("desk-" + Samples.unique(), "web", team, null, List.of("email", "web_visitor"));
        String requestId = Inbound.submitAs(key, Inbound.webMessage()).then().statusCode(201).extract()
                .path("requestId");
        By row = By.cssSelector("tr.row[data-request='" + requestId + "']");

        // Olga takes it from the request page
        signIn("olga", team);
        Browser.waiting(browser).until(presenceOfElementLocated(row));
        assertThat(Browser.text(browser, new ByChained(row, By.className("owner")))).isEqualTo("—");
        Browser.follow(browser, new ByChained(row, By.tagName("a")));
        browser.findElement(By.id("take")).click();
        Browser.waiting(browser).ignoring(WebDriverException.class)
                .until(textToBePresentInElementLocated(By.id("owner"), "olga"));
        assertThat(browser.findElement(By.id("release")).getText()).isEqualTo("Release");
        assertThat(Browser.text(browser, By.id("history"))).contains("user:olga: taken → olga");
        Browser.screenshot(browser, "ownership-1-taken");

        // Ivan, of the same team, sets himself available, and sees the request owned in the queue and on the page
        signIn("ivan", team);
        Browser.ready(browser);
        browser.findElement(By.id("toggle-availability")).click();
        Browser.waiting(browser).ignoring(WebDriverException.class)
                .until(textToBePresentInElementLocated(By.id("my-availability"), "Available"));
        given().header("Authorization", Auth.bearer("ivan", List.of("operator"), List.of(team)))
                .get("/api/v1/operators/me").then().body("available", org.hamcrest.Matchers.equalTo(true));
        Browser.waiting(browser).until(presenceOfElementLocated(row));
        assertThat(Browser.text(browser, new ByChained(row, By.className("owner")))).isEqualTo("olga");
        Browser.select(browser, By.id("owner-filter"), "nobody");
        Browser.submitFilters(browser);
        assertThat(browser.findElements(row)).as("not among nobody's requests").isEmpty();
        browser.get(base + "console/requests/" + requestId);
        Browser.waiting(browser).ignoring(WebDriverException.class)
                .until(textToBePresentInElementLocated(By.id("owner"), "olga"));
        assertThat(browser.findElement(By.id("take")).getText()).isEqualTo("Take over");

        // replying warns first: declined, nothing is sent
        Browser.ready(browser);
        long before = outbound(requestId);
        browser.findElement(By.id("reply-text")).sendKeys("Ivan here: I will look into it.");
        browser.findElement(By.id("send")).click();
        Browser.waiting(browser).until(alertIsPresent());
        assertThat(browser.switchTo().alert().getText()).contains("olga owns this request");
        browser.switchTo().alert().dismiss();
        assertThat(outbound(requestId)).isEqualTo(before);
        // accepted: the reply goes, and Ivan owns the request
        browser.findElement(By.id("send")).click();
        Browser.waiting(browser).until(alertIsPresent());
        browser.switchTo().alert().accept();
        Browser.waiting(browser).until(d -> outbound(requestId) == before + 1);
        given().get("/api/v1/requests/" + requestId).then().statusCode(200)
                .body("assignee", org.hamcrest.Matchers.equalTo("ivan"))
                .body("history.action", org.hamcrest.Matchers.contains("TAKEN", "TAKEN_OVER"));

        // many pages later (each left page may sit in the back-forward cache), the console still answers: a left
        // page's live stream held one of the browser's six connections, until none was left and pages stalled
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
        long clients = redisClients();
        for (int i = 0; i < 10; i++) {
            browser.get(base + "console");
            Browser.ready(browser);
            browser.get(base + "console/requests/" + requestId);
            Browser.ready(browser);
        }
        browser.get(base + "console");
        Browser.ready(browser);
        browser.findElement(By.id("toggle-availability")).click();
        Browser.waiting(browser).ignoring(WebDriverException.class)
                .until(textToBePresentInElementLocated(By.id("my-availability"), "Away"));
        System.out
                .println("DEBUG-CLIENTS " + redis.execute("CLIENT", "LIST").await().indefinitely().toString().lines().count());
        // each page's live stream came and went, and Redis kept its connections: one subscription per replica, not one
        // per page (subscribing and unsubscribing with every page left connections behind until Redis timed out)
        assertThat(redisClients()).as("Redis connections after twenty pages").isLessThanOrEqualTo(clients + 2);
        Browser.screenshot(browser, "ownership-2-queue");
    }

    @Test
    void aHeldReplyStaysWorkAndGoesWhenTheCustomerTextsStart() {
        Map<String, String> first = Inbound.smsInbound();
        Webhooks.sms("/webhooks/sms", first).then().statusCode(200);
        String customerId = given().queryParam("phone", first.get("From")).get("/api/v1/customers").then()
                .extract().path("id");
        String requestId = given().queryParam("customerId", customerId).get("/api/v1/requests").then()
                .extract().path("items[0].id");
        Inbound.text(first.get("From"), "STOP");

        signIn("hana", "support");
        browser.get(base + "console/requests/" + requestId);
        Browser.ready(browser);
        browser.findElement(By.id("reply-text")).sendKeys("Your new card was posted today.");
        browser.findElement(By.id("send")).click();
        By held = By.cssSelector("li.msg.operator .status[data-status='HELD']");
        Browser.waiting(browser).until(presenceOfElementLocated(held));
        assertThat(browser.findElement(By.cssSelector("li.msg.operator .resend")).getText()).isEqualTo("Send again");
        Browser.screenshot(browser, "held-1-request");

        // the request stays in the queue, flagged: replying took it, so it is among hana's own
        browser.get(base + "console?owner=mine");
        By row = By.cssSelector("tr.row[data-request='" + requestId + "']");
        Browser.waiting(browser).until(presenceOfElementLocated(row));
        assertThat(Browser.text(browser, row)).containsIgnoringCase("open").contains("1 held");
        Browser.screenshot(browser, "held-2-queue");

        // the customer texts START: the reply goes by itself
        Inbound.text(first.get("From"), "START");
        browser.get(base + "console/requests/" + requestId);
        Browser.waiting(browser).until(d -> {
            if (!d.findElements(held).isEmpty()) {
                d.navigate().refresh();
                return false;
            }
            return !d.findElements(By.cssSelector("li.msg.operator .status")).isEmpty();
        });
        assertThat(browser.findElements(By.cssSelector("li.msg.operator .resend"))).isEmpty();
        // answered now: it waits for the customer, out of the operators' queue
        browser.get(base + "console?owner=mine");
        Browser.waiting(browser).until(presenceOfElementLocated(By.id("queue-rows")));
        assertThat(browser.findElements(row)).isEmpty();
    }

    @Test
    void aNoteIsDrawnApartALabelFiltersTheQueueAndATransferMovesTheRequest() {
        String team = "desk-" + Samples.unique().toLowerCase();
        String key = Auth.issue("desk-" + Samples.unique(), "web", team, null, List.of("email", "web_visitor"));
        String labelled = Inbound.submitAs(key, Inbound.webMessage()).then().statusCode(201).extract()
                .path("requestId");
        String other = Inbound.submitAs(key, Inbound.webMessage()).then().statusCode(201).extract().path("requestId");
        signIn("olga", team);
        browser.get(base + "console/requests/" + labelled);
        Browser.ready(browser);

        // a note, drawn apart from what the customer was told
        browser.findElement(By.id("note-text")).sendKeys("She prefers a call after 18:00");
        browser.findElement(By.id("add-note")).click();
        By note = By.cssSelector("li.msg.note");
        Browser.waiting(browser).ignoring(WebDriverException.class)
                .until(textToBePresentInElementLocated(note, "She prefers a call after 18:00"));
        assertThat(Browser.text(browser, note)).containsIgnoringCase("internal note").contains("user:olga");
        assertThat(browser.findElements(By.cssSelector("li.msg.customer"))).hasSize(1);

        // a label, and the queue filtered by it
        Browser.ready(browser);
        browser.findElement(By.id("label-input")).sendKeys("callback", Keys.ENTER);
        Browser.waiting(browser).until(presenceOfElementLocated(By.cssSelector("#labels [data-label='callback']")));
        Browser.screenshot(browser, "day-1-note-and-label");
        browser.get(base + "console");
        Browser.ready(browser);
        browser.findElement(By.id("label-filter")).sendKeys("callback");
        Browser.submitFilters(browser);
        By labelledRow = By.cssSelector("tr.row[data-request='" + labelled + "']");
        Browser.waiting(browser).until(presenceOfElementLocated(labelledRow));
        assertThat(browser.findElements(By.cssSelector("tr.row[data-request='" + other + "']"))).isEmpty();
        assertThat(Browser.text(browser, labelledRow)).contains("callback");

        // a transfer to another team: back to the queue, the request out of this team's sight
        browser.get(base + "console/requests/" + labelled);
        Browser.ready(browser);
        browser.findElement(By.cssSelector("#transfer summary")).click();
        browser.findElement(By.id("transfer-team")).sendKeys("billing-" + team);
        browser.findElement(By.id("transfer-note")).sendKeys("Refund above the desk's limit");
        browser.findElement(By.id("transfer-send")).click();
        Browser.waiting(browser).until(d -> d.getCurrentUrl().endsWith("/console"));
        given().get("/api/v1/requests/" + labelled).then().statusCode(200)
                .body("team", org.hamcrest.Matchers.equalTo("billing-" + team))
                .body("history[0].action", org.hamcrest.Matchers.equalTo("TRANSFERRED"))
                .body("history[0].note", org.hamcrest.Matchers.equalTo("Refund above the desk's limit"));
        browser.get(base + "console/requests/" + labelled);
        assertThat(browser.findElement(By.tagName("h1")).getText()).as("out of the team's sight")
                .isEqualTo("404 Not Found");
        assertThat(browser.getPageSource()).doesNotContain("She prefers a call");
    }

    @Test
    void aMissedDeadlineStandsOutInTheQueue() {
        String team = "desk-" + Samples.unique().toLowerCase();
        given().contentType("application/json").header("Authorization", Auth.admin())
                .body(Map.of("name", "Quick desk", "targets", Map.of("firstResponse", Map.of("default", "PT1S"))))
                .put("/api/v1/teams/" + team).then().statusCode(200);
        String key = Auth.issue("desk-" + Samples.unique(), "web", team, null, List.of("email", "web_visitor"));
        String requestId = Inbound.submitAs(key, Inbound.webMessage()).then().statusCode(201).extract()
                .path("requestId");
        signIn("olga", team);
        By overdue = By.cssSelector("tr.row[data-request='" + requestId + "'] td.sla-breached");
        Browser.waiting(browser).until(d -> {
            if (d.findElements(overdue).isEmpty()) {
                d.navigate().refresh();
                return false;
            }
            return true;
        });
        assertThat(Browser.text(browser, overdue)).startsWith("overdue");
        Browser.screenshot(browser, "day-2-sla-breach");
    }

    @Test
    void aCannedResponseIsInsertedWithTheKeyboard() {
        String team = "desk-" + Samples.unique().toLowerCase();
        given().contentType("application/json")
                .header("Authorization", Auth.bearer("sv-" + team, List.of("supervisor"), List.of(team)))
                .body(Map.of("name", "Greeting", "body", "Hello {{customer.name}}, about request {{request.number}}:",
                        "approved", true))
                .post("/api/v1/teams/" + team + "/templates").then().statusCode(201);
        String key = Auth.issue("desk-" + Samples.unique(), "web", team, null, List.of("email", "web_visitor"));
        String requestId = Inbound.submitAs(key, Inbound.webMessage()).then().statusCode(201).extract()
                .path("requestId");
        signIn("olga", team);
        browser.get(base + "console/requests/" + requestId);
        Browser.ready(browser);
        browser.findElement(By.tagName("body")).click();
        browser.switchTo().activeElement().sendKeys("t");
        Browser.waiting(browser).until(d -> "template-picker".equals(d.switchTo().activeElement().getAttribute("id")));
        browser.switchTo().activeElement().sendKeys(Keys.ARROW_DOWN);
        browser.switchTo().activeElement().sendKeys(Keys.ENTER);
        String number = requestId.replace("-", "").substring(24).toUpperCase();
        Browser.waiting(browser).until(d -> ("Hello Anna Petrova, about request " + number + ":")
                .equals(d.findElement(By.id("reply-text")).getAttribute("value")));
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("reply-text");
        // sent as the approved template it is, until the operator edits the text
        assertThat(browser.findElement(By.id("template-id")).getAttribute("value")).isNotEmpty();
        Browser.screenshot(browser, "day-3-canned-response");
        browser.switchTo().activeElement().sendKeys(" Thanks!");
        assertThat(browser.findElement(By.id("template-id")).getAttribute("value")).isEmpty();
    }

    @Test
    void theSearchBoxOpensARequestByNumberAndFindsACustomerByName() {
        String team = "desk-" + Samples.unique().toLowerCase();
        String word = "Quill" + Samples.unique().replaceAll("[^A-Za-z]", "");
        String key = Auth.issue("desk-" + Samples.unique(), "web", team, null, List.of("email", "web_visitor"));
        var message = Inbound.webMessage();
        ((com.fasterxml.jackson.databind.node.ObjectNode) message.get("customer")).put("name", "Vera " + word);
        String requestId = Inbound.submitAs(key, message).then().statusCode(201).extract().path("requestId");
        String number = requestId.replace("-", "").substring(24).toUpperCase();
        signIn("olga", team);
        browser.findElement(By.id("search-q")).sendKeys("#" + number, Keys.ENTER);
        Browser.waiting(browser).until(d -> d.getCurrentUrl().endsWith("/console/requests/" + requestId));
        browser.findElement(By.id("search-q")).sendKeys(word.toLowerCase(), Keys.ENTER);
        Browser.waiting(browser).until(presenceOfElementLocated(By.id("search-results")));
        assertThat(Browser.text(browser, By.id("search-results"))).contains("Vera " + word).contains("#" + number);
    }

    @Test
    void aBotConversationReachesTheQueueOnlyAtHandOffWithItsTranscriptAndTheBotIsTold() {
        // the bot belongs to the team "bots"; its hand-offs go to "day-desk", whose operator never saw it before
        ObjectNode chat = Inbound.chatbotMessage().put("text", "Where is my parcel 7781?");
        String requestId = Webhooks.chatbotFor(DAY_BOT, DAY_BOT_SECRET, chat.toString()).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("BOT")).extract().path("requestId");
        By row = By.cssSelector("tr.row[data-request='" + requestId + "']");
        signIn("olga", "day-desk");
        Browser.ready(browser);
        Browser.waiting(browser).until(presenceOfElementLocated(By.id("queue-rows")));
        assertThat(browser.findElements(row)).as("with the bot, not in the queue").isEmpty();

        ObjectNode handoff = chat.deepCopy().put("type", "handoff").put("eventId", "evt-" + Samples.unique())
                .put("reason", "The bot could not find the parcel");
        handoff.remove("text");
        ArrayNode transcript = handoff.putArray("transcript");
        transcript.addObject().put("id", chat.get("eventId").asText()).put("author", "user")
                .put("text", "Where is my parcel 7781?").put("sentAt", "2026-11-22T10:00:00Z");
        transcript.addObject().put("author", "bot").put("text", "I cannot find it. A colleague will help you.")
                .put("sentAt", "2026-11-22T10:00:03Z");
        Webhooks.chatbotFor(DAY_BOT, DAY_BOT_SECRET, handoff.toString()).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("NEW"));

        browser.navigate().refresh();
        Browser.waiting(browser).until(presenceOfElementLocated(row));
        Browser.screenshot(browser, "handoff-1-queue");
        Browser.follow(browser, new ByChained(row, By.tagName("a")));
        assertThat(Browser.text(browser, By.cssSelector("li.msg.bot[data-channel='chatbot']")))
                .contains("I cannot find it");
        assertThat(browser.findElements(By.cssSelector("li.msg.customer[data-channel='chatbot']")))
                .as("the customer's turn, once").hasSize(1);
        assertThat(Browser.text(browser, By.id("history"))).contains("bot: handed off → day-desk (was bots)");
        assertThat(Browser.text(browser, By.tagName("h1"))).contains("The bot could not find the parcel");
        Browser.screenshot(browser, "handoff-2-transcript");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> BotPlatformStub.received()
                .stream().anyMatch(p -> (requestId + ":handoff.accepted").equals(p.header("X-Omnihub-Notice-Id"))));
    }

    @AfterEach
    void patientPageLoadsAgain() {
        browser.manage().timeouts().pageLoadTimeout(Duration.ofMinutes(5));
    }

    private long redisClients() {
        return redis.execute("CLIENT", "LIST").await().indefinitely().toString().lines().count();
    }

    /** Once htmx runs on the page: a click before would submit the plain form. */
    private void signIn(String name, String team) {
        // each sign-in starts afresh
        browser.manage().deleteAllCookies();
        Browser.signIn(browser, base, name, "operator", team);
    }

    private long outbound(String requestId) {
        return Db.count(pool, "SELECT count(*) FROM message WHERE request_id = $1::uuid AND direction = 'OUTBOUND'",
                requestId);
    }
}
