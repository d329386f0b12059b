package io.omnihub.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent;
import static org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;

import java.net.URL;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.support.ui.Select;

import io.omnihub.support.Auth;
import io.omnihub.support.Browser;
import io.omnihub.support.Db;
import io.omnihub.support.Inbound;
import io.omnihub.support.Samples;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/** Two operators of one team in Chromium: one takes a request, the other sees it owned and is warned before replying. */
@QuarkusTest
class OwnershipBrowserTest {

    private static WebDriver browser;

    @TestHTTPResource("/")
    URL base;

    @Inject
    Pool pool;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

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
        assertThat(browser.findElement(row).findElement(By.className("owner")).getText()).isEqualTo("—");
        browser.findElement(row).findElement(By.tagName("a")).click();
        ready();
        browser.findElement(By.id("take")).click();
        Browser.waiting(browser).ignoring(WebDriverException.class)
                .until(textToBePresentInElementLocated(By.id("owner"), "olga"));
        assertThat(browser.findElement(By.id("release")).getText()).isEqualTo("Release");
        assertThat(Browser.text(browser, By.id("history"))).contains("user:olga: taken → olga");
        Browser.screenshot(browser, "ownership-1-taken");

        // Ivan, of the same team, sets himself available, and sees the request owned in the queue and on the page
        signIn("ivan", team);
        ready();
        browser.findElement(By.id("toggle-availability")).click();
        Browser.waiting(browser).ignoring(WebDriverException.class)
                .until(textToBePresentInElementLocated(By.id("my-availability"), "Available"));
        given().header("Authorization", Auth.bearer("ivan", List.of("operator"), List.of(team)))
                .get("/api/v1/operators/me").then().body("available", org.hamcrest.Matchers.equalTo(true));
        Browser.waiting(browser).until(presenceOfElementLocated(row));
        assertThat(browser.findElement(row).findElement(By.className("owner")).getText()).isEqualTo("olga");
        new Select(browser.findElement(By.id("owner-filter"))).selectByValue("nobody");
        browser.findElement(By.cssSelector("#filters button[type=submit]")).click();
        Browser.waiting(browser).until(presenceOfElementLocated(By.id("queue-rows")));
        assertThat(browser.findElements(row)).as("not among nobody's requests").isEmpty();
        browser.get(base + "console/requests/" + requestId);
        Browser.waiting(browser).ignoring(WebDriverException.class)
                .until(textToBePresentInElementLocated(By.id("owner"), "olga"));
        assertThat(browser.findElement(By.id("take")).getText()).isEqualTo("Take over");

        // replying warns first: declined, nothing is sent
        ready();
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
        for (int i = 0; i < 4; i++) {
            browser.get(base + "console");
            ready();
            browser.get(base + "console/requests/" + requestId);
            ready();
        }
        browser.get(base + "console");
        ready();
        browser.findElement(By.id("toggle-availability")).click();
        Browser.waiting(browser).ignoring(WebDriverException.class)
                .until(textToBePresentInElementLocated(By.id("my-availability"), "Away"));
        Browser.screenshot(browser, "ownership-2-queue");
    }

    @AfterEach
    void patientPageLoadsAgain() {
        browser.manage().timeouts().pageLoadTimeout(Duration.ofMinutes(5));
    }

    /** Once htmx runs on the page: a click before would submit the plain form. */
    private static void ready() {
        Browser.waiting(browser).until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
                "return document.readyState === 'complete' && !!window.htmx")));
    }

    private void signIn(String name, String team) {
        browser.manage().deleteAllCookies();
        Browser.signIn(browser, base, name, "operator", team);
    }

    private long outbound(String requestId) {
        return Db.count(pool, "SELECT count(*) FROM message WHERE request_id = $1::uuid AND direction = 'OUTBOUND'",
                requestId);
    }
}
