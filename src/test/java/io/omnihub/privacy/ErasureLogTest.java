package io.omnihub.privacy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.omnihub.support.Auth;
import io.omnihub.support.Db;
import io.omnihub.support.KafkaTopic;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Every erasure is also in the erasure log ({@code omnihub.erasures}): its act without personal data, keyed by the
 * customer, on a topic compacted and kept forever; and the database's position in the log moves past it. That a
 * restored database applies the log again is shown end to end by {@code faults.BackupRestoreIT}.
 */
@QuarkusTest
class ErasureLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Pool pool;

    @Test
    void anErasureIsLoggedWithoutPersonalDataAndTheDatabaseMovesPastIt() throws Exception {
        PrivacyTest.Person p = PrivacyTest.person();
        try (KafkaTopic log = new KafkaTopic("omnihub.erasures")) {
            String actId = given().header("Authorization", Auth.bearer("dpo-erasure-log", List.of("privacy-officer"),
                    List.of())).contentType("application/json").body(Map.of())
                    .post("/api/v1/customers/" + p.customerId() + "/privacy/erasure").then().statusCode(201)
                    .extract().path("actId");
            KafkaTopic.Record record = log.await(r -> p.customerId().equals(r.key()), 1, Duration.ofSeconds(30))
                    .get(0);
            assertThat(record.type()).isEqualTo("customer.erasure-logged");
            JsonNode entry = JSON.readTree(record.value());
            assertThat(entry.get("actId").asText()).isEqualTo(actId);
            assertThat(entry.get("subject").get("customerId").asText()).isEqualTo(p.customerId());
            assertThat(entry.get("recordsAffected").get("dataKeys").asInt()).isPositive();
            assertThat(entry.get("requestedBy").asText()).isEqualTo("user");
            assertThat(entry.get("legalBasis").asText()).isNotBlank();
            entry.get("logExtract").forEach(line -> assertThat(line.has("actor")).as(line.toString()).isFalse());
            assertThat(record.value()).doesNotContain("dpo-erasure-log").doesNotContain(p.phone().substring(1))
                    .doesNotContain(p.email()).doesNotContain(p.webText()).doesNotContain(p.smsText())
                    .doesNotContain("Secretov");
        }
        // the database's position in the log moves past the record, without applying it again
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Db.count(pool,
                "SELECT count(*) FROM erasure_log_position WHERE next_offset > 0") > 0);
        assertThat(Db.count(pool, "SELECT count(*) FROM erasure_request WHERE customer_id = $1::uuid"
                + " AND act ? 'restoredFromErasureLogAt'", p.customerId())).isZero();
    }

    @Test
    void theErasureLogIsCompactedAndKeptForever() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers",
                ConfigProvider.getConfig().getValue("omnihub.kafka.bootstrap-servers", String.class)))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "omnihub.erasures");
            Config config = admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(config.get("retention.ms").value()).isEqualTo("-1");
        }
    }
}
