package io.omnihub.customer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasSize;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.customer.crypto.PersonalDataCipher;
import io.omnihub.support.Auth;
import io.omnihub.support.Db;
import io.omnihub.support.Inbound;
import io.omnihub.support.Samples;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;

/** Customers found by a word of their name (the name itself stays sealed), requests by their short number. */
@QuarkusTest
class SearchTest {

    @Inject
    Pool pool;

    @Test
    void aCustomerIsFoundByTheWordsOfTheirNameInAnyCaseAndOnlyByTheirTeams() {
        String team = "find-" + Samples.unique().toLowerCase();
        String word = "Quill" + Samples.unique().replaceAll("[^A-Za-z]", "");
        String key = Auth.issue("find-" + Samples.unique(), "web", team, null, List.of("email", "web_visitor"));
        ObjectNode message = Inbound.webMessage();
        ((ObjectNode) message.get("customer")).put("name", "Ёлка " + word);
        var created = Inbound.submitAs(key, message).then().statusCode(201).extract();
        String customerId = created.path("customerId");
        String operator = Auth.bearer("op-" + team, List.of("operator"), List.of(team));

        given().header("Authorization", operator).queryParam("name", "елка " + word.toUpperCase())
                .get("/api/v1/customers/search").then().statusCode(200).body("id", contains(customerId));
        given().header("Authorization", operator).queryParam("name", word.toLowerCase() + " nobody")
                .get("/api/v1/customers/search").then().statusCode(200).body("$", hasSize(0));
        given().header("Authorization", Auth.bearer("op-x-" + team, List.of("operator"), List.of("other")))
                .queryParam("name", word).get("/api/v1/customers/search").then().statusCode(200)
                .body("$", hasSize(0));
        given().header("Authorization", operator).queryParam("name", " ").get("/api/v1/customers/search").then()
                .statusCode(400).contentType("application/problem+json");
        assertThat(Db.count(pool, "SELECT count(*) FROM customer_name_token t JOIN customer c ON c.id = t.customer_id"
                + " WHERE c.id = $1::uuid AND position($2::bytea in t.token_hash) > 0", customerId,
                word.toLowerCase().getBytes())).as("hashes only, never the word").isZero();

        // a corrected name is found by its new words only
        given().contentType(ContentType.JSON).header("Authorization", operator)
                .body(Map.of("name", "Anna Karenina" + word, "reason", "the customer's word"))
                .put("/api/v1/customers/" + customerId + "/name").then().statusCode(204);
        given().header("Authorization", operator).queryParam("name", "Ёлка " + word)
                .get("/api/v1/customers/search").then().body("$", hasSize(0));
        given().header("Authorization", operator).queryParam("name", "karenina" + word.toLowerCase())
                .get("/api/v1/customers/search").then().body("id", contains(customerId));
    }

