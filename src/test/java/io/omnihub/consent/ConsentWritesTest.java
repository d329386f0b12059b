package io.omnihub.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.support.Db;
import io.omnihub.support.Inbound;
import io.omnihub.support.Samples;
import io.omnihub.support.Webhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * What writing in costs consent: the consent a first message implies (its channel, and the channels of the contacts
 * the adapter vouches for) is written by the intake's last statement, its receipt's, with no statement of its own
 * (unless a keyword in the message changes that consent too), and a profile created by that message keeps its first
 * policy version (nothing can have cached its policy); a later message that implies nothing new writes nothing, and a
 * known customer's first message on a new channel implies its consent with one statement, not a read and a write.
 */
@QuarkusTest
class ConsentWritesTest {

    /** Statements writing consent of their own, not carried by an intake's receipt. */
    private static final String OWN_CONSENT_WRITES = "query LIKE 'WITH %INSERT INTO consent_event%'"
            + " AND query NOT LIKE '%INSERT INTO inbound_receipt%'";
    /** An intake's receipt carrying consent writes. */
    private static final String RECEIPTS_WITH_CONSENT = "query LIKE '%INSERT INTO consent_event%'"
            + " AND query LIKE '%INSERT INTO inbound_receipt%'";
    /** The statements that write consent, and the read of a customer's current consent. */
    private static final String CONSENT_STATEMENTS = "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements"
            + " WHERE query LIKE 'WITH %INSERT INTO consent_event%' OR query LIKE 'select % from consent c1_0 where"
            + " c1_0.customer_id=$1 order by%'";

    @Inject
    Pool pool;

