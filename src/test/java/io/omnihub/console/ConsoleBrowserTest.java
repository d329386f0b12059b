package io.omnihub.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.attributeToBe;
import static org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlContains;

import java.nio.file.Files;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.console.http.CustomerPanelResource;
import io.omnihub.support.Auth;
import io.omnihub.support.BotPlatformStub;
import io.omnihub.support.Browser;
import io.omnihub.support.BrowserTest;
import io.omnihub.support.Replies;
import io.omnihub.support.Samples;
import io.omnihub.support.Webhooks;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The console in Debian's Chromium, against the real Omnihub with PostgreSQL, Redis and Kafka: an operator of the
 * team "frontline" answers a customer who first talked to the chatbot and then wrote by SMS; an operator of
 * another team cannot open the request. 10,000 other requests are in the store while it runs.
 */
@QuarkusTest
@QuarkusTestResource(BotPlatformStub.class)
// each scenario makes its own customers, so they run in any order: a random one, to keep it so
@TestMethodOrder(MethodOrderer.Random.class)
class ConsoleBrowserTest extends BrowserTest {

    private static final String TEAM = "frontline";
    private static boolean seeded;

    @Inject
    Pool pool;

    /** Every scenario runs with 10,000 requests of other customers in the store, seeded once. */
    @BeforeEach
    void tenThousandRequestsInTheStore() {
        if (!seeded) {
            seedTenThousandRequests();
            seeded = true;
        }
        browser.manage().deleteAllCookies();
    }

    /** A customer who talked to the bot, then wrote by SMS from the phone she typed there, proven hers. */
    record Conversation(String phone, String smsRequest, String customer) {
    }

    private static Conversation botThenSms() {
        String phone = Samples.phone();
        ObjectNode chat = chatbotHandoff(phone);
        String smsRequest = sms(phone, "Still no refund for order 5531");
        proveTypedPhone(chat, phone); // the phone she typed in the chat is hers: one profile
        String customer = given().get("/api/v1/requests/" + smsRequest).then().statusCode(200).extract()
                .path("customerId");
        return new Conversation(phone, smsRequest, customer);
    }

