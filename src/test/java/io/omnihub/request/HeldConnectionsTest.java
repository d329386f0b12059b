package io.omnihub.request;

import static io.omnihub.request.OwnershipTest.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.omnihub.request.OwnershipTest.Team;
import io.omnihub.support.Auth;
import io.omnihub.support.Inbound;
import io.omnihub.support.Samples;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * A busy replica: every pooled connection but one is in use. A flow that holds a connection (its transaction) and
 * then waits for a second one never gets it, and once every connection is held by such a flow nothing moves until
 * PostgreSQL connections time out: how a replica stopped serving after PostgreSQL came back from a pause under load.
 * Each flow here reads what it needs from outside its transaction first, so it finishes on the one free connection.
 */
@QuarkusTest
class HeldConnectionsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @ConfigProperty(name = "quarkus.datasource.reactive.max-size")
    int poolSize;

    @Test
    void aMessageForATeamThisReplicaNeverReadLandsOnTheLastFreeConnection() {
        String team = "held-" + Samples.unique().toLowerCase();
        String key = Auth.issue("held-" + Samples.unique(), "web", team, null, List.of("email", "web_visitor"));
        Response landed = withOneConnectionFree(() -> Inbound.submitAs(key, Inbound.webMessage()));
        assertThat(landed.statusCode()).isEqualTo(201);
    }

    @Test
    void aTransferToATeamThisReplicaNeverReadAndAnAssignmentFinishOnTheLastFreeConnection() {
        Team t = OwnershipTest.team();
        as(t.ivan()).get("/api/v1/operators/me").then().statusCode(200); // on the roster
        String billing = "held-bill-" + t.id();

        Response assigned = withOneConnectionFree(() -> as(t.supervisor())
                .body(Map.of("operator", "ivan-" + t.id())).put("/api/v1/requests/" + t.requestId() + "/assignee"));
        assertThat(assigned.statusCode()).isEqualTo(200);
        assertThat(assigned.jsonPath().getString("assignee")).isEqualTo("ivan-" + t.id());

        Response transferred = withOneConnectionFree(() -> as(t.ivan())
                .body(Map.of("team", billing, "note", "billing decides"))
                .post("/api/v1/requests/" + t.requestId() + "/transfer"));
        assertThat(transferred.statusCode()).isEqualTo(200);
        assertThat(transferred.jsonPath().getString("team")).isEqualTo(billing);
    }

    /** Runs the call while every pooled connection but one is held; fails if it does not answer in time. */
    private Response withOneConnectionFree(Supplier<Response> call) {
        List<SqlConnection> held = new ArrayList<>();
        try {
            for (int i = 0; i < poolSize - 1; i++) {
                held.add(pool.getConnection().await().atMost(PATIENCE));
            }
            CompletableFuture<Response> answer = CompletableFuture.supplyAsync(call);
            try {
                return answer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("no answer within " + PATIENCE + " with one pooled connection free", e);
            }
        } finally {
            held.forEach(c -> c.close().await().atMost(PATIENCE));
        }
    }
}
