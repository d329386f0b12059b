package io.omnihub.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.omnihub.analytics.Figures;

/**
 * The analytics page's charts, from the figures of a window: each chart is a table of periods and series, drawn by the
 * page from that same table, so what is drawn and what is listed cannot differ.
 */
public final class AnalyticsCharts {

    private AnalyticsCharts() {
    }

    /** A chart: its series (label → the metric summed over its dims) and a row per period with figures. */
    public record Chart(String id, String title, List<String> series, List<Row> rows) {
    }

    /** A period: its start (epoch seconds, for the plot), its label, and a value per series (null: none). */
    public record Row(long epoch, String label, List<Long> values) {
    }

    private static final List<Map.Entry<String, Map<String, String>>> CHARTS = List.of(
            Map.entry("volumes|Messages in and replies out", series("In", "in", "Out", "out")),
            Map.entry("first-response|First response, seconds (upper bound of the bucket)",
                    series("p50", "first_response.p50", "p90", "first_response.p90")),
            Map.entry("replies|Replies by outcome", series("Origin channel", "reply_origin", "Fallback",
                    "reply_fallback", "Held", "reply_held", "Deferred (quiet hours)", "reply_deferred")),
            Map.entry("journeys|Journeys", series("Channel switches", "switch", "Repeat contacts", "repeat",
                    "Became multichannel", "multichannel", "Closed by the bot", "bot_closed", "Handed off by the bot",
                    "bot_handed_off")));

    public static List<Chart> of(List<Figures.Figure> figures, String granularity) {
        TreeSet<Instant> periods = new TreeSet<>();
        figures.forEach(f -> periods.add(f.period()));
        List<Chart> charts = new ArrayList<>();
        for (var chart : CHARTS) {
            String[] idTitle = chart.getKey().split("\\|", 2);
            List<Row> rows = new ArrayList<>();
            for (Instant period : periods) {
                List<Long> values = chart.getValue().values().stream().map(metric -> sum(figures, period, metric))
                        .toList();
                if (values.stream().anyMatch(v -> v != null)) {
                    rows.add(new Row(period.getEpochSecond(), label(period, granularity), values));
                }
            }
            charts.add(new Chart(idTitle[0], idTitle[1], List.copyOf(chart.getValue().keySet()), rows));
        }
        return charts;
    }

    private static Long sum(List<Figures.Figure> figures, Instant period, String metric) {
        Long sum = null;
        for (Figures.Figure f : figures) {
            if (f.period().equals(period) && f.metric().equals(metric) && f.value() != null) {
                sum = (sum == null ? 0 : sum) + f.value();
            }
        }
        return sum;
    }

    private static String label(Instant period, String granularity) {
        var at = period.atZone(ZoneOffset.UTC);
        return switch (granularity) {
            case "hour" -> at.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:00"));
            case "week" -> "week of " + at.toLocalDate();
            default -> at.toLocalDate().toString();
        };
    }

    private static Map<String, String> series(String... labelsAndMetrics) {
        Map<String, String> series = new LinkedHashMap<>();
        for (int i = 0; i < labelsAndMetrics.length; i += 2) {
            series.put(labelsAndMetrics[i], labelsAndMetrics[i + 1]);
        }
        return series;
    }
}
