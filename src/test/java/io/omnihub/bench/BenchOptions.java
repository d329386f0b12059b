package io.omnihub.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a benchmark run does, from system properties ({@code ./mvnw -Pbench -Dduration=30 -Dscale}).
 *
 * @param step length of each step of the search for the highest sustainable intake rate
 * @param hold length of each measured phase: intake at half the maximum, replies, reads
 * @param clients connections of the load generator, and pgbench's clients: the same concurrency
 * @param scale customers to preload for the second round; 0 for none
 * @param maxRate the search never offers more than this
 * @param smoke a short run for CI: a few seconds of load, speed never judged
 * @param jfr record the Omnihub process with JDK Flight Recorder in a half-rate step of intake and one of replies,
 *        each of its own
 * @param out where the reports go: {@code <out>/<timestamp>/} and {@code <out>/latest/}
 */
public record BenchOptions(Duration step, Duration hold, int clients, long scale, int maxRate, boolean smoke,
        boolean jfr, Path out) {

    static final long DEFAULT_SCALE = 1_000_000;

    public static BenchOptions fromSystemProperties() {
        boolean smoke = flag("smoke");
        // -Dscale alone (Maven makes it "true") preloads the default; unset or empty, nothing
        String scale = System.getProperty("scale", "").strip();
        long customers = scale.equals("true") ? DEFAULT_SCALE
                : scale.isEmpty() ? 0 : Long.parseLong(scale.replace("_", ""));
        String out = System.getProperty("out", "").strip();
        return new BenchOptions(
                // steps of 30 s: shorter ones hide the relay's backlog and the JIT's warm-up
                Duration.ofSeconds(Long.getLong("step", smoke ? 1 : 30)),
                Duration.ofSeconds(Long.getLong("duration", smoke ? 2 : 30)),
                Integer.getInteger("clients", 20),
                customers,
                Integer.getInteger("maxRate", smoke ? 400 : 20_000),
                smoke,
                // a full run records a step of its own for the breakdown by layer; -Djfr=false leaves it out
                System.getProperty("jfr", "").isBlank() ? !smoke : flag("jfr"),
                Path.of(out.isEmpty() ? "target/bench" : out));
    }

    /** The CI smoke: one-second steps and two-second holds (under a minute of load in all), a small preload. */
    public static BenchOptions smoke(Path out) {
        return new BenchOptions(Duration.ofSeconds(1), Duration.ofSeconds(2), 8, 2_000, 400, true, false, out);
    }

    private static boolean flag(String name) {
        String value = System.getProperty(name);
        return value != null && !value.isBlank() && !value.equals("false");
    }
}
