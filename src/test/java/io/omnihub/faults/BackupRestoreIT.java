package io.omnihub.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Backup and restore, end to end, against the packaged Omnihub and real servers (issue 20): a customer writes in by
 * SMS; PostgreSQL is backed up with its own low-level API and a file copy ({@link PhysicalBackup}); the customer is
 * erased; the backup is restored into a fresh data directory and a new Omnihub is started on it. The restored
 * database holds the customer's data key and contacts again, yet no answer ever shows the customer's data (the export
 * answers 503 with {@code Retry-After}, then 410 Gone): Omnihub
 * applies the erasure again from the erasure log before it serves personal data, the key is gone, and the
 * destruction act is still answered.
 */
class BackupRestoreIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static FaultLab lab;

    @BeforeAll
    static void startServers() throws Exception {
        FaultSettings suite = FaultSettings.fromSystemProperties();
        assertThat(suite.app()).as("the packaged application (run ./mvnw package first)").isRegularFile();
        lab = FaultLab.start(new FaultSettings(suite.app(), suite.out().resolveSibling("backup-restore"), false,
                Set.of()));
    }

    @AfterAll
    static void stopServers() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void aRestoredBackupNeverServesACustomerErasedSinceAndKeepsTheAct() throws Exception {
        // a customer writes in by SMS from a number the carrier vouches for
        OmnihubProcess before = lab.omnihub("before-backup", Map.of()).start();
        String phone = "+7916" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
        String text = "My card ends in 4242, call me back " + UUID.randomUUID();
        String sid = "SMbackup" + UUID.randomUUID().toString().replace("-", "");
        // a cold replica on a busy machine may take its time: the same message again (idempotent by its sid)
        HttpRequest webhook = HttpRequest.newBuilder(HubCalls.sms(before.url(), Secrets.SMS_ACCOUNT,
                lab.secrets.smsToken(), sid, phone, text), (name, value) -> true).timeout(Duration.ofSeconds(30))
                .build();
        Answer sms = HubCalls.send(webhook);
        for (int attempt = 1; !sms.ok() && attempt < 4; attempt++) {
            sms = HubCalls.send(webhook);
        }
        assertThat(sms.ok()).as("the SMS webhook took the message: %s", sms.kind()).isTrue();
        String customerId = lab.store.receipts("sms", List.of(sid)).get(sid)[1];
        String officer = HubCalls.token(before.url(), "backup-privacy-officer", "privacy-officer");
        HttpResponse<String> export = get(before.url(), "/api/v1/customers/" + customerId + "/privacy/export", officer);
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.body()).as("the export shows the customer's data before the erasure").contains(text)
                .contains(phone.substring(1));
        awaitRelayed(lab.postgres);

        // the backup, then the erasure
        String stop = PhysicalBackup.take(lab.postgres, lab.work.resolve("backup"));
        HttpResponse<String> erased = send(HttpRequest.newBuilder(before.url().resolve("/api/v1/customers/"
                + customerId + "/privacy/erasure")).header("Authorization", "Bearer " + officer)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(201);
        String actId = HubCalls.JSON.readTree(erased.body()).get("actId").asText();
        awaitRelayed(lab.postgres); // the erasure's outbox rows reached Kafka
        before.close();

        // restored into a fresh data directory: the backup predates the erasure
        PostgresServer restored = lab.postgres.sibling("postgres-restored", lab.work.resolve("backup"),
                FaultLab.freePort(), lab.logs.resolve("postgres-restored.log"));
        assertThat(count(restored, "SELECT count(*) FROM customer_key WHERE customer_id = ?::uuid", customerId))
                .as("the backup (stop at %s) holds the customer's data key", stop).isEqualTo(1);
        assertThat(count(restored, "SELECT count(*) FROM customer WHERE id = ?::uuid AND status = 'ACTIVE'",
                customerId)).isEqualTo(1);

        // Omnihub on the restored database: from its first answer on, never the customer's data
        OmnihubProcess after = lab.omnihub("after-restore", Map.of(), restored);
        List<String> seen = new ArrayList<>();
        after.launchOnly();
        // the token of the first replica: same issuer and key, so it is asked for nothing before the first answer
        String token = officer;
        long until = System.nanoTime() + Duration.ofSeconds(150).toNanos();
        HttpResponse<String> answer = null;
        while (System.nanoTime() < until) {
            answer = getOrNull(after.url(), "/api/v1/customers/" + customerId + "/privacy/export", token);
            if (answer != null) {
                String kind = answer.statusCode() + (answer.headers().firstValue("Retry-After").isPresent()
                        ? " Retry-After " + detail(answer.body())
                        : "");
                if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(kind)) {
                    seen.add(kind); // each kind of answer once, in the order they came
                }
                assertThat(answer.body()).as("an answer of the restored Omnihub (answers so far: %s)", seen)
                        .doesNotContain(text).doesNotContain(phone.substring(1));
                if (answer.statusCode() != 503) {
                    break;
                }
                assertThat(answer.headers().firstValue("Retry-After")).as(answer.body()).isPresent();
            }
            Thread.sleep(20);
        }
        System.out.println("The restored Omnihub's answers to the erased customer's export: " + seen);
        assertThat(answer).as("the restored Omnihub answered the export").isNotNull();
        assertThat(answer.statusCode()).as("the export of an erased customer is gone (answers: %s): %s", seen,
                answer.body()).isEqualTo(410);
        HttpResponse<String> byPhone = get(after.url(), "/api/v1/customers?phone="
                + URLEncoder.encode(phone, StandardCharsets.UTF_8), token);
        assertThat(byPhone.statusCode()).as("the erased customer cannot be found by phone: %s", byPhone.body())
                .isEqualTo(404);

        // the data cannot be decrypted: the key is destroyed again, and the rows are emptied again
        assertThat(count(restored, "SELECT count(*) FROM customer_key WHERE customer_id = ?::uuid", customerId))
                .as("the data key").isZero();
        assertThat(count(restored, "SELECT count(*) FROM contact_point WHERE customer_id = ?::uuid", customerId))
                .as("contact points").isZero();
        assertThat(count(restored, "SELECT count(*) FROM customer WHERE id = ?::uuid AND status = 'ERASED'"
                + " AND name_enc IS NULL", customerId)).isEqualTo(1);

        // the act survived the restore
        HttpResponse<String> act = get(after.url(), "/api/v1/customers/" + customerId + "/privacy/erasure", token);
        assertThat(act.statusCode()).as(act.body()).isEqualTo(200);
        JsonNode restoredAct = HubCalls.JSON.readTree(act.body());
        assertThat(restoredAct.get("actId").asText()).isEqualTo(actId);
        assertThat(restoredAct.get("subject").get("customerId").asText()).isEqualTo(customerId);
        assertThat(restoredAct.has("restoredFromErasureLogAt")).as(act.body()).isTrue();
        after.close();
        restored.close();
    }

    /** Every outbox row is published (the relay is done), within a minute. */
    private static void awaitRelayed(PostgresServer database) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (count(database, "SELECT count(*) FROM outbox WHERE published_at IS NULL AND dead_at IS NULL", null) > 0) {
            assertThat(System.nanoTime()).as("the outbox was relayed within a minute").isLessThan(until);
            Thread.sleep(200);
        }
    }

    private static long count(PostgresServer database, String sql, String id) throws SQLException {
        try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            if (id != null) {
                s.setString(1, id);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String detail(String problem) {
        try {
            return "(" + HubCalls.JSON.readTree(problem).path("detail").asText() + ")";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static HttpResponse<String> getOrNull(URI hub, String path, String token) {
        try {
            return get(hub, path, token);
        } catch (RuntimeException e) {
            return null; // not listening yet
        }
    }

    private static HttpResponse<String> get(URI hub, String path, String token) {
        return send(HttpRequest.newBuilder(hub.resolve(path)).header("Authorization", "Bearer " + token).GET());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
