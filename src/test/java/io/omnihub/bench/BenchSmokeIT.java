package io.omnihub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The benchmark in smoke mode (under a minute of load) against the packaged application, so the harness keeps
 * working as Omnihub changes. It checks that the reports exist and hold measured figures, and that no request
 * failed outside the rate search and the surge; it never judges speed: the targets' verdicts are whatever this
 * machine gave.
 */
class BenchSmokeIT {

    @Test
    void smokeRunWritesCompleteReportsWithNoFailedRequest() throws Exception {
        Path out = Path.of(System.getProperty("omnihub.bench.out", "target/bench-smoke"));
        Path dir = new Bench(BenchOptions.smoke(out)).run(Path.of(System.getProperty("omnihub.app",
                "target/quarkus-app/quarkus-run.jar")));

        assertThat(dir.resolve("report.md")).content().contains("Omnihub intake / pgbench tps", "## Targets");
        assertThat(Files.size(dir.resolve("latency.png"))).isGreaterThan(1000);
        assertThat(out.resolve("latest/report.json")).exists();
        JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        // the report's time is the run's start, which names its folder too (it was the end until 7 December)
        assertThat(Bench.RUN_FOLDER.format(Instant.parse(report.path("startedAt").asText())))
                .isEqualTo(dir.getFileName().toString());

        JsonNode intake = report.path("intake");
        JsonNode scaled = report.path("scale").path("intake");
        assertThat(intake.path("maxSustainableRate").isNumber()).isTrue();
        // the rate claimed is the one its last step, a confirmation, ran at (when any rate held)
        for (JsonNode round : List.of(intake, scaled)) {
            assertThat(round.path("confirmed").isBoolean()).as("confirmed").isTrue();
            if (round.path("maxSustainableRate").asDouble() > 0) {
                JsonNode last = round.path("search").get(round.path("search").size() - 1);
                assertThat(last.path("phase").asText()).isEqualTo("confirmation");
                assertThat(last.path("offered").asDouble()).isEqualTo(round.path("maxSustainableRate").asDouble());
            }
        }
        List<JsonNode> search = new ArrayList<>();
        intake.path("search").forEach(search::add);
        scaled.path("search").forEach(search::add);
        // the search may find the rate where requests fail; every other phase must not fail
        List<JsonNode> phases = List.of(intake.path("half"), intake.path("lookupByPhone"), intake.path("timeline"),
                report.path("replies").path("api"), report.path("repliesAtHalfRate").path("api"),
                report.path("scale").path("warmUp"), scaled.path("half"), scaled.path("lookupByPhone"),
                scaled.path("timeline"), report.path("analytics").path("warmUp"),
                report.path("analytics").path("step"));
        assertThat(search).hasSizeGreaterThan(2).allSatisfy(step -> assertThat(step.path("ok").asLong()).isPositive());
        assertThat(phases).allSatisfy(step -> {
            assertThat(step.path("failed").asLong()).as(step.path("phase") + " " + step.path("failures")).isZero();
            assertThat(step.path("ok").asLong()).as(step.path("phase").asText()).isPositive();
            assertMeasured(step, "p50", "p99", "p999", "achieved");
        });

        for (JsonNode replies : List.of(report.path("replies"), report.path("repliesAtHalfRate"))) {
            assertMeasured(replies, "p50", "p99");
            assertThat(replies.path("missing").asLong()).isZero();
            assertThat(replies.path("drainSeconds").asDouble()).isBetween(0.0,
                    (double) ReplyLatency.DRAIN_LIMIT.toSeconds());
            assertThat(replies.path("routedElsewhere").asLong()).isZero();
        }
        assertMeasured(report.path("consent"), "p50", "max");
        assertThat(report.path("consent").path("notSeen").asLong()).isZero();
        assertMeasured(intake.path("omnihubAtHalfRate"), "cpuPercent", "rssMaxMib");
        assertThat(report.path("scale").path("customers").asLong()).isPositive();
        // the local server's superuser loads in bulk: indexes built after the rows, the database's size measured
        assertThat(report.path("scale").path("preload").path("bulk").asBoolean()).isTrue();
        assertThat(report.path("scale").path("preload").path("databaseBytes").asLong()).isPositive();
        // and where its bytes are: the request table among the largest, with its indexes' sizes
        List<JsonNode> largest = new ArrayList<>();
        report.path("scale").path("preload").path("largest").forEach(largest::add);
        assertThat(largest).anySatisfy(t -> {
            assertThat(t.path("table").asText()).isEqualTo("request");
            long customers = report.path("scale").path("customers").asLong();
            assertThat(t.path("rows").asLong()).isGreaterThanOrEqualTo(2 * customers);
            assertThat(t.path("indexes")).isNotEmpty()
                    .allSatisfy(i -> assertThat(i.path("bytes").asLong()).isPositive());
        });

        for (JsonNode reference : report.path("references")) {
            if (reference.path("available").asBoolean()) {
                assertMeasured(reference, "perSecond");
            } else {
                assertThat(reference.path("note").asText()).as("why " + reference.path("name") + " is missing")
                        .isNotBlank();
            }
        }
        // issue 17's figures: statements and CPU per operation, outbox lag per intake step, start and warm-up
        assertMeasured(intake.path("statementsAtHalfRate"), "all", "operations");
        assertMeasured(report.path("statementsPerReply"), "all", "operations");
        assertMeasured(report.path("omnihubAtHalfReplyRate"), "cpuSeconds", "rssMaxMib");
        assertMeasured(intake.path("omnihubAtHalfRate"), "cpuSeconds");
        assertThat(search).allSatisfy(step -> assertThat(step.path("outboxLagMs").isNumber()).isTrue());
        assertThat(intake.path("half").path("outboxLagMs").isNumber()).isTrue();
        // a burst of twice the sustained rate: the relay catches up, and the sustained rate runs again
        for (JsonNode surge : List.of(intake.path("surge"), scaled.path("surge"))) {
            assertThat(surge.path("burst").path("ok").asLong()).as(surge.toString()).isPositive();
            assertThat(surge.path("after").path("ok").asLong()).as(surge.toString()).isPositive();
            assertThat(surge.path("drainSeconds").asDouble()).as(surge.toString()).isBetween(0.0,
                    (double) Bench.SURGE_DRAIN_LIMIT.toSeconds());
            assertThat(surge.path("afterLag").path("maxEvents").isNumber()).isTrue();
        }
        // what each intake step cost the servers, from /proc and PostgreSQL's statistics
        List<JsonNode> steps = new ArrayList<>();
        for (JsonNode round : List.of(intake, scaled)) {
            round.path("search").forEach(steps::add);
            steps.addAll(List.of(round.path("half"), round.path("surge").path("burst"),
                    round.path("surge").path("after")));
        }
        for (JsonNode work : steps.stream().map(step -> step.path("work")).toList()) {
            assertMeasured(work, "omnihubCpuMs", "walKb");
            assertThat(work.path("postgresCpuMs").isNumber()).as(work.toString()).isTrue();
            for (String counted : List.of("fullPageImages", "checkpoints", "autovacuums")) {
                assertThat(work.path(counted).asDouble()).as(counted + " of " + work).isNotNegative();
            }
            // the event loops serve the intakes: their CPU is always among Omnihub's threads'
            assertThat(work.path("omnihubThreads").path("vert.x-eventloo").asDouble()).as(work.toString())
                    .isPositive();
        }
        assertMeasured(report.path("startup"), "readySeconds", "replicaReadySeconds", "trainedReplicaReadySeconds");
        // the trained archive holds the package's classes and those of the runtime start and the hot paths
        assertThat(report.path("startup").path("trainedArchiveClasses").asInt())
                .isGreaterThan(report.path("startup").path("packagedArchiveClasses").asInt()).isPositive();
        // issue 19's: the analytics consumer's lag under intake, figures read over rollups of the given volume
        assertThat(intake.path("analyticsLag").path("maxEvents").isNumber()).isTrue();
        assertThat(report.path("analytics").path("rollupRows").asLong()).isPositive();
        assertThat(intake.path("statementsAtHalfRate").path("analytics").isNumber()).isTrue();
        // PostgreSQL's CPU is read from /proc (the local server): a short smoke may spend less than a tick on it
        assertThat(intake.path("postgresCpuMsPerIntake").isNumber()).isTrue();
        assertThat(report.path("postgresCpuMsPerReply").isNumber()).isTrue();
        assertThat(report.path("gc").path("count").isNumber()).as("GC pauses read from Omnihub's GC log").isTrue();
        assertThat(report.path("gc").path("maxAfterMb").asLong()).as("the heap a collection left").isPositive();
        assertThat(report.path("startup").path("warmUp")).isNotEmpty()
                .allSatisfy(w -> assertMeasured(w, "cpuMsPerIntake", "endedAfter"));
        // the ramp is judged against its last rate once warm
        assertMeasured(report.path("startup").path("warm"), "cpuMsPerIntake", "rate");
        // the plans of every statement the paths ran, from the local server's auto_explain
        assertThat(report.path("plans").path("statements").asInt()).as(report.path("plans").toString()).isPositive();
        assertThat(Files.readString(dir.resolve("plans.md"))).contains("Index", "Buffers");
        // the reference that replays Omnihub's own statements with pgbench, where pgbench is installed
        if (References.tool("pgbench").isPresent()) {
            assertThat(report.path("replay").path("intakesPerSecond").isNumber())
                    .as(report.path("replay").toString()).isTrue();
            assertMeasured(report.path("replay"), "intakesPerSecond", "tps", "intakes", "transactions",
                    "capturedPerSecond");
        }
        // the database server's settings, which the figures depend on: the local server runs the production
        // cluster's (LocalServersTest), not initdb's 128 MB of buffers
        assertThat(report.path("machine").asText()).contains("PostgreSQL", "shared_buffers=", "max_wal_size=",
                "checkpoint_timeout=", "synchronous_commit=on").doesNotContain("shared_buffers=128MB");
        assertThat(report.path("targets")).hasSize(17)
                .allSatisfy(t -> assertThat(t.path("measured").asText()).isNotBlank());
    }

    private static void assertMeasured(JsonNode node, String... fields) {
        for (String field : fields) {
            JsonNode value = node.path(field);
            assertThat(value.isNumber()).as(field + " of " + node).isTrue();
            assertThat(value.asDouble()).as(field + " of " + node).isPositive().isFinite();
        }
    }
}
