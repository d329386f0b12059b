package io.omnihub.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.omnihub.platform.Json;

/** The guard against caching a policy read before an invalidation, without Redis: generations only. */
class PolicyCacheGenerationsTest {

    private final PolicyCache cache = new PolicyCache(null, new Json(new ObjectMapper()), java.time.Clock.systemUTC());

    @Test
    void everyInvalidationMovesTheCustomersGeneration() {
        UUID customer = UUID.randomUUID();
        long before = cache.generation(customer);
        cache.forgetLocally(customer);
        long after = cache.generation(customer);
        assertThat(after).isNotEqualTo(before);
        cache.forgetLocally(customer);
        assertThat(cache.generation(customer)).isNotEqualTo(after);
    }

    @Test
    void otherCustomersChangingNeverHideAnInvalidation() {
        UUID watched = UUID.randomUUID();
        for (int i = 0; i < 100_000; i++) {
            cache.forgetLocally(new UUID(i, -i));
        }
        long before = cache.generation(watched); // a stripe shared with others may have moved on: a skipped put only
        for (int i = 0; i < 100_000; i++) {
            cache.forgetLocally(new UUID(-i, i));
        }
        long between = cache.generation(watched);
        cache.forgetLocally(watched);
        assertThat(cache.generation(watched)).isGreaterThan(between).isGreaterThan(before);
    }
}
