package io.omnihub.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

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

/**
 * The console over HTTP: sign-in and its cookie, where the unauthenticated are sent, who may do what, masked
 * contacts, manual merges, and bad input answered with 4xx and nothing stored.
 */
@QuarkusTest
class ConsoleTest {

    static final String TEAM = "console-api";
    static String adapterKey;

    @Inject
    Pool pool;

    /** An adapter whose requests belong to {@link #TEAM}, issued on first use (Quarkus is up by then). */
    private static synchronized String adapterKey() {
        if (adapterKey == null) {
            adapterKey = Auth.issue("console-api-web-" + Samples.unique(), "web", TEAM, null);
        }
        return adapterKey;
    }

    @Test
    void signingInSetsAStrictHttpOnlyCookieScopedToTheConsole() {
        Response signIn = signIn("olga", "operator", TEAM);
        signIn.then().statusCode(303).header("Location", containsString("/console"));
        String setCookie = signIn.header("Set-Cookie");
        assertThat(setCookie).contains("omnihub_console=").contains("Path=/console").contains("HttpOnly")
                .containsIgnoringCase("SameSite=Strict");
        asBrowser(signIn.cookie("omnihub_console")).get("/console")
                .then().statusCode(200).body(containsString("id=\"queue-rows\"")).body(containsString("olga"));

        asBrowser(signIn.cookie("omnihub_console")).post("/console/sign-out").then().statusCode(303)
                .header("Set-Cookie", containsString("Max-Age=0"));
    }

    @Test
    void theUnauthenticatedAreSentToSignInAndTheApiStillAnswersProblemJson() {
        asBrowser(null).get("/console").then().statusCode(303).header("Location", containsString("/console/sign-in"));
        asBrowser("not-a-token").get("/console/queue").then().statusCode(303)
                .header("Location", containsString("/console/sign-in"));
        asBrowser(null).header("HX-Request", "true").get("/console/queue").then().statusCode(401)
                .header("HX-Redirect", "/console/sign-in");
        given().header("Authorization", "").get("/api/v1/requests").then().statusCode(401)
                .contentType("application/problem+json").body("status", equalTo(401));
        given().header("Authorization", "").redirects().follow(false).get("/console/sign-in").then().statusCode(200)
                .body(containsString("<form"));
    }

    @Test
    void aCrossSitePostIsRefusedAndStoresNothing() {
        Created created = created();
        String cookie = cookie("olga", "operator", TEAM);
        asBrowser(cookie).header("Sec-Fetch-Site", "cross-site").contentType(ContentType.URLENC)
                .formParam("text", "forged reply").post("/console/requests/" + created.request() + "/replies")
                .then().statusCode(403).contentType("application/problem+json").body(not(containsString("Exception")));
        assertThat(outbound(created.request())).isZero();

        asBrowser(cookie).header("Sec-Fetch-Site", "same-origin").header("HX-Request", "true")
                .contentType(ContentType.URLENC).formParam("text", "a real reply")
                .post("/console/requests/" + created.request() + "/replies")
                .then().statusCode(204).header("HX-Trigger", "reply-sent");
        assertThat(outbound(created.request())).isOne();
    }

