package io.omnihub.platform;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Counts by key from a grouped query's rows, whose last column is the count. */
public final class Counts {

    private Counts() {
    }

    public static Map<String, Long> byKey(List<Object[]> rows, Function<Object[], String> key) {
        Map<String, Long> counts = new TreeMap<>();
        rows.forEach(row -> counts.merge(key.apply(row), ((Number) row[row.length - 1]).longValue(), Long::sum));
        return counts;
    }
}
