package io.omnihub.support;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.restassured.http.ContentType;

/** Real credentials for tests: operator tokens from the local issuer, adapter keys from the admin API. */
public final class Auth {

    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();
    private static final Map<String, String> KEYS = new ConcurrentHashMap<>();

    private Auth() {
    }

    /** A signed token from the local issuer. */
    public static String token(String subject, List<String> roles, List<String> teams) {
        return TOKENS.computeIfAbsent(subject + roles + teams, k -> given().contentType(ContentType.JSON)
                .header("Authorization", "none")
                .body(Map.of("subject", subject, "roles", roles, "teams", teams))
                .post("/api/v1/local/tokens").then().statusCode(200).extract().path("token"));
    }

    public static String bearer(String subject, List<String> roles, List<String> teams) {
        return "Bearer " + token(subject, roles, teams);
    }

    /** The default caller of flow tests: a supervisor who sees every team. */
    public static String supervisor() {
        return bearer("test-supervisor", List.of("supervisor"), List.of("*"));
    }

    public static String admin() {
        return bearer("test-admin", List.of("admin"), List.of());
    }

    /**
     * A key of a test adapter bound to this channel, vouching for every identifier kind the channel carries: the
     * flow tests play backends that authenticated their customers. Tests of claimed identifiers issue their own
     * ({@link #issue(String, String, String, Integer, List)} with no kinds).
     */
    public static String adapterKey(String channel) {
        return KEYS.computeIfAbsent(channel, c -> issue("test-" + c + "-" + Samples.unique(), c, null, null,
                VOUCHING.getOrDefault(c, List.of())));
    }

    private static final Map<String, List<String>> VOUCHING = Map.of(
            "web", List.of("email", "phone", "web_visitor"),
            "app", List.of("app_user", "email", "phone"),
            "office", List.of("office_card", "email", "phone"));

    public static String issue(String adapter, String channel, String team, Integer rateLimit) {
        return issue(adapter, channel, team, rateLimit, List.of());
    }

    /** A credential vouching for these identifier kinds (wire names). */
    public static String issue(String adapter, String channel, String team, Integer rateLimit, List<String> vouches) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("channel", channel);
        if (team != null) {
            body.put("team", team);
        }
        if (rateLimit != null) {
            body.put("rateLimit", rateLimit);
        }
        body.put("vouches", vouches);
        return given().contentType(ContentType.JSON).header("Authorization", admin()).body(body)
                .post("/api/v1/admin/adapters/" + adapter + "/credentials").then().statusCode(201)
                .extract().path("key");
    }
}
