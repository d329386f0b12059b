package io.omnihub.support;

import java.net.URL;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.WebDriver;

import io.quarkus.test.common.http.TestHTTPResource;

/** A console test in Chromium: one browser for the class, pointed at the running Omnihub. */
public abstract class BrowserTest {

    protected static WebDriver browser;

    @TestHTTPResource("/")
    protected URL base;

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
}
