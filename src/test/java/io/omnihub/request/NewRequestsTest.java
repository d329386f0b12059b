package io.omnihub.request;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.support.Auth;
import io.omnihub.support.Db;
import io.omnihub.support.Inbound;
import io.omnihub.support.Replies;
import io.omnihub.support.Samples;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * A request that a message opens is written with that message, with one statement, and whole; a message that
 * continues a request is written with the request's update, with one statement too, and the request is read by the
 * thread's lock only. A known customer's new request reads their earlier requests (its journey) with its insert.
 */
@QuarkusTest
class NewRequestsTest {

    /** Statements writing requests or messages, as {@code pg_stat_statements} counts them. */
    private static final String WRITES = "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements"
            + " WHERE query ILIKE 'insert into request%' OR query ILIKE 'insert into message%'"
            + " OR query LIKE 'WITH q AS (SELECT * FROM jsonb_to_record(%'";

    /** Statements updating requests or writing messages. */
    private static final String CONTINUATIONS = "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements"
            + " WHERE query ILIKE 'update request %' OR query ILIKE 'insert into message%'"
            + " OR query LIKE 'WITH r AS (UPDATE request %'";

    /** Reads of one request by its id, as Hibernate loads an entity. */
    private static final String REQUEST_LOADS = "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements"
            + " WHERE query ILIKE 'select %from request r1_0 where r1_0.id=%'";

    /** Reads of a customer's earlier requests of their own, not by a new request's insert. */
    private static final String JOURNEY_READS = "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements"
            + " WHERE query ILIKE 'select%origin_channel%status%created_at%from request%customer_id%'";

    @Inject
    Pool pool;

    @Test
    void aNewRequestIsWrittenWithItsFirstMessageInOneStatement() {
        ObjectNode web = null;
        String team = "new-" + Samples.unique().toLowerCase();
        given().contentType(ContentType.JSON).header("Authorization", Auth.admin())
                .body(Map.of("name", "Desk with targets", "targets", Map.of("firstResponse", Map.of("default", "PT1H"),
                        "resolution", Map.of("default", "P1D"))))
                .put("/api/v1/teams/" + team).then().statusCode(200);
        String key = Auth.issue("new-" + Samples.unique(), "web", team, null, List.of("email", "web_visitor"));
        // the count is the server's, so a flow an earlier test left running can add to one attempt; the fewest of
        // three attempts is this intake's own (the old code wrote two on every attempt)
        long fewest = Long.MAX_VALUE;
        String requestId = null;
        for (int attempt = 0; attempt < 3 && fewest > 1; attempt++) {
            web = Inbound.webMessage();
            long before = Db.count(pool, WRITES);
            requestId = Inbound.submitAs(key, web).then().statusCode(201).extract().path("requestId");
            fewest = Math.min(fewest, Db.count(pool, WRITES) - before);
        }
        String messageId = given().get("/api/v1/requests/" + requestId).then().statusCode(200)
                .extract().path("messages[0].id");
        assertThat(fewest).as("statements writing the request and its message").isEqualTo(1);

        // what a persisted entity held: its version, status, team and deadlines, one time for its three clocks, the
        // generated number; the message inbound from the customer, on the request
        Row request = Db.row(pool, "SELECT version, status, team, number, first_response_due IS NOT NULL,"
                + " resolution_due IS NOT NULL, created_at = updated_at AND created_at = last_inbound_at,"
                + " handed_off_at IS NULL, assignee IS NULL, origin_channel, length(origin_thread_hash),"
                + " customer_id IS NOT NULL FROM request WHERE id = $1::uuid", requestId);
        assertThat(request.getLong(0)).as("version").isZero();
        assertThat(request.getString(1)).isEqualTo("NEW");
        assertThat(request.getString(2)).isEqualTo(team);
        assertThat(request.getString(3)).isEqualTo(requestId.substring(28).toUpperCase());
        assertThat(request.getBoolean(4)).as("first response due").isTrue();
        assertThat(request.getBoolean(5)).as("resolution due").isTrue();
        assertThat(request.getBoolean(6)).as("created, updated and last inbound at once").isTrue();
        assertThat(request.getBoolean(7)).as("not handed off").isTrue();
        assertThat(request.getBoolean(8)).as("nobody owns it yet").isTrue();
        assertThat(request.getString(9)).isEqualTo("web");
        assertThat(request.getInteger(10)).as("thread hash bytes").isEqualTo(32);
        assertThat(request.getBoolean(11)).isTrue();
        Row message = Db.row(pool, "SELECT version, request_id::text, direction, channel, author, external_id,"
                + " occurred_at = '2026-11-22T09:15:00Z'::timestamptz FROM message WHERE id = $1::uuid", messageId);
        assertThat(message.getLong(0)).as("version").isZero();
        assertThat(message.getString(1)).isEqualTo(requestId);
        assertThat(message.getString(2)).isEqualTo("INBOUND");
        assertThat(message.getString(3)).isEqualTo("web");
        assertThat(message.getString(4)).isEqualTo("CUSTOMER");
        assertThat(message.getBoolean(6)).as("the time the customer sent it").isTrue();

        // and what was sealed opens again
        given().get("/api/v1/requests/" + requestId).then().statusCode(200)
                .body("subject", equalTo("Order 5531 not delivered"))
                .body("category", equalTo("delivery"))
                .body("messages", hasSize(1))
                .body("messages[0].text", equalTo(web.get("text").asText()))
                .body("messages[0].attachments[0].name", equalTo("receipt.pdf"));
    }

