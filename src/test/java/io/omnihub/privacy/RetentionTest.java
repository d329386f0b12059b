package io.omnihub.privacy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.delivery.outbox.OutboxRetention;
import io.omnihub.intake.ReceiptRetention;
import io.omnihub.request.RequestRetention;
import io.omnihub.support.Db;
import io.omnihub.support.Inbound;
import io.omnihub.support.Replies;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Retention sweeps depersonalise or delete what is due and nothing else, and two replicas sweeping at the same moment
 * take each row once: a resolved request whose last activity is older than its retention loses its texts and keeps
 * its rows, while a recently resolved one and an old open one stay as they were; receipts past the idempotency
 * horizon and published outbox entries past theirs go, younger and dead ones stay. Ages are made by moving this
 * test's own rows back in time, so other tests' data is never due.
 */
@QuarkusTest
class RetentionTest {

    @Inject
    Pool pool;

    @Inject
    RequestRetention requests;

    @Inject
    ReceiptRetention receipts;

    @Inject
    OutboxRetention outbox;

    record Created(UUID requestId, String externalId) {
    }

    Created request(String text) {
        ObjectNode web = Inbound.webMessage().put("text", text).put("subject", "About " + text)
                .put("category", "billing");
        var created = Inbound.submit(web).then().statusCode(201).extract();
        return new Created(UUID.fromString(created.path("requestId")), web.get("externalId").asText());
    }

    void resolve(UUID requestId) {
        given().contentType(ContentType.JSON).body(Map.of("status", "RESOLVED"))
                .put("/api/v1/requests/" + requestId + "/status").then().statusCode(200);
    }

    void age(String table, String column, String where, Object id, String by) {
        pool.preparedQuery("UPDATE " + table + " SET " + column + " = " + column + " - interval '" + by + "' WHERE "
                + where).execute(Tuple.of(id)).await().indefinitely();
    }

    Row state(UUID requestId) {
        return pool.preparedQuery("SELECT r.subject_enc IS NULL AS subject_gone, r.category_enc IS NULL AS"
                + " category_gone, r.depersonalised_at IS NOT NULL AS marked, r.version, (SELECT count(*) FROM message"
                + " m WHERE m.request_id = r.id) AS messages, (SELECT count(*) FROM message m WHERE m.request_id = r.id"
                + " AND length(m.body_enc) > 0) AS texts FROM request r WHERE r.id = $1").execute(Tuple.of(requestId))
                .await().indefinitely().iterator().next();
    }

    @Test
    void closedRequestsPastTheirRetentionAreDepersonalisedOnceAndNothingElse() {
        Created due = request("old resolved question");
        Replies.reply(due.requestId().toString(), "Our old answer").then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("text", "old internal note"))
                .post("/api/v1/requests/" + due.requestId() + "/notes").then().statusCode(201);
        // its survey went before (none is due when it is resolved): the survey job leaves its version alone
        pool.preparedQuery("UPDATE request SET survey_sent_at = now() WHERE id = $1").execute(Tuple.of(due.requestId()))
                .await().indefinitely();
        resolve(due.requestId());
        Created recent = request("recently resolved question");
        resolve(recent.requestId());
        Created open = request("old open question");
        for (UUID old : List.of(due.requestId(), open.requestId())) {
            age("request", "updated_at", "id = $1", old, "400 days");
        }
        assertThat(state(due.requestId()).getLong("texts")).as("precondition: texts stored").isEqualTo(2);
        long version = state(due.requestId()).getLong("version");

        // two replicas at the same moment
        var both = Uni.combine().all().unis(requests.sweep(), requests.sweep()).asTuple().await().indefinitely();
        assertThat(both.getItem1() + both.getItem2()).isPositive();

