package io.omnihub.privacy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.support.Auth;
import io.omnihub.support.Db;
import io.omnihub.support.Inbound;
import io.omnihub.support.Samples;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Reads and changes of personal data are audited (an export, an erasure, a merge and its undoing, a read of a
 * customer's full contacts) and so are admins' actions; privacy officers query the audit, and nobody else can.
 */
@QuarkusTest
class AuditTest {

    private String dpo;
    private String supervisor;
    private String operator;
    private String admin;

    @BeforeEach
    void callers() {
        dpo = Auth.bearer("audit-dpo", List.of("privacy-officer"), List.of());
        supervisor = Auth.bearer("audit-sv", List.of("supervisor"), List.of("*"));
        operator = Auth.bearer("audit-op", List.of("operator"), List.of("support"));
        admin = Auth.bearer("audit-admin", List.of("admin"), List.of());
    }

    record Profile(String customerId, String email, String name) {
    }

    static Profile profile() {
        ObjectNode web = Inbound.webMessage();
        var created = Inbound.submit(web).then().statusCode(201).extract();
        return new Profile(created.path("customerId"), web.get("customer").get("email").asText(),
                web.get("customer").path("name").asText());
    }

    JsonPath audit(String query) {
        return given().header("Authorization", dpo).get("/api/v1/audit?" + query).then().statusCode(200)
                .contentType(ContentType.JSON).extract().jsonPath();
    }

    List<String> actionsOn(String customerId, String actor) {
        return audit("subjectId=" + customerId + "&actor=user:" + actor).getList("action");
    }

    @Test
    void readsOfFullContactsAreAuditedAndMaskedReadsAreNot() {
        Profile p = profile();
        given().header("Authorization", operator).get("/api/v1/customers/" + p.customerId()).then().statusCode(200);
        given().header("Authorization", supervisor).get("/api/v1/customers/" + p.customerId()).then().statusCode(200);
        given().header("Authorization", supervisor).queryParam("email", p.email()).get("/api/v1/customers").then()
                .statusCode(200);

        assertThat(actionsOn(p.customerId(), "audit-sv")).containsExactly("customer.contacts-read",
                "customer.contacts-read");
        assertThat(actionsOn(p.customerId(), "audit-op")).as("an operator sees contacts masked").isEmpty();
    }

    @Test
    void exportErasureAndMergesAreAudited() {
        Profile survivor = profile();
        Profile merged = profile();
        String mergeId = given().header("Authorization", supervisor).contentType(ContentType.JSON)
                .body(Map.of("mergedId", merged.customerId())).post("/api/v1/customers/" + survivor.customerId()
                        + "/merges")
                .then().statusCode(201).extract().path("id");
        given().header("Authorization", supervisor)
                .post("/api/v1/customers/" + survivor.customerId() + "/merges/" + mergeId + "/unmerge").then()
                .statusCode(200);
        given().header("Authorization", dpo).get("/api/v1/customers/" + survivor.customerId() + "/privacy/export")
                .then().statusCode(200);
        JsonPath entries = audit("subjectId=" + survivor.customerId());
        assertThat(entries.getList("action")).as("newest first")
                .containsSubsequence("customer.exported", "customer.unmerged", "customer.merged");
        assertThat(entries.getString("find { it.action == 'customer.merged' }.actor")).isEqualTo("user:audit-sv");
        assertThat(entries.getString("find { it.action == 'customer.merged' }.details.mergedId"))
                .isEqualTo(merged.customerId());
        assertThat(entries.getString("find { it.action == 'customer.exported' }.actor")).isEqualTo("user:audit-dpo");

        given().header("Authorization", dpo).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/customers/" + survivor.customerId() + "/privacy/erasure").then().statusCode(201);
        // the erasure empties the details of the customer's entries; who did what, and when, stays
        entries = audit("subjectId=" + survivor.customerId());
        assertThat(entries.getList("action"))
                .containsSubsequence("customer.erased", "customer.exported", "customer.unmerged", "customer.merged");
        assertThat(entries.getString("find { it.action == 'customer.erased' }.actor")).isEqualTo("user:audit-dpo");
        assertThat(entries.getString("find { it.action == 'customer.erased' }.details.via")).isEqualTo("api");
        // ids and what was done, never the customer's data
        String all = audit("limit=500").prettify();
        assertThat(all).doesNotContain(survivor.email(), merged.email());
    }

    @Test
    void adminActionsAreAudited() {
        Instant before = Instant.now();
        String credential = given().header("Authorization", admin).contentType(ContentType.JSON)
                .body(Map.of("channel", "web")).post("/api/v1/admin/adapters/audit-web/credentials").then()
                .statusCode(201).extract().path("id");
        given().header("Authorization", admin).delete("/api/v1/admin/adapters/audit-web/credentials/" + credential)
                .then().statusCode(204);
        given().header("Authorization", admin).contentType(ContentType.JSON).body(Map.of("name", "Audited desk"))
                .put("/api/v1/teams/audit-desk").then().statusCode(200);

        JsonPath entries = audit("actor=user:audit-admin&from=" + before);
        assertThat(entries.getList("action")).containsExactly("team.changed", "adapter-credential.revoked",
                "adapter-credential.issued");
        assertThat(entries.getList("subjectId")).contains(credential);
        assertThat(audit("action=team.changed&actor=user:audit-admin").getString("[0].details.team"))
                .isEqualTo("audit-desk");
    }

    /**
     * An admin's change and its audit entry commit together: when the entry cannot be written (here the real
     * server refuses it, through a trigger of the test's), the change is not made either. Before, the change
     * committed first and its entry came in a transaction of its own, so a failure in between (a shed connection,
     * an outage) left a credential issued, or revoked, or a team changed, that the audit never showed.
     */
    @Test
    void anAdminsChangeIsNotMadeWhenItsAuditEntryCannotBeWritten() throws Exception {
        String refused = Auth.bearer("audit-refused", List.of("admin"), List.of());
        String adapter = "/api/v1/admin/adapters/audit-atomic-" + Samples.unique().toLowerCase() + "/credentials";
        String team = "audit-refused-" + Samples.unique().toLowerCase();
        String kept = given().header("Authorization", admin).contentType(ContentType.JSON)
                .body(Map.of("channel", "web")).post(adapter).then().statusCode(201).extract().path("id");
        try (Connection c = Db.jdbc(); Statement st = c.createStatement()) {
            st.execute("DROP TRIGGER IF EXISTS test_refuse_audit ON audit_log"); // a killed run's
            st.execute("CREATE OR REPLACE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " IF NEW.actor = 'user:audit-refused' THEN RAISE EXCEPTION 'refused by the test'; END IF;"
                    + " RETURN NEW; END $$");
            st.execute("CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW"
                    + " EXECUTE FUNCTION test_refuse_audit()");
            try {
                // the server's refusal is no outage and no bad input: an unexpected failure, with an incident id
                given().header("Authorization", refused).contentType(ContentType.JSON).body(Map.of("channel", "web"))
                        .post(adapter).then().statusCode(500);
                given().header("Authorization", refused).delete(adapter + "/" + kept).then().statusCode(500);
                given().header("Authorization", refused).contentType(ContentType.JSON)
                        .body(Map.of("name", "Never described")).put("/api/v1/teams/" + team).then().statusCode(500);
            } finally {
                st.execute("DROP TRIGGER test_refuse_audit ON audit_log");
                st.execute("DROP FUNCTION test_refuse_audit()");
            }
            ResultSet teams = st.executeQuery("SELECT count(*) FROM team WHERE id = '" + team + "'");
            teams.next();
            assertThat(teams.getLong(1)).as("no team changed unaudited").isZero();
        }
        JsonPath credentials = given().header("Authorization", admin).get(adapter).then().statusCode(200).extract()
                .jsonPath();
        assertThat(credentials.getList("id")).as("no credential issued unaudited").containsExactly(kept);
        assertThat(credentials.getString("[0].revokedAt")).as("not revoked unaudited").isNull();
    }

    @Test
    void onlyPrivacyOfficersReadTheAudit() {
        for (String other : List.of(operator, supervisor, admin)) {
            given().header("Authorization", other).get("/api/v1/audit").then().statusCode(403)
                    .contentType("application/problem+json");
        }
        given().header("Authorization", "").get("/api/v1/audit").then().statusCode(401);
    }

    @Test
    void badQueriesAreRefusedNamingTheParameter() {
        for (String query : List.of("limit=0", "limit=501", "limit=many", "from=yesterday", "to=2026-13-01",
                "subjectId=not-a-uuid")) {
            String parameter = query.substring(0, query.indexOf('='));
            given().header("Authorization", dpo).get("/api/v1/audit?" + query).then().statusCode(400)
                    .contentType("application/problem+json");
            assertThat(given().header("Authorization", dpo).get("/api/v1/audit?" + query).asString()).as(query)
                    .contains(parameter);
        }
    }
}
