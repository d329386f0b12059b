package io.omnihub.request;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.support.Auth;
import io.omnihub.support.Inbound;
import io.omnihub.support.Replies;
import io.omnihub.support.Samples;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Three writers meet on one request, many times over: an operator's reply, the customer's next message on the same
 * thread, and a supervisor merging the customer into another profile. No update may be lost: the request ends on
 * the merge target, with every message, and its status follows whichever of reply and message came last.
 */
@QuarkusTest
class ConcurrentWritersTest {

    private static final int ROUNDS = 15;

    @Inject
    Pool pool;

    @Test
    void aReplyAMessageAndAMergeRacingOnOneRequestLoseNothing() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                race(threads);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private void race(ExecutorService threads) throws Exception {
        String email = Samples.email();
        ObjectNode first = Inbound.webMessage();
        ((ObjectNode) first.get("customer")).put("email", email);
        var created = Inbound.submit(first).then().statusCode(201).extract();
        String request = created.path("requestId");
        String merged = created.path("customerId");
        String target = Inbound.submit(Inbound.webMessage()).then().statusCode(201).extract().path("customerId");

        ObjectNode next = first.deepCopy().put("externalId", "web-" + Samples.unique()).put("text", "Any news?");
        String supervisor = Auth.supervisor();
        CyclicBarrier start = new CyclicBarrier(3);
        List<Future<Integer>> outcomes = threads.invokeAll(List.<Callable<Integer>> of(
                () -> {
                    start.await();
                    return Replies.reply(request, "We are on it").statusCode();
                },
                () -> {
                    start.await();
                    return Inbound.submit(next).statusCode();
                },
                () -> {
                    start.await();
                    return given().contentType(ContentType.JSON).header("Authorization", supervisor)
                            .body(Map.of("mergedId", merged)).post("/api/v1/customers/" + target + "/merges")
                            .statusCode();
                }));
        assertThat(outcomes.get(0).get()).as("reply").isEqualTo(201);
        assertThat(outcomes.get(1).get()).as("customer's message").isIn(200, 201);
        assertThat(outcomes.get(2).get()).as("merge").isIn(200, 201);

        Row row = pool.preparedQuery("SELECT customer_id, status FROM request WHERE id = $1::uuid")
                .execute(Tuple.of(request)).await().indefinitely().iterator().next();
        assertThat(row.getUUID(0).toString()).as("the request follows the merge").isEqualTo(target);
        List<String> directions = pool.preparedQuery(
                "SELECT direction FROM message WHERE request_id = $1::uuid ORDER BY id")
                .execute(Tuple.of(request)).await().indefinitely().stream().map(r -> r.getString(0)).toList();
        assertThat(directions).as("every message of the request").hasSize(3);
        String last = directions.get(directions.size() - 1);
        assertThat(row.getString(1)).as("status after messages " + directions)
                .isEqualTo(last.equals("INBOUND") ? "OPEN" : "WAITING_CUSTOMER");
    }
}