    /** A profile named before the name index existed (its entries removed here) is indexed in the background. */
    @Test
    void aProfileNamedBeforeTheIndexIsFoundOnceTheBackfillPassed() throws Throwable {
        String team = "old-" + Samples.unique().toLowerCase();
        String word = "Ostrich" + Samples.unique().replaceAll("[^A-Za-z]", "");
        String key = Auth.issue("old-" + Samples.unique(), "web", team, null, List.of("email", "web_visitor"));
        ObjectNode message = Inbound.webMessage();
        ((ObjectNode) message.get("customer")).put("name", "Vera " + word);
        String customerId = Inbound.submitAs(key, message).then().statusCode(201).extract().path("customerId");
        String operator = Auth.bearer("op-" + team, List.of("operator"), List.of(team));
        assertThat(Db.count(pool, "WITH gone AS (DELETE FROM customer_name_token WHERE customer_id = $1::uuid"
                + " RETURNING 1) SELECT count(*) FROM gone", customerId)).isPositive();
        given().header("Authorization", operator).queryParam("name", word).get("/api/v1/customers/search").then()
                .statusCode(200).body("$", hasSize(0));

        // batches until one finds nothing more to index
        while (io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() -> backfill.batch()) > 0) {
            // the next batch
        }
        given().header("Authorization", operator).queryParam("name", word).get("/api/v1/customers/search").then()
                .statusCode(200).body("id", contains(customerId));
    }

    @Inject
    NameIndexBackfill backfill;

    @Inject
    PersonalDataCipher cipher;

    /**
     * A profile whose data key cannot be unwrapped, or whose sealed name cannot be opened, is skipped alone: the others
     * of its batch are still indexed (one such profile failed the batch of 200, whose cursor had moved past them all,
     * so they stayed out of name search until the next start).
     */
    @Test
    void theBackfillSkipsAProfileItCannotReadAndIndexesTheRestOfItsBatch() throws Throwable {
        String team = "odd-" + Samples.unique().toLowerCase();
        String key = Auth.issue("odd-" + Samples.unique(), "web", team, null, List.of("email", "web_visitor"));
        String word = "Heron" + Samples.unique().replaceAll("[^A-Za-z]", "");
        List<String> ids = new ArrayList<>();
        for (String first : List.of("Lost", "Torn", "Kept")) {
            ObjectNode message = Inbound.webMessage();
            ((ObjectNode) message.get("customer")).put("name", first + " " + word);
            ids.add(Inbound.submitAs(key, message).then().statusCode(201).extract().path("customerId"));
        }
        Object profiles = ids.stream().map(UUID::fromString).toArray(UUID[]::new);
        Db.count(pool, "WITH gone AS (DELETE FROM customer_name_token WHERE customer_id = ANY($1::uuid[])"
                + " RETURNING 1) SELECT count(*) FROM gone", profiles);
        // the first: a data key that does not unwrap (not cached here); the second: a sealed name that does not open
        flip("customer_key", "wrapped_key", "customer_id", ids.get(0));
        cipher.forget(UUID.fromString(ids.get(0)));
        flip("customer", "name_enc", "id", ids.get(1));
        try {
            int indexed = 1;
            for (int batches = 0; indexed > 0 && batches < 50; batches++) {
                try {
                    indexed = io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() -> backfill.batch());
                } catch (IllegalStateException e) {
                    indexed = 1; // a failed batch: the next one goes on from where this one's cursor was left
                }
            }
            String operator = Auth.bearer("op-" + team, List.of("operator"), List.of(team));
            given().header("Authorization", operator).queryParam("name", word).get("/api/v1/customers/search").then()
                    .statusCode(200).body("id", contains(ids.get(2)));
        } finally { // whole again: other tests read every key (the master key's re-wrap)
            flip("customer_key", "wrapped_key", "customer_id", ids.get(0));
            flip("customer", "name_enc", "id", ids.get(1));
        }
    }

    /** Flips the last bit of a row's bytes: a sealed value or a wrapped key no longer opens; flipped again, it does. */
    private void flip(String table, String column, String idColumn, String id) {
        String last = "length(" + column + ") - 1";
        assertThat(Db.count(pool, "WITH f AS (UPDATE " + table + " SET " + column + " = set_byte(" + column + ", "
                + last + ", get_byte(" + column + ", " + last + ") # 1) WHERE " + idColumn + " = $1::uuid RETURNING 1)"
                + " SELECT count(*) FROM f", id)).isEqualTo(1);
    }

    @Test
    void aRequestIsFoundByItsShortNumber() {
        String requestId = Inbound.submit(Inbound.webMessage()).then().statusCode(201).extract().path("requestId");
        String number = requestId.replace("-", "").substring(24).toUpperCase();
        given().queryParam("number", number).get("/api/v1/requests").then().statusCode(200)
                .body("items.id", contains(requestId)).body("items[0].number", org.hamcrest.Matchers.equalTo(number));
        given().queryParam("number", "#" + number.toLowerCase()).get("/api/v1/requests").then()
                .body("items.id", contains(requestId));
        given().queryParam("number", "12345").get("/api/v1/requests").then().statusCode(400);
    }
}