    @Test
    void badConsoleInputIsA400ProblemAndChangesNothing() {
        Created created = created();
        String cookie = cookie("olga", "operator", TEAM);
        long consentEvents = consentEvents(created.customer());
        htmx(cookie).get("/console/queue?status=BOGUS").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("status"));
        htmx(cookie).get("/console/queue?waiting=-5").then().statusCode(400)
                .contentType("application/problem+json");
        htmx(cookie).get("/console/requests/not-an-id/timeline").then().statusCode(400)
                .contentType("application/problem+json");
        htmx(cookie).contentType(ContentType.URLENC).formParam("text", " ")
                .post("/console/requests/" + created.request() + "/replies").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("text"));
        htmx(cookie).contentType(ContentType.URLENC).formParam("requestId", created.request())
                .formParam("channel", "web").formParam("purpose", "SERVICE").formParam("action", "MAYBE")
                .post("/console/customers/" + created.customer() + "/consent").then().statusCode(400)
                .body("errors[0].field", equalTo("action"));
        htmx(cookie).contentType(ContentType.URLENC).formParam("requestId", created.request())
                .formParam("channel", "carrier-pigeon").formParam("purpose", "SERVICE").formParam("action", "GRANT")
                .post("/console/customers/" + created.customer() + "/consent").then().statusCode(400)
                .body("errors[0].field", equalTo("channel"));
        assertThat(outbound(created.request())).isZero();
        assertThat(consentEvents(created.customer())).isEqualTo(consentEvents);

        // a browser asking for a page gets an HTML error page, never a stack trace
        asBrowser(cookie).get("/console/requests/not-an-id").then().statusCode(400).contentType("text/html")
                .body(containsString("400")).body(not(containsString("Exception")));
    }

    @Test
    void anOperatorSeesMaskedContactsAndASupervisorTheFullOnes() {
        Created created = created();
        String operator = Auth.bearer("olga", List.of("operator"), List.of(TEAM));
        String shown = given().header("Authorization", operator).get("/api/v1/customers/" + created.customer())
                .then().statusCode(200).extract().path("contactPoints.find { it.kind.equalsIgnoreCase('email') }.value");
        assertThat(shown).isNotEqualTo(created.email()).contains("***").doesNotContain(created.email().split("@")[0]);
        given().header("Authorization", Auth.supervisor()).get("/api/v1/customers/" + created.customer())
                .then().statusCode(200).body("contactPoints.find { it.kind.equalsIgnoreCase('email') }.value",
                        equalTo(created.email()));
        asBrowser(cookie("olga", "operator", TEAM)).get("/console/requests/" + created.request()).then()
                .statusCode(200).body(not(containsString(created.email())));
        asBrowser(cookie("sam", "supervisor", "*")).get("/console/requests/" + created.request()).then()
                .statusCode(200).body(containsString(created.email()));
    }

    @Test
    void onlyASupervisorMergesProfilesByHand() {
        Created a = created();
        Created b = created();
        String operator = Auth.bearer("olga", List.of("operator"), List.of(TEAM));
        given().header("Authorization", operator).contentType(ContentType.JSON).body(Map.of("mergedId", b.customer()))
                .post("/api/v1/customers/" + a.customer() + "/merges").then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("mergedId", a.customer()))
                .post("/api/v1/customers/" + a.customer() + "/merges").then().statusCode(400)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("mergedId", "01a204b5-0000-7000-8000-000000000000"))
                .post("/api/v1/customers/" + a.customer() + "/merges").then().statusCode(404);
        given().contentType(ContentType.JSON).body("{\"mergedId\":")
                .post("/api/v1/customers/" + a.customer() + "/merges").then().statusCode(400);
        assertThat(status(b.customer())).isEqualTo("ACTIVE");

        given().contentType(ContentType.JSON).body(Map.of("mergedId", b.customer()))
                .post("/api/v1/customers/" + a.customer() + "/merges").then().statusCode(201)
                .body("survivorId", equalTo(a.customer())).body("mergedId", equalTo(b.customer()))
                .body("reason", equalTo("manual"));
        assertThat(status(b.customer())).isEqualTo("MERGED");
        given().get("/api/v1/customers/" + a.customer()).then().statusCode(200)
                .body("contactPoints.value", org.hamcrest.Matchers.hasItem(b.email()));
        // merging a profile that is already merged is a conflict, not a second merge
        given().contentType(ContentType.JSON).body(Map.of("mergedId", b.customer()))
                .post("/api/v1/customers/" + a.customer() + "/merges").then().statusCode(409);
    }

    @Test
    void anOperatorChangesPreferencesOnTheCustomersWordAndBadOnesChangeNothing() {
        Created created = created();
        String cookie = cookie("olga", "operator", TEAM);
        htmx(cookie).contentType(ContentType.URLENC).formParam("requestId", created.request())
                .formParam("channels", "email, web").formParam("only", "on").formParam("quietStart", "22:00")
                .formParam("quietEnd", "08:00").formParam("timeZone", "Europe/Moscow").formParam("language", "ru")
                .post("/console/customers/" + created.customer() + "/preferences").then().statusCode(200)
                .header("HX-Trigger", "consent-changed").body(containsString("email → web"))
                .body(containsString("user:olga"));
        given().get("/api/v1/customers/" + created.customer() + "/preferences").then().statusCode(200)
                .body("preferredChannels", equalTo(List.of("email", "web"))).body("onlyPreferred", equalTo(true))
                .body("timeZone", equalTo("Europe/Moscow")).body("language", equalTo("ru"));

        for (Map<String, String> bad : List.of(Map.of("channels", "carrier-pigeon"), Map.of("channels", "sms, sms"),
                Map.of("only", "on"), Map.of("quietStart", "25:00", "quietEnd", "08:00", "timeZone", "UTC"),
                Map.of("quietStart", "22:00", "quietEnd", "08:00", "timeZone", "Mars/Olympus"),
                Map.of("language", "Russian please"))) {
            htmx(cookie).contentType(ContentType.URLENC).formParam("requestId", created.request()).formParams(bad)
                    .post("/console/customers/" + created.customer() + "/preferences").then().statusCode(400)
                    .contentType("application/problem+json");
        }
        htmx(cookie("pia", "privacy-officer", "*")).contentType(ContentType.URLENC)
                .formParam("requestId", created.request()).formParam("channels", "web")
                .post("/console/customers/" + created.customer() + "/preferences").then().statusCode(403);
        given().get("/api/v1/customers/" + created.customer() + "/preferences").then().statusCode(200)
                .body("preferredChannels", equalTo(List.of("email", "web"))).body("language", equalTo("ru"));
    }

    record Created(String request, String customer, String email) {
    }

    private static Created created() {
        var message = Inbound.webMessage();
        String email = message.get("customer").get("email").asText();
        var answer = Inbound.submitAs(adapterKey(), message).then().statusCode(201).extract();
        return new Created(answer.path("requestId"), answer.path("customerId"), email);
    }

    private long outbound(String request) {
        return Db.count(pool, "SELECT count(*) FROM message WHERE request_id = $1 AND direction = 'OUTBOUND'",
                java.util.UUID.fromString(request));
    }

    private long consentEvents(String customer) {
        return Db.count(pool, "SELECT count(*) FROM consent_event WHERE customer_id = $1",
                java.util.UUID.fromString(customer));
    }

    private String status(String customer) {
        return given().get("/api/v1/customers/" + customer).then().statusCode(200).extract().path("status");
    }

    /** A browser: no bearer token, the console cookie if any, and HTML wanted. */
    private static RequestSpecification asBrowser(String cookie) {
        RequestSpecification spec = given().header("Authorization", "").redirects().follow(false)
                .accept("text/html,application/xhtml+xml");
        return cookie == null ? spec : spec.cookie("omnihub_console", cookie);
    }

    private static RequestSpecification htmx(String cookie) {
        return asBrowser(cookie).header("HX-Request", "true");
    }

    private static String cookie(String name, String role, String teams) {
        return signIn(name, role, teams).then().statusCode(303).extract().cookie("omnihub_console");
    }

    private static Response signIn(String name, String role, String teams) {
        return given().header("Authorization", "").redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("subject", name).formParam("role", role).formParam("teams", teams)
                .post("/console/sign-in");
    }
}
