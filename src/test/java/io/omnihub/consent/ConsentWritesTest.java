package io.omnihub.consent;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.support.Db;
import io.omnihub.support.Inbound;
import io.omnihub.support.Samples;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * What writing in costs consent: the consent a first message implies (its channel, and the channels of the contacts
 * the adapter vouches for) is one statement, and a profile created by that message keeps its first policy version
 * (nothing can have cached its policy); a later message that implies nothing new writes nothing.
 */
@QuarkusTest
class ConsentWritesTest {

    private static final String CONSENT_WRITES = "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements"
            + " WHERE query LIKE 'WITH e AS (INSERT INTO consent_event%'";

    @Inject
    Pool pool;

    @Test
    void aFirstMessagesImpliedConsentIsOneStatementAndARepeatWritesNothing() {
        long writesBefore = Db.count(pool, CONSENT_WRITES);
        ObjectNode first = Inbound.webMessage();
        String customer = Inbound.submit(first).then().statusCode(201).extract().path("customerId");

        long channels = Db.count(pool, "SELECT count(*) FROM consent WHERE customer_id = '" + customer + "'");
        assertThat(channels).as("channels with implied consent").isGreaterThanOrEqualTo(1);
        assertThat(Db.count(pool, "SELECT count(*) FROM consent_event WHERE customer_id = '" + customer + "'"))
                .as("ledger entries").isEqualTo(channels);
        assertThat(Db.count(pool, CONSENT_WRITES) - writesBefore).as("statements writing consent").isEqualTo(1);
        assertThat(policyVersion(customer)).as("policy version of a profile created with its consent").isZero();

        long writesThen = Db.count(pool, CONSENT_WRITES);
        Inbound.submit(first.deepCopy().put("externalId", "web-" + Samples.unique())).then().statusCode(200);
        assertThat(Db.count(pool, CONSENT_WRITES) - writesThen).as("statements writing consent again").isZero();
        assertThat(Db.count(pool, "SELECT count(*) FROM consent_event WHERE customer_id = '" + customer + "'"))
                .as("ledger entries after a repeat").isEqualTo(channels);
        assertThat(policyVersion(customer)).as("policy version after a repeat").isZero();
    }

    private long policyVersion(String customer) {
        return Db.count(pool, "SELECT policy_version FROM customer WHERE id = '" + customer + "'");
    }
}