    @Test
    void aKnownCustomersNewRequestReadsTheirEarlierRequestsWithItsInsert() {
        // the fewest of three attempts is this intake's own (the old code read them with a statement of their own)
        long fewest = Long.MAX_VALUE;
        String requestId = null;
        for (int attempt = 0; attempt < 3 && fewest > 0; attempt++) {
            Inbound.SmsCustomer known = Inbound.smsCustomer();
            ObjectNode web = Inbound.webMessage();
            ((ObjectNode) web.get("customer")).put("phone", known.phone());
            long before = Db.count(pool, JOURNEY_READS);
            requestId = Inbound.submit(web).then().statusCode(201).body("customerId", equalTo(known.customerId()))
                    .extract().path("requestId");
            fewest = Math.min(fewest, Db.count(pool, JOURNEY_READS) - before);
        }
        assertThat(fewest).as("statements reading the customer's earlier requests besides the insert").isZero();

        // what they told: the web is new to the customer, whose open SMS request of a moment ago it repeats
        Row created = Db.row(pool, "SELECT payload->>'firstUseOfChannel', payload->>'channelsUsed',"
                + " payload->>'switchedFrom', payload->>'repeatOf' FROM outbox WHERE type = 'request.created'"
                + " AND aggregate_id = $1::uuid", requestId);
        assertThat(created.getString(0)).as("first use of the web").isEqualTo("true");
        assertThat(created.getString(1)).as("channels used, the web included").isEqualTo("2");
        assertThat(created.getString(2)).as("switched from").isEqualTo("sms");
        assertThat(created.getString(3)).as("repeats the open SMS request").isEqualTo("sms");
    }

    @Test
    void aMessageThatContinuesARequestIsWrittenWithTheRequestsUpdateInOneStatement() {
        ObjectNode first = Inbound.webMessage();
        String requestId = Inbound.submit(first).then().statusCode(201).extract().path("requestId");
        Replies.reply(requestId, "Which parcel do you mean?").then().statusCode(201); // waiting for the customer now
        long versionBefore = Db.row(pool, "SELECT version FROM request WHERE id = $1::uuid", requestId).getLong(0);

        // the fewest of three attempts is this intake's own (the old code wrote two: the request, the message; and it
        // loaded the request by its id after the thread's lock had read it)
        long fewest = Long.MAX_VALUE;
        long fewestLoads = Long.MAX_VALUE;
        int sent = 0;
        for (int attempt = 0; attempt < 3 && (fewest > 1 || fewestLoads > 0); attempt++) {
            ObjectNode next = first.deepCopy().put("externalId", "web-" + Samples.unique())
                    .put("text", "The one from Monday");
            long before = Db.count(pool, CONTINUATIONS);
            long loadsBefore = Db.count(pool, REQUEST_LOADS);
            Inbound.submit(next).then().statusCode(200).body("requestId", equalTo(requestId));
            fewest = Math.min(fewest, Db.count(pool, CONTINUATIONS) - before);
            fewestLoads = Math.min(fewestLoads, Db.count(pool, REQUEST_LOADS) - loadsBefore);
            sent++;
        }
        assertThat(fewest).as("statements writing the request and its message").isEqualTo(1);
        assertThat(fewestLoads).as("loads of the request besides the thread lock's read").isZero();

        Row request = Db.row(pool, "SELECT version, status, updated_at = last_inbound_at, last_inbound_at > created_at,"
                + " resolved_at IS NULL FROM request WHERE id = $1::uuid", requestId);
        assertThat(request.getLong(0)).as("a version more for each message").isEqualTo(versionBefore + sent);
        assertThat(request.getString(1)).as("the customer's message reopens it").isEqualTo("OPEN");
        assertThat(request.getBoolean(2)).as("updated as the message came in").isTrue();
        assertThat(request.getBoolean(3)).as("the message's time").isTrue();
        assertThat(request.getBoolean(4)).isTrue();
        given().get("/api/v1/requests/" + requestId).then().statusCode(200)
                .body("messages", hasSize(2 + sent))
                .body("messages.findAll { it.direction == 'INBOUND' }.size()", equalTo(1 + sent))
                .body("messages.text", hasItem("The one from Monday"));
    }
}
