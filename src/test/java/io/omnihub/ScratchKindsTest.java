package io.omnihub;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.support.Db;
import io.omnihub.support.Inbound;
import io.omnihub.support.Samples;
import io.omnihub.support.Webhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

@QuarkusTest
class ScratchKindsTest {
    private static final Logger LOG = Logger.getLogger(ScratchKindsTest.class);
    @Inject
    Pool pool;

    @Test
    void kinds() throws Exception {
        for (int round = 0; round < 3; round++) {
            String phone = Samples.phone();
            ObjectNode first = Inbound.webMessage();
            ((ObjectNode) first.get("customer")).put("phone", phone);
            step("web-new", round, () -> Inbound.submit(first).then().statusCode(201));
            Map<String, String> sms = Inbound.smsInbound();
            sms.put("From", phone);
            step("sms", round, () -> Webhooks.sms("/webhooks/sms", sms).then().statusCode(200));
            ObjectNode chat = Inbound.chatbotMessage();
            ((ObjectNode) chat.get("user")).put("phone", phone);
            step("chatbot", round, () -> Webhooks.chatbot(chat.toString()).then().statusCode(200));
            ObjectNode followUp = first.deepCopy().put("externalId", "web-" + Samples.unique())
                    .put("text", "Any news about my order?");
            step("followup", round, () -> Inbound.submit(followUp).then().statusCode(200));
        }
    }

    private void step(String name, int round, Runnable r) throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Db.count(pool,
                "SELECT count(*) FROM outbox WHERE published_at IS NULL AND dead_at IS NULL") == 0);
        Thread.sleep(300);
        pool.query("SELECT pg_stat_statements_reset()").execute().await().indefinitely();
        r.run();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Db.count(pool,
                "SELECT count(*) FROM outbox WHERE published_at IS NULL AND dead_at IS NULL") == 0);
        Thread.sleep(100);
        StringBuilder sb = new StringBuilder();
        long all = 0;
        for (Row row : pool.query("SELECT query, calls FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'"
                + " AND query NOT LIKE 'SELECT count(*) FROM outbox%' ORDER BY calls DESC").execute().await().indefinitely()) {
            all += row.getLong("calls");
            String q = row.getString("query").replaceAll("\\s+", " ");
            sb.append(String.format("%n%3d  %s", row.getLong("calls"), q.substring(0, Math.min(170, q.length()))));
        }
        LOG.infof("KIND %s round %d: %d statements%s", name, round, all, sb);
    }
}
