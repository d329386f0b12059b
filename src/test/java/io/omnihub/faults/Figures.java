package io.omnihub.faults;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The figures a report gives for a set of requests: counts by kind and latency percentiles, in milliseconds. */
final class Figures {

    private Figures() {
    }

    /** Sent, ok, failed (by kind), p50, p99 and max latency. */
    static Map<String, Object> summary(Collection<Outcome> outcomes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sent", outcomes.size());
        m.put("ok", outcomes.stream().filter(Outcome::ok).count());
        m.put("failed", outcomes.stream().filter(o -> !o.ok()).count());
        m.put("failedByKind", failures(outcomes));
        m.put("p50Ms", percentile(outcomes, 50));
        m.put("p99Ms", percentile(outcomes, 99));
        m.put("maxMs", percentile(outcomes, 100));
        return m;
    }

    /** The failures counted by kind ({@code HTTP 500}, {@code timeout}, …). */
    static Map<String, Long> failures(Collection<Outcome> outcomes) {
        Map<String, Long> kinds = new TreeMap<>();
        outcomes.stream().filter(o -> !o.ok()).forEach(o -> kinds.merge(o.kind(), 1L, Long::sum));
        return kinds;
    }

    /** Those due in {@code [from, to)} seconds after the load started. */
    static List<Outcome> between(List<Outcome> outcomes, double from, double to) {
        return outcomes.stream().filter(o -> o.intendedSeconds() >= from && o.intendedSeconds() < to).toList();
    }

    /** Those due and answered before {@code seconds} into the load (not those still in flight then). */
    static List<Outcome> answeredBefore(List<Outcome> outcomes, double seconds) {
        return outcomes.stream().filter(o -> o.intendedSeconds() + o.latencyMs() / 1000 < seconds).toList();
    }

    /** Those answered later than {@code ms}, or not at all. */
    static List<Outcome> slowerThan(Collection<Outcome> outcomes, double ms) {
        return outcomes.stream().filter(o -> o.latencyMs() > ms).toList();
    }

    /** Nearest-rank percentile of the latency, every request counted (a timeout with its full wait); NaN if none. */
    static double percentile(Collection<Outcome> outcomes, double percentile) {
        double[] sorted = outcomes.stream().mapToDouble(Outcome::latencyMs).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percentile / 100 * sorted.length);
        return round(sorted[Math.max(0, Math.min(sorted.length, rank) - 1)]);
    }

    /**
     * When the service was back: seconds from {@code since} to the intended time of the first request from which on
     * every request was answered 2xx; null if it never was.
     */
    static Double servingAgainAfter(List<Outcome> outcomes, double since) {
        List<Outcome> after = outcomes.stream().filter(o -> o.intendedSeconds() >= since).toList();
        int lastFailure = -1;
        for (int i = 0; i < after.size(); i++) {
            if (!after.get(i).ok()) {
                lastFailure = i;
            }
        }
        return lastFailure + 1 >= after.size() ? null
                : round(Math.max(0, after.get(lastFailure + 1).intendedSeconds() - since));
    }

    /** Figures in the order given: {@code ordered("a", 1, "b", 2)}. */
    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    static String round3(double value) {
        return String.format(java.util.Locale.ROOT, "%.3f", value);
    }

    static double round(double value) {
        return Double.isNaN(value) ? value : Math.round(value * 10) / 10.0;
    }
}
