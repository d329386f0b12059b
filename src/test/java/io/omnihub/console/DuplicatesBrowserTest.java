package io.omnihub.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.numberOfElementsToBe;
import static org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.support.Auth;
import io.omnihub.support.Browser;
import io.omnihub.support.BrowserTest;
import io.omnihub.support.Inbound;
import io.omnihub.support.Samples;
import io.omnihub.support.Webhooks;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The review queue of suspected duplicates in Chromium: a bot user typed phones that SMS customers hold; a supervisor
 * of their team merges one pair and dismisses the other; an operator cannot open the queue.
 */
@QuarkusTest
class DuplicatesBrowserTest extends BrowserTest {

    private static final String TEAM = "frontline";

    @Test
    void aSupervisorMergesOneSuspectedPairAndDismissesAnotherWhileOperatorsCannotSeeThem() {
        String merge = suspectedPair();
        String dismiss = suspectedPair();

        signIn("sergey", "supervisor", TEAM);
        browser.get(base + "console/duplicates");
        By mergeRow = By.cssSelector("tr[data-duplicate='" + merge + "']");
        By dismissRow = By.cssSelector("tr[data-duplicate='" + dismiss + "']");
        Browser.waiting(browser).until(presenceOfElementLocated(mergeRow));
        String evidence = given().get("/api/v1/duplicates/" + merge).then().extract().asString();
        assertThat(browser.findElement(mergeRow).getText()).as("the evidence: kinds and trust, never values; API: "
                + evidence).contains("phone: claimed vs vouched");
        Browser.screenshot(browser, "6-suspected-duplicates");

        browser.findElement(mergeRow).findElement(By.cssSelector("button.merge")).click();
        Browser.waiting(browser).until(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent()).accept();
        // counted, not asked whether displayed: the page is swapped under a found row at any moment
        Browser.waiting(browser).until(numberOfElementsToBe(mergeRow, 0));
        Browser.ready(browser); // the reloaded page's dismiss button does nothing until htmx has set it up
        Browser.waiting(browser).ignoring(WebDriverException.class).until(driver -> {
            driver.findElement(dismissRow).findElement(By.cssSelector("button.dismiss")).click();
            return true;
        });
        Browser.waiting(browser).until(numberOfElementsToBe(dismissRow, 0));

        given().get("/api/v1/duplicates/" + merge).then().statusCode(200).body("status",
                org.hamcrest.Matchers.equalTo("MERGED"));
        given().get("/api/v1/duplicates/" + dismiss).then().statusCode(200).body("status",
                org.hamcrest.Matchers.equalTo("DISMISSED"));

        browser.manage().deleteAllCookies();
        signIn("olga", "operator", TEAM);
        assertThat(browser.findElements(By.id("nav-duplicates"))).as("no link for operators").isEmpty();
        browser.get(base + "console/duplicates");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("404 Not Found");
        given().header("Authorization", Auth.bearer("olga", List.of("operator"), List.of(TEAM)))
                .get("/api/v1/duplicates/" + dismiss).then().statusCode(404);
    }

    /** An SMS customer of the team, and a bot user of the team's bot who typed her phone: answers the pair's id. */
    private static String suspectedPair() {
        String phone = Samples.phone();
        Map<String, String> sms = Webhooks.form(Samples.text("sms", "inbound.form"));
        sms.put("MessageSid", "SM" + Samples.unique());
        sms.put("AccountSid", "ACconsole");
        sms.put("From", phone);
        Webhooks.smsFor("console-sms-token", "/webhooks/sms", sms).then().statusCode(200);
        ObjectNode chat = Inbound.chatbotMessage();
        ((ObjectNode) chat.get("user")).put("phone", phone);
        String bot = Webhooks.chatbotFor("console-bot", "console-bot-secret", chat.toString()).then().statusCode(200)
                .extract().path("customerId");
        return given().get("/api/v1/duplicates").then().statusCode(200).extract().jsonPath()
                .getString("find { it.customerA == '" + bot + "' || it.customerB == '" + bot + "' }.id");
    }

    private void signIn(String name, String role, String teams) {
        Browser.signIn(browser, base, name, role, teams);
    }
}
