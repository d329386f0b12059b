package io.omnihub.support;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;

/** Reads analytics figures through the API, and waits for the analytics consumer. */
public final class Figures {

    private Figures() {
    }

    /**
     * The figures of [{@code from}, {@code to}) split by team and channel, summed over the periods, as
     * {@code team|channel|metric|dim → value}; time percentiles are left out (they do not add up). {@code filters}
     * are more parameters, name then value (a {@code granularity} replaces {@code day}).
     */
    public static Map<String, Long> totals(String authorization, Instant from, Instant to, String... filters) {
        Map<String, String> params = new java.util.HashMap<>(Map.of("from", from.toString(), "to", to.toString(),
                "granularity", "day", "by", "team,channel"));
        for (int i = 0; i + 1 < filters.length; i += 2) {
            params.put(filters[i], filters[i + 1]);
        }
        var spec = given().header("Authorization", authorization).queryParams(params);
        List<Map<String, Object>> rows = spec.get("/api/v1/analytics/figures").then().statusCode(200).extract()
                .jsonPath().getList("");
        return rows.stream().filter(r -> !String.valueOf(r.get("metric")).matches(".*\\.p\\d0"))
                .collect(Collectors.toMap(r -> r.get("team") + "|" + r.get("channel") + "|" + r.get("metric") + "|"
                        + r.get("dim"), r -> ((Number) r.get("value")).longValue(), Long::sum, TreeMap::new));
    }

    /** Waits until the analytics consumer has committed everything {@code omnihub.events} holds now. */
    public static void awaitConsumed() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("omnihub.kafka.bootstrap-servers", String.class));
        try (Admin admin = Admin.create(props)) {
            var partitions = admin.describeTopics(List.of("omnihub.events")).allTopicNames().get().get("omnihub.events")
                    .partitions().stream().map(p -> new TopicPartition("omnihub.events", p.partition())).toList();
            Map<TopicPartition, Long> end = admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p,
                    p -> OffsetSpec.latest()))).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("omnihub-analytics")
                        .partitionsToOffsetAndMetadata().get();
                return end.entrySet().stream().allMatch(e -> e.getValue() == 0 || (committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue()));
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
