package io.omnihub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Omnihub's garbage-collection pauses over the whole run, from its unified GC log ({@code -Xlog:gc}): a pause stops
 * every request in flight, so it lands in the latency tail. With them the most heap a collection left: what survived
 * it (caches, mostly) and the old generation's garbage not yet collected.
 */
record GcPauses(int count, double totalMs, double p50Ms, double p99Ms, double maxMs, double runSeconds,
        long maxAfterMb) {

    /** A pause line ends with its duration: {@code ... Pause Young (Normal) (G1 Evacuation Pause) 40M->9M(64M) 6.214ms}. */
    private static final Pattern PAUSE = Pattern.compile("^\\[([0-9.]+)s].*Pause.* ([0-9.]+)ms$");
    /**
     * The heap before and after a pause that collects (young, mixed or full), and its size: {@code 40M->9M(64M)}.
     * A remark's or a cleanup's figures are the heap in use, new objects included.
     */
    private static final Pattern HEAP = Pattern.compile("Pause (Young|Full).* [0-9]+M->([0-9]+)M\\([0-9]+M\\) ");

    /** The JVM option that writes the log this reads. */
    static String option(Path log) {
        return "-Xlog:gc:file=" + log.toAbsolutePath() + ":uptime";
    }

    static GcPauses of(Path log) throws IOException {
        List<Double> pauses = new ArrayList<>();
        double last = 0;
        long maxAfter = 0;
        for (String line : Files.readAllLines(log)) {
            Matcher m = PAUSE.matcher(line.strip());
            if (m.matches()) {
                last = Double.parseDouble(m.group(1));
                pauses.add(Double.parseDouble(m.group(2)));
                Matcher heap = HEAP.matcher(line);
                if (heap.find()) {
                    maxAfter = Math.max(maxAfter, Long.parseLong(heap.group(2)));
                }
            }
        }
        Collections.sort(pauses);
        double total = pauses.stream().mapToDouble(Double::doubleValue).sum();
        return new GcPauses(pauses.size(), total, at(pauses, 0.5), at(pauses, 0.99),
                pauses.isEmpty() ? 0 : pauses.get(pauses.size() - 1), last, maxAfter);
    }

    private static double at(List<Double> sorted, double quantile) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(quantile * sorted.size())));
    }
}
