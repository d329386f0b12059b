package io.omnihub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver. Nothing is downloaded: both binaries are given
 * by path. Without them the browser tests are skipped with a note, unless {@code OMNIHUB_BROWSER_REQUIRED} is set
 * (as {@code .ci/run} does), and then they fail.
 */
public final class Browser {

    public static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("OMNIHUB_CHROMIUM", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(
            System.getenv().getOrDefault("OMNIHUB_CHROMEDRIVER", "/usr/bin/chromedriver"));

    private Browser() {
    }

    public static WebDriver start() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (!present && System.getenv("OMNIHUB_BROWSER_REQUIRED") != null) {
            Assertions.fail("Browser tests need " + CHROMIUM + " and " + DRIVER
                    + " (Debian packages chromium and chromium-driver)");
        }
        Assumptions.assumeTrue(present, "Chromium or chromedriver missing; install Debian's chromium and chromium-driver");
        try {
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1440,900",
                    "--user-data-dir=" + Files.createTempDirectory("omnihub-chromium"));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
            return new ChromeDriver(service, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Signs in on the console's local sign-in form and waits for the queue. */
    public static void signIn(WebDriver browser, java.net.URL base, String name, String role, String teams) {
        browser.get(base + "console/sign-in");
        browser.findElement(By.id("subject")).sendKeys(name);
        select(browser, By.id("role"), role);
        browser.findElement(By.id("teams")).sendKeys(teams);
        browser.findElement(By.id("sign-in")).click();
        waiting(browser).until(org.openqa.selenium.support.ui.ExpectedConditions
                .presenceOfElementLocated(By.id("queue-rows")));
    }

    /**
     * Submits the queue's filters and waits for the filtered queue: the page before the submit keeps its rows until
     * the form's GET lands, so a row looked for at once may be the old page's.
     */
    public static void submitFilters(WebDriver browser) {
        follow(browser, By.cssSelector("#filters button[type=submit]"));
        waiting(browser).until(org.openqa.selenium.support.ui.ExpectedConditions
                .presenceOfElementLocated(By.id("queue-rows")));
    }

    /**
     * Clicks what leaves the page (a link, a row, a form's button) and waits for the next page, loaded with htmx
     * ready: until the old page is gone, everything looked for may be found on it. The click is tried again when a
     * live update swapped the element between finding and clicking it.
     */
    public static void follow(WebDriver browser, By target) {
        org.openqa.selenium.WebElement before = browser.findElement(By.tagName("html"));
        waiting(browser).until(d -> {
            d.findElement(target).click();
            return true;
        });
        waiting(browser).until(org.openqa.selenium.support.ui.ExpectedConditions.stalenessOf(before));
        ready(browser);
    }

    /** Waits until the page has loaded and htmx has set it up (before that, an htmx button does nothing). */
    public static void ready(WebDriver browser) {
        waiting(browser).until(d -> Boolean.TRUE.equals(((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                "return document.readyState === 'complete' && !!window.htmx")));
    }

    /**
     * Waits up to 15 s; a timeout message carries the page's address and source, to see what went wrong. The wait
     * looks again when live updates swapped an element between finding and reading it (a condition such
     * as {@code attributeToBe} finds, then reads).
     */
    public static WebDriverWait waiting(WebDriver browser) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15), Duration.ofMillis(50));
        wait.withMessage(() -> "on " + browser.getCurrentUrl() + ":\n" + browser.getPageSource());
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /**
     * The text of an element that live updates may swap at any moment: read again when the element went stale
     * between finding and reading it.
     */
    public static String text(WebDriver browser, By element) {
        return waiting(browser).until(driver -> driver.findElement(element).getText());
    }

    /**
     * Chooses {@code value} in a select that the page may swap meanwhile (a live update, htmx setting the page up):
     * chosen again until the select found afterwards holds it. Chromium reports a node swapped during the choice as
     * an unknown error that its node "does not belong to the document" (a CI run of 7 December), not as stale.
     */
    public static void select(WebDriver browser, By select, String value) {
        waiting(browser).until(d -> {
            try {
                new org.openqa.selenium.support.ui.Select(d.findElement(select)).selectByValue(value);
            } catch (org.openqa.selenium.WebDriverException e) {
                if (e instanceof StaleElementReferenceException || e.getMessage() == null
                        || !e.getMessage().contains("does not belong to the document")) {
                    throw e;
                }
                return false;
            }
            return value.equals(d.findElement(select).getDomProperty("value"));
        });
    }

    /** Saves what the browser shows now as {@code target/console-screenshots/<name>.png}. */
    public static void screenshot(WebDriver browser, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
