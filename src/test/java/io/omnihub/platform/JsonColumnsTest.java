package io.omnihub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.omnihub.support.Db;
import io.omnihub.support.Inbound;
import io.omnihub.support.Replies;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/** JSON columns hold JSON objects, never JSON strings that wrap them. */
@QuarkusTest
class JsonColumnsTest {

    @Inject
    Pool pool;

    @Test
    void jsonColumnsHoldObjects() {
        var created = Inbound.submit(Inbound.webMessage()).then().statusCode(201).extract();
        Replies.reply(created.path("requestId"), "json check").then().statusCode(201);
        Replies.consent(created.path("customerId"), "email", "MARKETING", "GRANT").then().statusCode(201);
        assertThat(Db.count(pool, "SELECT count(*) FROM outbox")).isPositive();
        assertThat(Db.count(pool, "SELECT count(*) FROM outbox WHERE jsonb_typeof(payload) <> 'object'")).isZero();
        assertThat(Db.count(pool, "SELECT count(*) FROM reply WHERE routing_decision IS NOT NULL"
                + " AND jsonb_typeof(routing_decision) <> 'object'")).isZero();
        assertThat(Db.count(pool, "SELECT count(*) FROM audit_log WHERE jsonb_typeof(details) <> 'object'")).isZero();
        assertThat(Db.count(pool, "SELECT count(*) FROM merge_log WHERE jsonb_typeof(moved) <> 'object'")).isZero();
        assertThat(Db.count(pool, "SELECT count(*) FROM erasure_request WHERE act IS NOT NULL"
                + " AND jsonb_typeof(act) <> 'object'")).isZero();
    }
}
