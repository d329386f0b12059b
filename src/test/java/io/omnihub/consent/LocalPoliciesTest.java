package io.omnihub.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.omnihub.routing.CustomerPolicy;
import io.omnihub.support.MovableClock;

/** The replica's own level of the policy cache: what it answers, and that it keeps only what has not expired. */
class LocalPoliciesTest {

    private final MovableClock clock = new MovableClock();
    private final LocalPolicies local = new LocalPolicies(clock);

    private static CustomerPolicy policy(long version) {
        return new CustomerPolicy(version, List.of(), false, null, null, Map.of());
    }

    @Test
    void answersAPolicyOfItsEpochUntilItExpires() {
        UUID customer = UUID.randomUUID();
        local.put(customer, 7, policy(3));
        assertThat(local.get(customer, 7).version()).isEqualTo(3);
        assertThat(local.get(customer, 8)).isNull(); // cached in another epoch: not trusted
        clock.advance(LocalPolicies.TTL.plusMillis(1));
        assertThat(local.get(customer, 7)).isNull();
    }

    @Test
    void theSweepKeepsOnlyWhatHasNotExpired() {
        for (int i = 0; i < 1_000; i++) {
            local.put(new UUID(0, i), 1, policy(i));
        }
        clock.advance(LocalPolicies.TTL.plusSeconds(1));
        UUID recent = UUID.randomUUID();
        local.put(recent, 1, policy(1));
        // until 7 December the thousand expired policies stayed until the map held 100,000
        assertThat(local.sweep()).isEqualTo(1L);
        assertThat(local.get(recent, 1)).isNotNull();
        clock.advance(Duration.ofMinutes(1));
        assertThat(local.sweep()).isZero();
    }

    @Test
    void holdsAtMostItsBound() {
        for (int i = 0; i < LocalPolicies.MAX + 1_000; i++) {
            local.put(new UUID(1, i), 1, policy(i));
        }
        assertThat(local.sweep()).isEqualTo(LocalPolicies.MAX);
    }

    @Test
    void forgetsACustomerAndEverything() {
        UUID one = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        local.put(one, 1, policy(1));
        local.put(other, 1, policy(1));
        local.forget(one);
        assertThat(local.get(one, 1)).isNull();
        assertThat(local.get(other, 1)).isNotNull();
        local.clear();
        assertThat(local.sweep()).isZero();
    }
}