        Row swept = state(due.requestId());
        assertThat(swept.getBoolean("subject_gone")).isTrue();
        assertThat(swept.getBoolean("category_gone")).isTrue();
        assertThat(swept.getBoolean("marked")).isTrue();
        assertThat(swept.getLong("messages")).as("rows stay for the counts").isEqualTo(2);
        assertThat(swept.getLong("texts")).isZero();
        assertThat(swept.getLong("version")).as("taken once").isEqualTo(version + 1);
        assertThat(Db.count(pool, "SELECT count(*) FROM request_note WHERE request_id = $1 AND length(body_enc) > 0",
                due.requestId())).isZero();
        for (UUID kept : List.of(recent.requestId(), open.requestId())) {
            Row row = state(kept);
            assertThat(row.getBoolean("subject_gone")).as("not due").isFalse();
            assertThat(row.getBoolean("category_gone")).isFalse();
            assertThat(row.getLong("texts")).isEqualTo(1);
        }
        given().get("/api/v1/requests/" + recent.requestId()).then().statusCode(200);

        // again: nothing more to do for it
        requests.sweep().await().indefinitely();
        assertThat(state(due.requestId()).getLong("version")).isEqualTo(version + 1);
    }

    @Test
    void receiptsAndPublishedEntriesPastTheirHorizonGo() {
        Created old = request("a message whose receipt is old");
        Created young = request("a message whose receipt is young");
        age("inbound_receipt", "created_at", "external_id = $1", old.externalId(), "31 days");
        awaitPublished(old.requestId());
        age("outbox", "published_at", "aggregate_id = $1 AND published_at IS NOT NULL", old.requestId(), "8 days");
        // a dead entry, old too, waits for an admin: never swept
        pool.preparedQuery("INSERT INTO outbox (id, aggregate_type, aggregate_id, topic, message_key, type, payload,"
                + " created_at, dead_at, last_error) VALUES ($1, 'request', $2, 'omnihub.events', $2::text,"
                + " 'retention.check', '{}'::jsonb, now() - interval '30 days', now() - interval '20 days', 'test')")
                .execute(Tuple.of(io.omnihub.platform.Ids.next(), old.requestId())).await().indefinitely();

        var receiptsTaken = Uni.combine().all().unis(receipts.sweep(), receipts.sweep()).asTuple().await()
                .indefinitely();
        var entriesTaken = Uni.combine().all().unis(outbox.sweep(), outbox.sweep()).asTuple().await().indefinitely();
        assertThat(receiptsTaken.getItem1() + receiptsTaken.getItem2()).isPositive();
        assertThat(entriesTaken.getItem1() + entriesTaken.getItem2()).isPositive();

        assertThat(Db.count(pool, "SELECT count(*) FROM inbound_receipt WHERE external_id = $1", old.externalId()))
                .isZero();
        assertThat(Db.count(pool, "SELECT count(*) FROM inbound_receipt WHERE external_id = $1", young.externalId()))
                .isEqualTo(1);
        assertThat(Db.count(pool, "SELECT count(*) FROM outbox WHERE aggregate_id = $1 AND published_at IS NOT NULL",
                old.requestId())).isZero();
        assertThat(Db.count(pool, "SELECT count(*) FROM outbox WHERE aggregate_id = $1 AND published_at IS NULL",
                old.requestId())).as("a dead entry stays").isEqualTo(1);
        assertThat(Db.count(pool, "SELECT count(*) FROM outbox WHERE aggregate_id = $1", young.requestId()))
                .as("young entries stay").isPositive();
        pool.preparedQuery("DELETE FROM outbox WHERE type = 'retention.check' AND aggregate_id = $1")
                .execute(Tuple.of(old.requestId())).await().indefinitely();
    }

    private void awaitPublished(UUID requestId) {
        long until = System.nanoTime() + 20_000_000_000L;
        while (Db.count(pool, "SELECT count(*) FROM outbox WHERE aggregate_id = $1 AND published_at IS NULL",
                requestId) > 0) {
            assertThat(System.nanoTime()).as("the relay published the request's entries").isLessThan(until);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
