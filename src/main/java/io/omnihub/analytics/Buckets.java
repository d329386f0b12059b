package io.omnihub.analytics;

import java.util.List;

/**
 * The fixed buckets of time histograms (first response, resolution): upper bounds in seconds, from 30 s to a week,
 * then everything longer. Counts per bucket merge by addition, so p50 and p90 can be read for any window; a
 * percentile reads as the upper bound of the bucket it falls in.
 */
final class Buckets {

    /** Upper bounds, in seconds; a time above the last falls in {@link #OVER}. */
    static final List<Long> BOUNDS = List.of(30L, 60L, 120L, 300L, 600L, 900L, 1_800L, 3_600L, 7_200L, 14_400L,
            28_800L, 86_400L, 172_800L, 345_600L, 604_800L);
    /** The bucket of times longer than a week. */
    static final String OVER = "inf";

    private Buckets() {
    }

    /** The bucket of {@code seconds}: the first bound it does not exceed. */
    static String of(long seconds) {
        return BOUNDS.stream().filter(b -> seconds <= b).findFirst().map(String::valueOf).orElse(OVER);
    }

    /** The bound of a bucket, for ordering; {@link #OVER} sorts last. */
    static long bound(String bucket) {
        return OVER.equals(bucket) ? Long.MAX_VALUE : Long.parseLong(bucket);
    }
}
