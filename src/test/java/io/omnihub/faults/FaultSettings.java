package io.omnihub.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the suite runs, from system properties: {@code omnihub.app} (the packaged application, set by failsafe),
 * {@code faults.out} (reports and logs, {@code target/faults}), {@code faults.soak} (longer pauses and outages) and
 * {@code faults.only} (comma-separated scenario names: run only those).
 */
record FaultSettings(Path app, Path out, boolean soak, Set<String> only) {

    static FaultSettings fromSystemProperties() {
        String soak = System.getProperty("faults.soak");
        Set<String> only = new TreeSet<>();
        Arrays.stream(System.getProperty("faults.only", "").split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .forEach(only::add);
        return new FaultSettings(Path.of(System.getProperty("omnihub.app", "target/quarkus-app/quarkus-run.jar")),
                Path.of(System.getProperty("faults.out", "target/faults")),
                soak != null && !soak.equalsIgnoreCase("false"), only);
    }

    boolean selected(String scenario) {
        return only.isEmpty() || only.contains(scenario);
    }

    /** The CI length of a fault, or the soak one. */
    Duration length(int ciSeconds, int soakSeconds) {
        return Duration.ofSeconds(soak ? soakSeconds : ciSeconds);
    }
}
