package io.omnihub.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * The highest sustainable intake rate: constant-rate steps, doubling from a low rate until a step misses (p99 above
 * 50 ms, any request failed, or the relay fell more than a second behind) twice in a row, then halving the interval between the
 * last good and the first
 * bad rate.
 */
final class RateSearch {

    /** Every step run, and the highest rate that held. */
    record Outcome(List<OpenLoad.Step> steps, double max) {
    }

    private final BenchOptions options;
    private final Progress progress;

    RateSearch(BenchOptions options, Progress progress) {
        this.options = options;
        this.progress = progress;
    }

    Outcome find(DoubleFunction<OpenLoad.Step> step) {
        List<OpenLoad.Step> steps = new ArrayList<>();
        double good = 0;
        double bad = Double.NaN;
        double rate = 25;
        while (Double.isNaN(bad) && rate <= options.maxRate()) {
            if (run(step, rate, steps)) {
                good = rate;
                rate *= 2;
            } else {
                bad = rate;
            }
        }
        if (good == 0 && !Double.isNaN(bad)) {
            // not even the first rate held: look below it
            for (rate = bad / 2; rate >= 3 && good == 0; rate /= 2) {
                if (run(step, rate, steps)) {
                    good = rate;
                } else {
                    bad = rate;
                }
            }
        }
        int refinements = options.smoke() ? 1 : 4;
        for (int i = 0; i < refinements && !Double.isNaN(bad) && good > 0 && bad - good > good * 0.05; i++) {
            rate = Math.round((good + bad) / 2);
            if (run(step, rate, steps)) {
                good = rate;
            } else {
                bad = rate;
            }
        }
        return new Outcome(steps, good);
    }

    /** A step that misses is run once more: one pause of the shared machine must not end the search. */
    private boolean run(DoubleFunction<OpenLoad.Step> step, double rate, List<OpenLoad.Step> steps) {
        return once(step, rate, steps) || once(step, rate, steps);
    }

    private boolean once(DoubleFunction<OpenLoad.Step> step, double rate, List<OpenLoad.Step> steps) {
        OpenLoad.Step s = step.apply(rate);
        steps.add(s);
        boolean held = s.sustainable(Report.SEARCH_P99_LIMIT);
        progress.say(Report.f("  %,7.0f/s: p50 %6.1f  p99 %7.1f  p99.9 %7.1f ms, %,d ok, %,d failed, outbox lag %.0f ms,"
                + " sender late p99 %.1f ms  %s", rate, s.p50(), s.p99(), s.p999(), s.ok(), s.failed(), s.outboxLagMs(),
                s.senderLateP99(), held ? "holds"
                        : "misses" + (s.failures().isEmpty() ? ""
                                : " " + s.failures())));
        return held;
    }
}
