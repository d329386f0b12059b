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
     * 2xx. Otherwise the machine or a cold Omnihub could not carry the load, and what follows says little about the
     * fault. (Requests still in flight when the fault came are the fault's.)
     */
    static void baseline(SoftAssertions softly, List<Outcome> outcomes, double faultAt) {
        List<Outcome> before = Figures.answeredBefore(outcomes, faultAt);
        long ok = before.stream().filter(Outcome::ok).count();
        softly.assertThat(ok).as("baseline: intakes answered 2xx before the fault, of %d answered before it (failures"
                + " by kind %s); below 90%% the run measured an overloaded machine, not the fault", before.size(),
                Figures.failures(before)).isGreaterThanOrEqualTo((long) Math.ceil(0.9 * before.size()));
    }

    /**
     * Checks a scenario that judges latency. A failure is the fault's when the intake p99 before the fault was within
     * {@code maxP99Ms} and the replica warmed up ({@link WarmUp} settled); otherwise the machine itself was too slow (another
     * process, a pause of the test's own JVM), and
     * the run is {@link Inconclusive}: the suite runs the scenario once more, and fails it if that run fails too. A run
     * that passes on a slow baseline passes: the fault was handled even so.
     */
    static void assertAll(SoftAssertions softly, List<Outcome> outcomes, double faultAt, double maxP99Ms,
            boolean warmedUp) {
        double p99 = Figures.percentile(Figures.answeredBefore(outcomes, faultAt), 99);
        try {
            softly.assertAll();
        } catch (AssertionError e) {
            if (!warmedUp) {
                throw new Inconclusive("the replica never carried three quarters of the rate with a p99 under 500 ms"
                        + " while warming up: the machine was too slow to judge the fault's latency", e);
            }
            if (p99 > maxP99Ms) {
                throw new Inconclusive(String.format("intake p99 before the fault was %.0f ms, above %.0f ms: the"
                        + " machine was too slow to judge the fault's latency", p99, maxP99Ms), e);
            }
            throw e;
        }
    }

    /** A run that failed on a machine too slow to judge it (see {@link #assertAll}). */
    static final class Inconclusive extends AssertionError {
        private static final long serialVersionUID = 1L;

        Inconclusive(String message, AssertionError failure) {
            super(message + "\n" + failure.getMessage(), failure);
        }
    }

    static String firstOf(List<?> items) {
        return items.stream().limit(5).map(String::valueOf).collect(Collectors.joining("\n  "))
                + (items.size() > 5 ? "\n  … " + (items.size() - 5) + " more" : "");
    }
}