    @Test
    void operatorAnswersAnSmsCustomerWhoTalkedToTheBotFirst() throws Exception {
        Conversation c = botThenSms();
        String phone = c.phone();
        String smsRequest = c.smsRequest();

        // 1. sign in
        signIn("olga", "operator", TEAM);
        Browser.screenshot(browser, "1-queue");

        // 2. open the request that arrived by SMS, from the queue filtered on SMS
        Browser.select(browser, By.id("channel-filter"), "sms");
        Browser.submitFilters(browser);
        By row = By.cssSelector("tr.row[data-request='" + smsRequest + "']");
        Browser.waiting(browser).until(presenceOfElementLocated(row));
        Browser.follow(browser, row);
        Browser.waiting(browser).until(presenceOfElementLocated(By.id("timeline")));
        Browser.waiting(browser).until(attributeToBe(By.tagName("body"), "data-live", "connected"));

        // 3. the chatbot transcript is there, bot turns labelled and drawn apart
        List<String> botTurns = browser.findElements(By.cssSelector("li.msg.bot[data-channel='chatbot']")).stream()
                .map(WebElement::getText).toList();
        assertThat(botTurns).hasSize(2).allSatisfy(turn -> assertThat(turn).contains("Chatbot").contains("Bot"))
                .anySatisfy(turn -> assertThat(turn).contains("I cannot find it"));
        assertThat(browser.findElement(By.cssSelector("li.msg.customer[data-channel='sms']")).getText())
                .contains("SMS").contains("Still no refund");
        assertThat(browser.findElement(By.id("profile")).getText()).doesNotContain(phone.substring(4, 9));
        Browser.screenshot(browser, "2-customer-view");

        // 4. typing a reply, the preview says it goes back by SMS
        browser.findElement(By.id("reply-text")).sendKeys("Your refund was sent today; it arrives within 3 days.");
        Browser.waiting(browser).until(attributeToBe(By.id("preview"), "data-channel", "sms"));
        assertThat(Browser.text(browser, By.id("preview"))).contains("Will go to SMS");

        // 5. the customer says "no more SMS" on the phone: withdraw SMS consent in the panel
        browser.findElement(By.cssSelector(
                "#consent tr[data-channel='sms'][data-purpose='SERVICE'] button[data-action='withdraw']")).click();
        Browser.waiting(browser).until(presenceOfElementLocated(By.cssSelector(
                "#consent tr[data-channel='sms'][data-purpose='SERVICE'][data-state='withdrawn']")));
        assertThat(Browser.text(browser, By.cssSelector("#consent .history")))
                .contains(CustomerPanelResource.CONSENT_TEXT_VERSION).contains("user:olga");

        // 6. the preview switches to the fallback and says why
        Browser.waiting(browser).until(attributeToBe(By.id("preview"), "data-channel", "chatbot"));
        assertThat(Browser.text(browser, By.id("preview")))
                .contains("SMS is blocked").contains("Will go to Chatbot").contains("withdrawn");
        assertThat(browser.findElement(By.id("reply-text")).getDomProperty("value"))
                .as("the draft survives the preview and consent refreshes").startsWith("Your refund was sent today");
        Browser.screenshot(browser, "3-preview-fallback");

        // 7. send; the delivery status arrives live, without reloading the page
        ((JavascriptExecutor) browser).executeScript("window.omnihubSamePage = true;");
        int pushesBefore = BotPlatformStub.received().size();
        browser.findElement(By.id("send")).click();
        By reply = By.cssSelector("li.msg.out[data-channel='chatbot']");
        Browser.waiting(browser).until(presenceOfElementLocated(By.cssSelector(
                "li.msg.out[data-channel='chatbot'] [data-status='SENT']")));
        String messageId = Browser.waiting(browser).until(d -> d.findElement(reply).getAttribute("data-message"));
        assertThat(BotPlatformStub.received().subList(pushesBefore, BotPlatformStub.received().size()))
                .anySatisfy(push -> assertThat(push.body()).contains("Your refund was sent today"));
        Replies.receipt(messageId, "chatbot", "DELIVERED").then().statusCode(200);
        Browser.waiting(browser).until(textToBePresentInElementLocated(
                By.cssSelector("li[data-message='" + messageId + "'] .delivery"), "delivered"));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.omnihubSamePage === true;"))
                .isEqualTo(true);
        Browser.screenshot(browser, "4-delivered");
    }

    @Test
    void anOperatorOfAnotherTeamCannotOpenTheRequest() {
        Conversation c = botThenSms();
        String smsRequest = c.smsRequest();
        signIn("boris", "operator", "billing");
        assertThat(browser.findElements(By.cssSelector("tr.row[data-request='" + smsRequest + "']"))).isEmpty();

        browser.get(base + "console/requests/" + smsRequest);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("404 Not Found");
        assertThat(browser.getPageSource()).doesNotContain("Still no refund");
        Browser.screenshot(browser, "5-other-team-404");

        String boris = Auth.bearer("boris", List.of("operator"), List.of("billing"));
        given().header("Authorization", boris).get("/api/v1/requests/" + smsRequest).then().statusCode(404);
        given().header("Authorization", boris).get("/api/v1/customers/" + c.customer() + "/timeline").then()
                .statusCode(404);
        given().header("Authorization", boris).accept("text/html")
                .get("/console/requests/" + smsRequest + "/timeline").then().statusCode(404);
    }

