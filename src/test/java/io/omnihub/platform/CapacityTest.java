package io.omnihub.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.support.Db;
import io.omnihub.support.Inbound;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * More requests than PostgreSQL serves: the real server holds a lock every intake needs, so every pooled connection
 * stays busy, and a few more requests wait in the queue for one ({@code omnihub.db.wait-queue}, small here). The rest
 * are answered 503 {@code at-capacity} with {@code Retry-After} at once, while the lock is still held, and store
 * nothing; those that had a connection or a place in the queue are served once it goes. Before, every request queued
 * for Vert.x's 30 s acquisition wait, and when it ran out for a session the answer was a 500.
 */
@QuarkusTest
@TestProfile(CapacityTest.SmallPool.class)
class CapacityTest {

    static final int POOL = 4;
    static final int QUEUE = 4;
    private static final int CALLS = 20;
    private static final long HELD_MS = 4000;

    public static class SmallPool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.reactive.max-size", String.valueOf(POOL),
                    "omnihub.db.wait-queue", String.valueOf(QUEUE));
        }
    }

    @Inject
    Pool pool;

    @Test
    void requestsBeyondTheConnectionsAndTheQueueAreShedAtOnceAndStoreNothing() throws Exception {
        List<ObjectNode> messages = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            messages.add(Inbound.webMessage());
        }
        Inbound.submit(Inbound.webMessage()).then().statusCode(201); // the client warm, so the calls go out at once
        ExecutorService clients = Executors.newFixedThreadPool(messages.size());
        List<Future<Answer>> answers = new ArrayList<>();
        long released;
        try (Connection locker = Db.jdbc(); Statement statement = locker.createStatement()) {
            locker.setAutoCommit(false);
            statement.execute("LOCK TABLE contact_point IN ACCESS EXCLUSIVE MODE");
            for (ObjectNode message : messages) {
                answers.add(clients.submit(() -> new Answer(message.get("externalId").asText(),
                        Inbound.submit(message), System.nanoTime())));
            }
            Thread.sleep(HELD_MS);
            released = System.nanoTime();
            locker.rollback();
        }
        clients.shutdown();

        List<String> shed = new ArrayList<>();
        List<String> served = new ArrayList<>();
        for (Future<Answer> future : answers) {
            Answer answer = future.get(30, TimeUnit.SECONDS);
            if (answer.response().statusCode() == 503) {
                assertThat(answer.at()).as("shed while the lock was held, not queued behind it").isLessThan(released);
                assertThat(answer.response().header("Retry-After")).isEqualTo("1");
                assertThat(answer.response().contentType()).startsWith(Problem.MEDIA_TYPE);
                assertThat(answer.response().jsonPath().getString("type")).endsWith("/at-capacity");
                shed.add(answer.externalId());
            } else {
                assertThat(answer.response().statusCode()).as(answer.response().asString()).isEqualTo(201);
                served.add(answer.externalId());
            }
        }
        assertThat(shed).as("the requests beyond the connections and the queue")
                .hasSizeGreaterThanOrEqualTo(CALLS - POOL - QUEUE);
        assertThat(served).as("those that had a connection").isNotEmpty();
        assertThat(Db.count(pool, "SELECT count(*) FROM inbound_receipt WHERE external_id = ANY($1)",
                (Object) shed.toArray(String[]::new))).as("nothing stored for a shed request").isZero();
        assertThat(Db.count(pool, "SELECT count(*) FROM inbound_receipt WHERE external_id = ANY($1)",
                (Object) served.toArray(String[]::new))).isEqualTo(served.size());
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("omnihub_requests_shed_total [1-9]");
    }

    /** {@code at}: when it came, {@link System#nanoTime()}. */
    private record Answer(String externalId, Response response, long at) {
    }
}
