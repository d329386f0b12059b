package io.omnihub.consent;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.omnihub.routing.CustomerPolicy;

/**
 * This replica's level of {@link PolicyCache}: each policy for {@link #TTL} after it was cached, under the epoch it
 * was cached in, at most {@link #MAX} of them (Caffeine, on the application's clock). What expired goes as later
 * reads and writes come. Until 7 December expired policies stayed in a map until it held {@link #MAX}: up to about
 * 100 MB of heap in a replica that ran long enough (a policy with three channels' consent takes about 1 KB), then
 * emptied at once.
 */
final class LocalPolicies {

    static final Duration TTL = Duration.ofSeconds(30);
    static final int MAX = 100_000;

    private final Cache<UUID, Entry> entries;

    LocalPolicies(Clock clock) {
        entries = Caffeine.newBuilder()
                .expireAfterWrite(TTL)
                .maximumSize(MAX)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run) // its upkeep on the caller's thread, a little at a time: no task per write
                .build();
    }

    /** The customer's policy if it was cached in {@code epoch} and has not expired; else null. */
    CustomerPolicy get(UUID customerId, long epoch) {
        Entry hit = entries.getIfPresent(customerId);
        return hit != null && hit.epoch() == epoch ? hit.policy() : null;
    }

    void put(UUID customerId, long epoch, CustomerPolicy policy) {
        entries.put(customerId, new Entry(policy, epoch));
    }

    void forget(UUID customerId) {
        entries.invalidate(customerId);
    }

    void clear() {
        entries.invalidateAll();
    }

    /** Drops what expired now, rather than as later reads and writes come; answers how many are left. */
    long sweep() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    private record Entry(CustomerPolicy policy, long epoch) {
    }
}
