package io.omnihub.bench;

import java.util.List;
import java.util.Map;

/** Everything one run measured; written as report.json. Latencies in milliseconds, rates per second. */
record Results(
        String startedAt,
        String machine,
        Map<String, Object> options,
        List<References.Reference> references,
        Intake intake,
        ReplyLatency.Result replies,
        ReplyLatency.Result repliesAtHalfRate,
        ConsentVisibility.Result consent,
        Scale scale,
        Map<String, List<String>> hotspots,
        List<Target> targets) {

    /** Intake: the search for the highest sustainable rate, the half-rate step, and what Omnihub used meanwhile. */
    record Intake(List<OpenLoad.Step> search, double maxSustainableRate, OpenLoad.Step half,
            ProcessStats.Usage omnihubAtHalfRate, Statements.PerOperation statementsAtHalfRate,
            OpenLoad.Step lookupByPhone, OpenLoad.Step timeline) {
    }

    /** The same again after preloading customers. */
    record Scale(long customers, double preloadSeconds, Intake intake) {
    }

    /** A target of issue #8 and whether this run met it; {@code pass} is null when not measured. */
    record Target(String name, String goal, String measured, Boolean pass) {

        String verdict() {
            return pass == null ? "NOT MEASURED" : pass ? "PASS" : "MISS";
        }
    }
}
