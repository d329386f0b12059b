package io.omnihub.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.support.Auth;
import io.omnihub.support.Db;
import io.omnihub.support.Inbound;
import io.omnihub.support.Replies;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Every endpoint × every kind of caller. Denied callers get 401, 403 or 404 and change nothing; allowed callers
 * get their answer. Objects outside an operator's teams are 404, exactly like objects that do not exist.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixTest {

    @Inject
    Pool pool;

    /** The kinds of caller, each a way to authenticate (or not). */
    enum Who {
        NOBODY,
        EXPIRED,
        FORGED,
        OTHER_ADAPTER,
        OTHER_TEAM,
        OPERATOR,
        SUPERVISOR,
        PRIVACY_OFFICER,
        ADMIN,
        ADAPTER
    }

    private final Map<Who, String> authorization = new LinkedHashMap<>();
    private String requestId;
    private String customerId;
    private String email;
    private String replyId;
    private String webKey;

    /** Runs inside the first test: RestAssured knows Omnihub's port only then. */
    private void data() throws Exception {
        if (requestId != null) {
            return;
        }
        webKey = Auth.adapterKey("web");
        ObjectNode web = Inbound.webMessage();
        email = web.get("customer").get("email").asText();
        var created = Inbound.submit(web).then().statusCode(201).extract();
        requestId = created.path("requestId");
        customerId = created.path("customerId");
        replyId = Replies.reply(requestId, "Matrix reply").then().statusCode(201).extract().path("messageId");

        var other = KeyPairGenerator.getInstance("RSA");
        other.initialize(2048);
        authorization.put(Who.EXPIRED, "Bearer " + Jwt.issuer("omnihub-local").subject("late").groups("operator")
                .claim("teams", List.of("support")).expiresAt(Instant.now().minusSeconds(3600)).sign());
        authorization.put(Who.FORGED, "Bearer " + Jwt.issuer("omnihub-local").subject("mallory")
                .groups(Set.of("supervisor", "admin", "privacy-officer")).claim("teams", List.of("*"))
                .expiresIn(3600).sign(other.generateKeyPair().getPrivate()));
        authorization.put(Who.OTHER_TEAM, Auth.bearer("op-offices", List.of("operator"), List.of("offices")));
        authorization.put(Who.OPERATOR, Auth.bearer("op-support", List.of("operator"), List.of("support")));
        authorization.put(Who.SUPERVISOR, Auth.bearer("sv-support", List.of("supervisor"), List.of("support")));
        authorization.put(Who.PRIVACY_OFFICER, Auth.bearer("dpo", List.of("privacy-officer"), List.of()));
        authorization.put(Who.ADMIN, Auth.admin());
        // on the roster, so that a supervisor may assign them
        given().header("Authorization", authorization.get(Who.OPERATOR)).get("/api/v1/operators/me").then()
                .statusCode(200);
    }

    private RequestSpecification as(Who who) {
        RequestSpecification spec = given().contentType(ContentType.JSON);
        return switch (who) {
            case NOBODY -> spec.header("Authorization", "");
            case OTHER_ADAPTER -> spec.header("Authorization", "").header("X-Omnihub-Key", Auth.adapterKey("app"));
            case ADAPTER -> spec.header("Authorization", "").header("X-Omnihub-Key", webKey);
            default -> spec.header("Authorization", authorization.get(who));
        };
    }

    /** An endpoint, who may call it, and the status an allowed call gets. */
    private record Endpoint(String name, Set<Who> allowed, int success, boolean writes,
            java.util.function.BiFunction<RequestSpecification, AccessMatrixTest, Response> call) {
    }

    private static final Set<Who> READERS = Set.of(Who.OPERATOR, Who.SUPERVISOR, Who.PRIVACY_OFFICER);
    private static final Set<Who> AGENTS = Set.of(Who.OPERATOR, Who.SUPERVISOR);
    /** Operators and supervisors of any team, for what takes no object id. */
    private static final Set<Who> ANY_TEAMS_AGENTS = Set.of(Who.OPERATOR, Who.OTHER_TEAM, Who.SUPERVISOR);

    private List<Endpoint> endpoints() {
        List<Endpoint> e = new ArrayList<>();
        e.add(new Endpoint("GET request", READERS, 200, false, (s, t) -> s.get("/api/v1/requests/" + t.requestId)));
        e.add(new Endpoint("GET timeline", READERS, 200, false,
                (s, t) -> s.get("/api/v1/customers/" + t.customerId + "/timeline")));
        e.add(new Endpoint("GET customer", READERS, 200, false, (s, t) -> s.get("/api/v1/customers/" + t.customerId)));
        e.add(new Endpoint("find customer", READERS, 200, false,
                (s, t) -> s.queryParam("email", t.email).get("/api/v1/customers")));
        e.add(new Endpoint("GET merges", Set.of(Who.SUPERVISOR, Who.PRIVACY_OFFICER), 200, false,
                (s, t) -> s.get("/api/v1/customers/" + t.customerId + "/merges")));
        e.add(new Endpoint("GET preferences", READERS, 200, false,
                (s, t) -> s.get("/api/v1/customers/" + t.customerId + "/preferences")));
        e.add(new Endpoint("PUT preferences", AGENTS, 200, true,
                (s, t) -> s.body(Map.of("language", "ru")).put("/api/v1/customers/" + t.customerId + "/preferences")));
        e.add(new Endpoint("GET consents", READERS, 200, false,
                (s, t) -> s.get("/api/v1/customers/" + t.customerId + "/consents")));
        e.add(new Endpoint("POST consent", READERS, 201, true, (s, t) -> s.body(Map.of("channel", "email", "purpose",
                "MARKETING", "action", "GRANT", "textVersion", "v1", "evidence", Map.of("form", "matrix")))
                .post("/api/v1/customers/" + t.customerId + "/consents")));
        e.add(new Endpoint("preview", AGENTS, 200, false,
                (s, t) -> s.body(Map.of()).post("/api/v1/requests/" + t.requestId + "/replies/preview")));
        e.add(new Endpoint("reply", AGENTS, 201, true, (s, t) -> s.body(Map.of("text", "hi", "takeOver", true))
                .post("/api/v1/requests/" + t.requestId + "/replies")));
        e.add(new Endpoint("held replies", Set.of(Who.OPERATOR, Who.OTHER_TEAM, Who.SUPERVISOR, Who.PRIVACY_OFFICER),
                200, false, (s, t) -> s.get("/api/v1/replies/held")));
        // the matrix's reply was routed, not held: an allowed caller is told so (409), a denied one never gets as far
        e.add(new Endpoint("resend held reply", AGENTS, 409, true,
                (s, t) -> s.post("/api/v1/requests/" + t.requestId + "/replies/" + t.replyId + "/resend")));
        // a transfer moves the matrix's request out of its team: OwnershipTest checks it for each kind of caller
        e.add(new Endpoint("internal note", AGENTS, 201, true, (s, t) -> s.body(Map.of("text", "matrix note"))
                .post("/api/v1/requests/" + t.requestId + "/notes")));
        e.add(new Endpoint("label", AGENTS, 200, true,
                (s, t) -> s.put("/api/v1/requests/" + t.requestId + "/labels/matrix")));
        e.add(new Endpoint("unlabel", AGENTS, 200, true,
                (s, t) -> s.delete("/api/v1/requests/" + t.requestId + "/labels/matrix")));
        e.add(new Endpoint("team templates", Set.of(Who.OPERATOR, Who.SUPERVISOR, Who.ADMIN), 200, false,
                (s, t) -> s.get("/api/v1/teams/support/templates")));
        e.add(new Endpoint("write a template", Set.of(Who.SUPERVISOR, Who.ADMIN), 201, false, (s, t) -> s.body(Map.of(
                "name", "matrix " + io.omnihub.support.Samples.unique(), "body", "Hello {{customer.name}}"))
                .post("/api/v1/teams/support/templates")));
        e.add(new Endpoint("request's templates", AGENTS, 200, false,
                (s, t) -> s.get("/api/v1/requests/" + t.requestId + "/templates")));
        e.add(new Endpoint("take", AGENTS, 200, true, (s, t) -> s.body(Map.of("takeOver", true))
                .post("/api/v1/requests/" + t.requestId + "/take")));
        e.add(new Endpoint("assign", Set.of(Who.SUPERVISOR), 200, true, (s, t) -> s.body(Map.of("operator",
                "op-support")).put("/api/v1/requests/" + t.requestId + "/assignee")));
        e.add(new Endpoint("release", AGENTS, 200, true,
                (s, t) -> s.delete("/api/v1/requests/" + t.requestId + "/assignee")));
        e.add(new Endpoint("own roster entry", ANY_TEAMS_AGENTS, 200, false, (s, t) -> s.get("/api/v1/operators/me")));
        e.add(new Endpoint("availability", ANY_TEAMS_AGENTS, 200, true, (s, t) -> s.body(Map.of("available", false))
                .put("/api/v1/operators/me/availability")));
        e.add(new Endpoint("list teams", Set.of(Who.OPERATOR, Who.OTHER_TEAM, Who.SUPERVISOR, Who.PRIVACY_OFFICER,
                Who.ADMIN), 200, false, (s, t) -> s.get("/api/v1/teams")));
        e.add(new Endpoint("read team", Set.of(Who.OPERATOR, Who.SUPERVISOR, Who.PRIVACY_OFFICER, Who.ADMIN), 200,
                false, (s, t) -> s.get("/api/v1/teams/support")));
        e.add(new Endpoint("team roster", Set.of(Who.SUPERVISOR, Who.ADMIN), 200, false,
                (s, t) -> s.get("/api/v1/teams/support/operators")));
        e.add(new Endpoint("describe team", Set.of(Who.ADMIN), 200, true, (s, t) -> s.body(Map.of("name", "Support"))
                .put("/api/v1/teams/support")));
        e.add(new Endpoint("status", AGENTS, 200, true,
                (s, t) -> s.body(Map.of("status", "OPEN")).put("/api/v1/requests/" + t.requestId + "/status")));
        e.add(new Endpoint("submit inbound", Set.of(Who.ADAPTER), 201, true,
                (s, t) -> s.body(Inbound.webMessage().toString()).post("/api/v1/inbound/messages")));
        e.add(new Endpoint("receipt", Set.of(Who.ADAPTER), 200, true, (s, t) -> s.body(Map.of("messageId", t.replyId,
                "channel", "web", "status", "SENT")).post("/api/v1/receipts")));
        e.add(new Endpoint("read outbound", Set.of(Who.ADAPTER), 200, false,
                (s, t) -> s.get("/api/v1/outbound/" + t.replyId)));
        e.add(new Endpoint("export", Set.of(Who.PRIVACY_OFFICER), 200, false,
                (s, t) -> s.get("/api/v1/customers/" + t.customerId + "/privacy/export")));
        e.add(new Endpoint("audit log", Set.of(Who.PRIVACY_OFFICER), 200, false, (s, t) -> s.get("/api/v1/audit")));
        e.add(new Endpoint("analytics figures", Set.of(Who.SUPERVISOR, Who.PRIVACY_OFFICER, Who.ADMIN), 200, false,
                (s, t) -> s.get("/api/v1/analytics/figures")));
        e.add(new Endpoint("analytics figures as CSV", Set.of(Who.SUPERVISOR, Who.PRIVACY_OFFICER, Who.ADMIN), 200,
                false, (s, t) -> s.get("/api/v1/analytics/figures.csv")));
        e.add(new Endpoint("correct name", READERS, 204, true, (s, t) -> s.body(Map.of("name", "Anna P.", "reason",
                "the customer's word")).put("/api/v1/customers/" + t.customerId + "/name")));
        e.add(new Endpoint("list dead outbox entries", Set.of(Who.ADMIN), 200, false,
                (s, t) -> s.get("/api/v1/admin/outbox/dead")));
        e.add(new Endpoint("re-wrap data keys", Set.of(Who.ADMIN), 200, false,
                (s, t) -> s.post("/api/v1/admin/keys/rewrap")));
        e.add(new Endpoint("list credentials", Set.of(Who.ADMIN), 200, false,
                (s, t) -> s.get("/api/v1/admin/adapters/matrix-web/credentials")));
        e.add(new Endpoint("issue credential", Set.of(Who.ADMIN), 201, true, (s, t) -> s.body(Map.of("channel", "web"))
                .post("/api/v1/admin/adapters/matrix-" + io.omnihub.support.Samples.unique() + "/credentials")));
        return e;
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointForEveryCaller() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            for (Who who : Who.values()) {
                tests.add(DynamicTest.dynamicTest(endpoint.name() + " as " + who, () -> check(endpoint, who)));
            }
        }
        return tests.stream();
    }

    private void check(Endpoint endpoint, Who who) throws Exception {
        data();
        long before = rows();
        Response response = endpoint.call().apply(as(who), this);
        if (endpoint.allowed().contains(who)) {
            assertThat(response.statusCode()).as(endpoint.name() + " as " + who + ": " + response.asString())
                    .isEqualTo(endpoint.success());
            return;
        }
        int expected = switch (who) {
            case NOBODY, EXPIRED, FORGED -> 401;
            // out of scope is indistinguishable from absent, for id-taking endpoints an operator role may call
            case OTHER_TEAM -> endpoint.allowed().contains(Who.OPERATOR) ? 404 : 403;
            case OTHER_ADAPTER -> endpoint.allowed().contains(Who.ADAPTER)
                    && !endpoint.name().equals("submit inbound") ? 404 : 403;
            default -> 403;
        };
        assertThat(response.statusCode()).as(endpoint.name() + " as " + who + ": " + response.asString())
                .isEqualTo(expected);
        assertThat(response.contentType()).startsWith("application/problem+json");
        if (endpoint.writes()) {
            assertThat(rows()).as("a denied call writes nothing").isEqualTo(before);
        }
    }

    private long rows() {
        return Db.count(pool, "SELECT (SELECT count(*) FROM message) + (SELECT count(*) FROM request)"
                + " + (SELECT count(*) FROM consent_event) + (SELECT count(*) FROM audit_log)"
                + " + (SELECT count(*) FROM adapter_credential) + (SELECT count(*) FROM outbox)"
                + " + (SELECT count(*) FROM customer)");
    }
}
