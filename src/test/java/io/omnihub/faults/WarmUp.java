package io.omnihub.faults;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Brings freshly started replicas up to speed before a fault, so that the first seconds of a cold JVM (its JIT still
 * compiling the hot paths) on a shared machine are not taken for the fault's effect: intakes in 3 s rounds at a
 * quarter, then half, then three quarters of the scenario's rate, until a round at three quarters of the rate is all
 * 2xx with p99 under 500 ms; no new round after {@code limit} (the figures say how it went). Its requests have ids of
 * their own, which no check looks at.
 */
final class WarmUp {

    private static final Duration ROUND = Duration.ofSeconds(3);
    private static final double P99_MS = 500;

    private WarmUp() {
    }

    static Map<String, Object> run(IntakeTraffic traffic, List<URI> replicas, double rate, Duration limit) {
        long t0 = System.nanoTime();
        List<Outcome> last = List.of();
        int rounds = 0;
        boolean settled = false;
        while (!settled && System.nanoTime() - t0 < limit.toNanos()) {
            double share = Math.min(3, rounds + 1) / 4.0;
            int base = 1_000_000 + rounds * 10_000;
            last = ConstantRateLoad.start("warm-up", Math.max(2, rate * share), ROUND,
                    i -> traffic.call(base + i, List.of(replicas.get(i % replicas.size())))).await();
            rounds++;
            settled = share >= 0.75 && Figures.failures(last).isEmpty() && Figures.percentile(last, 99) <= P99_MS;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seconds", Figures.round((System.nanoTime() - t0) / 1e9));
        m.put("rounds", rounds);
        m.put("settled", settled);
        m.put("lastRound", Figures.summary(last));
        return m;
    }

    /**
     * The usual limit: 60 s. Two fresh replicas compile their hot paths in about 20 s of CPU each; on a slow shared
     * machine that took 43 s before a round settled.
     */
    static Map<String, Object> run(IntakeTraffic traffic, List<URI> replicas, double rate) {
        return run(traffic, replicas, rate, Duration.ofSeconds(60));
    }
}
