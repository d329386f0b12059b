package io.omnihub.faults;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import org.assertj.core.api.SoftAssertions;

/** Assertions that keep a failure short and clear: what went wrong, how often, and the first few offenders. */
final class Expect {

    private Expect() {
    }

    /** Expects no offender; the failure names the count and the first five. */
    static void none(SoftAssertions softly, Collection<?> offenders, String what) {
        softly.assertThat(offenders.size()).as(() -> what + ": " + offenders.size() + (offenders.isEmpty() ? ""
                : ", e.g.\n  " + firstOf(List.copyOf(offenders)))).isZero();
    }

    /**
     * Expects the load to have been served before the fault: of the requests due and answered before it, at least 90%
     * 2xx, and, where the scenario judges latency, a p99 within {@code maxP99Ms}. Otherwise the machine or a cold
     * Omnihub could not carry the load, and what follows says little about the fault. (Requests still in flight when
     * the fault came are the fault's.)
     */
    static void baseline(SoftAssertions softly, List<Outcome> outcomes, double faultAt, Double maxP99Ms) {
        List<Outcome> before = Figures.answeredBefore(outcomes, faultAt);
        long ok = before.stream().filter(Outcome::ok).count();
        double p99 = Figures.percentile(before, 99);
        softly.assertThat(ok).as("baseline: intakes answered 2xx before the fault, of %d answered before it (failures"
                + " by kind %s); below 90%% the run measured an overloaded machine, not the fault", before.size(),
                Figures.failures(before)).isGreaterThanOrEqualTo((long) Math.ceil(0.9 * before.size()));
        if (maxP99Ms != null) {
            softly.assertThat(p99).as("baseline: intake p99 (ms) before the fault; above %.0f ms the machine was too"
                    + " slow to judge the fault's latency", maxP99Ms).isLessThanOrEqualTo(maxP99Ms);
        }
    }

    static String firstOf(List<?> items) {
        return items.stream().limit(5).map(String::valueOf).collect(Collectors.joining("\n  "))
                + (items.size() > 5 ? "\n  … " + (items.size() - 5) + " more" : "");
    }
}