    @Test
    void aFirstMessagesImpliedConsentIsWrittenByItsReceiptsStatementAndARepeatRunsNoConsentStatement() {
        // the counts are the server's, so a flow an earlier test left running can add to one attempt; the fewest of
        // three attempts are the intakes' own
        long fewestOwn = Long.MAX_VALUE;
        long carried = 0;
        long fewestRepeat = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 3 && (fewestOwn > 0 || fewestRepeat > 0); attempt++) {
            long ownBefore = Db.calls(pool, OWN_CONSENT_WRITES);
            long carriedBefore = Db.calls(pool, RECEIPTS_WITH_CONSENT);
            ObjectNode first = Inbound.webMessage();
            String customer = Inbound.submit(first).then().statusCode(201).extract().path("customerId");
            fewestOwn = Math.min(fewestOwn, Db.calls(pool, OWN_CONSENT_WRITES) - ownBefore);
            carried = Math.max(carried, Db.calls(pool, RECEIPTS_WITH_CONSENT) - carriedBefore);

            long channels = Db.count(pool, "SELECT count(*) FROM consent WHERE customer_id = '" + customer + "'");
            assertThat(channels).as("channels with implied consent").isGreaterThanOrEqualTo(1);
            assertThat(Db.count(pool, "SELECT count(*) FROM consent c JOIN consent_event e ON e.id = c.event_id"
                    + " WHERE c.customer_id = '" + customer + "' AND c.granted AND c.purpose = 'SERVICE'"
                    + " AND e.action = 'GRANTED' AND e.text_version = 'implied-by-contact' AND e.channel = c.channel"
                    + " AND length(e.evidence_enc) > 0 AND e.occurred_at = c.updated_at"))
                    .as("each channel's current state names its ledger entry").isEqualTo(channels);
            assertThat(ledgerEntries(customer)).as("ledger entries").isEqualTo(channels);
            assertThat(policyVersion(customer)).as("policy version of a profile created with its consent").isZero();

            long statementsThen = Db.count(pool, CONSENT_STATEMENTS);
            Inbound.submit(first.deepCopy().put("externalId", "web-" + Samples.unique())).then().statusCode(200);
            fewestRepeat = Math.min(fewestRepeat, Db.count(pool, CONSENT_STATEMENTS) - statementsThen);
            assertThat(ledgerEntries(customer)).as("ledger entries after a repeat").isEqualTo(channels);
            assertThat(policyVersion(customer)).as("policy version after a repeat").isZero();
        }
        assertThat(fewestOwn).as("statements writing a new profile's consent besides the receipt's").isZero();
        assertThat(carried).as("the receipt's statement writes it").isPositive();
        // the lookup that locked the profile read its decided channels: the repeat implies nothing new
        assertThat(fewestRepeat).as("statements on consent for a repeat, which decides nothing").isZero();
    }

    @Test
    void aNewCustomersFirstTextSayingStopIsImpliedThenWithdrawn() {
        Map<String, String> sms = Inbound.smsInbound();
        sms.put("Body", "STOP");
        Webhooks.sms("/webhooks/sms", sms).then().statusCode(200);
        String customer = io.restassured.RestAssured.given().queryParam("phone", sms.get("From"))
                .get("/api/v1/customers").then().statusCode(200).extract().path("id");

        assertThat(Db.count(pool, "SELECT count(*) FROM consent WHERE customer_id = '" + customer
                + "' AND channel = 'sms' AND purpose = 'SERVICE' AND NOT granted")).as("withdrawn").isEqualTo(1);
        assertThat(Db.row(pool, "SELECT string_agg(action, ',' ORDER BY occurred_at, id) FROM consent_event"
                + " WHERE customer_id = $1::uuid AND channel = 'sms' AND purpose = 'SERVICE'", customer).getString(0))
                .as("the ledger: implied by the message, then withdrawn by its keyword").isEqualTo("GRANTED,WITHDRAWN");
    }

    @Test
    void aKnownCustomerOnANewChannelHasItsConsentImpliedByOneStatementWithoutARead() {
        long fewest = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 3 && fewest > 1; attempt++) {
            String phone = Samples.phone();
            Map<String, String> sms = Inbound.smsInbound();
            sms.put("From", phone);
            Webhooks.sms("/webhooks/sms", sms).then().statusCode(200);
            String customer = io.restassured.RestAssured.given().queryParam("phone", phone).get("/api/v1/customers")
                    .then().statusCode(200).extract().path("id");
            assertThat(Db.count(pool, "SELECT count(*) FROM consent WHERE customer_id = '" + customer
                    + "' AND channel = 'web'")).as("precondition: nothing decided for the web yet").isZero();
            long version = policyVersion(customer);
            long entries = ledgerEntries(customer);
            long before = Db.count(pool, CONSENT_STATEMENTS);

            ObjectNode web = Inbound.webMessage();
            ((ObjectNode) web.get("customer")).put("phone", phone);
            Inbound.submit(web).then().statusCode(201).body("customerId", org.hamcrest.Matchers.equalTo(customer));
            fewest = Math.min(fewest, Db.count(pool, CONSENT_STATEMENTS) - before);

            assertThat(Db.count(pool, "SELECT count(*) FROM consent WHERE customer_id = '" + customer
                    + "' AND channel = 'web' AND purpose = 'SERVICE' AND granted")).as("the web implied").isEqualTo(1);
            assertThat(ledgerEntries(customer)).as("one ledger entry for each channel decided, SMS's not again")
                    .isEqualTo(Db.count(pool, "SELECT count(*) FROM consent WHERE customer_id = '" + customer + "'"))
                    .isGreaterThan(entries);
            assertThat(policyVersion(customer)).as("a known profile's policy moves on").isEqualTo(version + 1);
        }
        assertThat(fewest).as("statements on consent").isEqualTo(1);
    }

    private long ledgerEntries(String customer) {
        return Db.count(pool, "SELECT count(*) FROM consent_event WHERE customer_id = '" + customer + "'");
    }

    private long policyVersion(String customer) {
        return Db.count(pool, "SELECT policy_version FROM customer WHERE id = '" + customer + "'");
    }
}