    @Test
    void pagesRenderTimesWithTenThousandRequestsAreRecorded() throws Exception {
        String smsRequest = botThenSms().smsRequest();
        signIn("olga", "operator", TEAM);
        Map<String, Object> times = new LinkedHashMap<>();
        times.put("requestsInStore", count("SELECT count(*) FROM request"));
        times.put("queue", load("console"));
        times.put("queueSmsOnly", load("console?channel=sms"));
        times.put("customerView", load("console/requests/" + smsRequest));
        browser.manage().deleteAllCookies();
        signIn("sam", "supervisor", "*");
        times.put("queueAllTeams", load("console"));
        times.put("measuredAt", Instant.now().toString());
        Files.createDirectories(Browser.SCREENSHOTS);
        String report = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(times);
        Files.writeString(Browser.SCREENSHOTS.resolve("render-times.json"), report);
        System.out.println("[console] render times in ms (server response, then page ready): " + report);
        assertThat((long) times.get("requestsInStore")).isGreaterThanOrEqualTo(10_000);
    }

    @Test
    void aNewRequestAppearsInTheQueueLiveAndTheKeyboardOpensIt() {
        signIn("olga", "operator", TEAM);
        browser.get(base + "console?channel=sms");
        Browser.waiting(browser).until(attributeToBe(By.tagName("body"), "data-live", "connected"));
        ((JavascriptExecutor) browser).executeScript("window.omnihubSamePage = true;");

        String fresh = sms(Samples.phone(), "My card was charged twice");
        By row = By.cssSelector("tr.row[data-request='" + fresh + "']");
        Browser.waiting(browser).until(presenceOfElementLocated(row));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.omnihubSamePage === true;"))
                .isEqualTo(true);
        // read again when a live refresh swapped the rows while they were read
        List<String> order = Browser.waiting(browser).until(d -> d.findElements(By.cssSelector("#queue-rows tr.row"))
                .stream().map(r -> r.getAttribute("data-request")).toList());
        assertThat(order).as("longest waiting first: the newest last").endsWith(fresh);

        // j/k move the focus through the queue (the first row has it on load), Enter opens the focused request,
        // Escape goes back
        for (int i = 0; i < order.size() && !fresh.equals(focusedRow()); i++) {
            press("j");
        }
        assertThat(focusedRow()).as("j moved the focus down to the new request").isEqualTo(fresh);
        if (order.size() > 1) {
            press("k");
            assertThat(focusedRow()).as("k moved it up one row").isEqualTo(order.get(order.indexOf(fresh) - 1));
            press("j");
        }
        press(Keys.ENTER);
        Browser.waiting(browser).until(urlContains("/console/requests/" + fresh));
        assertThat(Browser.text(browser, By.id("timeline"))).contains("My card was charged twice").contains("SMS");
        // the page's script listens for keys once it has run: it marks the page live then
        Browser.waiting(browser).until(attributeToBe(By.tagName("body"), "data-live", "connected"));
        browser.findElement(By.tagName("body")).sendKeys(Keys.ESCAPE);
        Browser.waiting(browser).until(presenceOfElementLocated(By.id("queue-rows")));
    }

    /**
     * Server time to the last byte, and time until the page is ready, from the browser's navigation timing: the first
     * (cold) load, then the median and the slowest of five more.
     */
    private Map<String, Object> load(String path) {
        Map<String, Object> first = timing(path);
        List<Map<String, Object>> warm = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            warm.add(timing(path));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("first", first);
        for (String kind : List.of("response", "ready")) {
            List<Long> values = warm.stream().map(t -> ((Number) t.get(kind)).longValue()).sorted().toList();
            result.put(kind + "Median", values.get(values.size() / 2));
            result.put(kind + "Max", values.get(values.size() - 1));
        }
        return result;
    }

    private Map<String, Object> timing(String path) {
        browser.get(base + path);
        Browser.waiting(browser).until(presenceOfElementLocated(By.tagName("main")));
        @SuppressWarnings("unchecked")
        Map<String, Object> timing = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript(
                "const n = performance.getEntriesByType('navigation')[0];"
                        + " return {response: Math.round(n.responseEnd - n.requestStart),"
                        + " ready: Math.round(n.domContentLoadedEventEnd - n.startTime)};");
        return timing;
    }

    /** The request of the queue row that has the keyboard focus, or null (read again if a refresh swapped it). */
    private String focusedRow() {
        return Browser.waiting(browser).until(d -> java.util.Optional.ofNullable(
                d.switchTo().activeElement().getAttribute("data-request"))).orElse(null);
    }

