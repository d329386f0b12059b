package io.omnihub.analytics;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.omnihub.channel.Channel;
import io.omnihub.channel.ChannelRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * Prometheus counters of what the rollups counted, with low-cardinality labels only (channel, team, outcome), each
 * replica counting the events of its partitions. Every channel's series exist from start-up (team empty until a
 * team's first event), so dashboards and alerts find them before any traffic. The k8s dashboard queries these.
 */
@ApplicationScoped
class AnalyticsMetrics {

    /** Rollup metric → Prometheus counter name and its outcome label (null: the counter has none). */
    private static final Map<String, String[]> COUNTERS = Map.of(
            "in", new String[] { "omnihub.analytics.messages.in", null },
            "requests", new String[] { "omnihub.analytics.requests", null },
            "reply_origin", new String[] { "omnihub.analytics.replies", "origin" },
            "reply_fallback", new String[] { "omnihub.analytics.replies", "fallback" },
            "reply_held", new String[] { "omnihub.analytics.replies", "held" },
            "reply_deferred", new String[] { "omnihub.analytics.replies", "deferred" },
            "delivered", new String[] { "omnihub.analytics.deliveries", "delivered" },
            "failed", new String[] { "omnihub.analytics.deliveries", "failed" });

    private final MeterRegistry registry;
    private final ChannelRegistry channels;

    AnalyticsMetrics(MeterRegistry registry, ChannelRegistry channels) {
        this.registry = registry;
        this.channels = channels;
    }

    void register(@Observes StartupEvent event) {
        for (Channel channel : channels.all()) {
            COUNTERS.values().forEach(c -> counter(c, "", channel.id()));
        }
        registry.counter("omnihub.analytics.events");
    }

    /** Adds what a batch counted. */
    void counted(List<Rollups.Row> rows) {
        rows.forEach(r -> {
            String[] c = COUNTERS.get(r.metric());
            if (c != null) {
                counter(c, r.team(), r.channel()).increment();
            }
        });
        registry.counter("omnihub.analytics.events").increment(rows.stream().map(Rollups.Row::eventId).distinct()
                .count());
    }

    private Counter counter(String[] c, String team, String channel) {
        Counter.Builder builder = Counter.builder(c[0]).tag("channel", channel).tag("team", team);
        return (c[1] == null ? builder : builder.tag("outcome", c[1])).register(registry);
    }
}
