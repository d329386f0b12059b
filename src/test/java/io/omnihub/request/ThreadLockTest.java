package io.omnihub.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.support.Db;
import io.omnihub.support.Inbound;
import io.omnihub.support.Samples;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * One message at a time per channel thread: the thread's lock and the read of its newest request are one statement
 * ({@code locked_thread_head}), and the read must still see what the lock's previous holder committed while this one
 * waited. Declared STABLE, the function read with the snapshot taken before the wait, and the first messages of one
 * thread arriving together opened several requests.
 */
@QuarkusTest
class ThreadLockTest {

    private static final int MESSAGES = 20;

    @Inject
    Pool pool;

    @Test
    void twentyMessagesOnOneNewThreadAtOnceOpenOneRequestWithAllOfThem() throws Exception {
        ObjectNode first = Inbound.webMessage();
        ExecutorService threads = Executors.newFixedThreadPool(MESSAGES);
        try {
            List<Callable<Response>> posts = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                ObjectNode message = first.deepCopy().put("externalId", "web-" + Samples.unique());
                posts.add(() -> Inbound.submit(message));
            }
            List<Integer> statuses = new ArrayList<>();
            List<String> requests = new ArrayList<>();
            for (Future<Response> answer : threads.invokeAll(posts)) {
                Response response = answer.get();
                statuses.add(response.statusCode());
                requests.add(response.path("requestId"));
            }
            assertThat(requests.stream().distinct()).as("requests opened").hasSize(1);
            assertThat(statuses).as("one new request, the others appended").containsOnlyOnce(201)
                    .containsOnly(201, 200);
            assertThat(Db.count(pool, "SELECT count(*) FROM message WHERE request_id = $1::uuid", requests.get(0)))
                    .isEqualTo(MESSAGES);
        } finally {
            threads.shutdownNow();
        }
    }
}