    /**
     * A key pressed where the keyboard focus is (again, if a live refresh swapped the element meanwhile, or it was
     * not interactable for the moment of the swap: the key was then not delivered).
     */
    private void press(CharSequence key) {
        Browser.waiting(browser).ignoring(org.openqa.selenium.ElementNotInteractableException.class).until(d -> {
            d.switchTo().activeElement().sendKeys(key);
            return true;
        });
    }

    private void signIn(String name, String role, String teams) {
        Browser.signIn(browser, base, name, role, teams);
        assertThat(browser.findElement(By.id("who")).getText()).contains(name).contains(role);
    }

    /** A bot conversation handed off to a human; the user typed her phone in it (claimed). */
    private static ObjectNode chatbotHandoff(String phone) {
        ObjectNode handoff = Samples.json("chatbot", "handoff.json");
        String user = "tg-" + Samples.unique();
        handoff.put("eventId", "evt-" + Samples.unique()).put("conversationId", "conv-" + Samples.unique());
        ((ObjectNode) handoff.get("user")).put("id", user).put("phone", phone);
        ArrayNode transcript = (ArrayNode) handoff.get("transcript");
        ((ObjectNode) transcript.get(0)).put("id", "evt-" + Samples.unique());
        String request = Webhooks.chatbotFor("console-bot", "console-bot-secret", handoff.toString()).then()
                .statusCode(200).extract().path("requestId");
        return handoff.put("requestId", request);
    }

    /** A code by SMS to the phone typed in the chat, typed back into the chat: verified, the profiles joined. */
    private static void proveTypedPhone(ObjectNode chat, String phone) {
        io.omnihub.support.Codes.verifyTypedPhone(chat, chat.get("requestId").asText(), phone,
                body -> Webhooks.chatbotFor("console-bot", "console-bot-secret", body));
    }

    private static String sms(String phone, String text) {
        Map<String, String> form = Webhooks.form(Samples.text("sms", "inbound.form"));
        form.put("MessageSid", "SM" + Samples.unique());
        form.put("AccountSid", "ACconsole");
        form.put("From", phone);
        form.put("Body", text);
        Webhooks.smsFor("console-sms-token", "/webhooks/sms", form).then().statusCode(200);
        // the request of this sender's profile (each scenario's phone is its own)
        String sender = given().queryParam("phone", phone).get("/api/v1/customers").then().statusCode(200)
                .extract().path("id");
        return given().queryParam("customerId", sender).queryParam("channel", "sms").get("/api/v1/requests").then()
                .statusCode(200).extract().path("items[0].id");
    }

    /** 10,000 requests of 1,000 other customers of the same team, waiting up to a week. */
    private void seedTenThousandRequests() {
        pool.query("WITH cs AS (INSERT INTO customer (id) SELECT gen_random_uuid() FROM generate_series(1, 1000)"
                + " RETURNING id), n AS (SELECT id, row_number() OVER () - 1 AS k FROM cs)"
                + " INSERT INTO request (id, customer_id, origin_channel, origin_thread_hash, origin_thread_enc,"
                + " status, team, created_at, updated_at, last_inbound_at)"
                + " SELECT gen_random_uuid(), n.id, (ARRAY['web', 'app', 'office'])[1 + g % 3],"
                + " decode(md5(g::text || n.id::text), 'hex'), '\\x00'::bytea,"
                + " CASE WHEN g % 4 = 0 THEN 'OPEN' ELSE 'NEW' END, '" + TEAM + "', now() - g * interval '1 minute',"
                + " now() - g * interval '1 minute', now() - g * interval '1 minute'"
                + " FROM generate_series(0, 9999) g JOIN n ON n.k = g % 1000")
                .execute().await().indefinitely();
    }

    private long count(String sql) {
        return pool.query(sql).execute().await().indefinitely().iterator().next().getLong(0);
    }
}
