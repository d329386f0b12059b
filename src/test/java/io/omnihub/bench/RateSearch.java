package io.omnihub.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * The highest sustainable intake rate: constant-rate steps, doubling from a low rate until a step misses (p99 above
 * 50 ms, any request failed, or the relay fell more than a second behind) twice in a row, then halving the interval
 * between the last good and the first bad rate. The rate found must then hold once more, in a confirmation step of its
 * own; if it misses, the search claims 10% less and confirms again, a few times at most. The search forgives a step
 * one miss (best of two), so its rate alone can be a lucky one: on 6 December the same rate's two steps gave p99 55.8
 * and 27.6 ms (200/s), and 111.9 and 64.6 ms (300/s).
 */
final class RateSearch {

    /** The rate claimed after a confirmation step missed, as a share of the rate tried. */
    static final double STEP_DOWN = 0.9;

    /**
     * Every step run, the highest rate that held, and whether a confirmation step held at it (when none did, the
     * rate is the last one tried, unconfirmed).
     */
    record Outcome(List<OpenLoad.Step> steps, double max, boolean confirmed) {
    }

    /** One constant-rate step, named for the report. */
    interface Stepper {
        OpenLoad.Step run(String phase, double rate);
    }

    private final BenchOptions options;
    private final Progress progress;

    RateSearch(BenchOptions options, Progress progress) {
        this.options = options;
        this.progress = progress;
    }

    Outcome find(Stepper stepper) {
        DoubleFunction<OpenLoad.Step> step = rate -> stepper.run("search", rate);
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
        int confirmations = options.smoke() ? 1 : 3;
        for (int i = 0; i < confirmations && good > 0; i++) {
            if (once(r -> stepper.run("confirmation", r), good, steps)) {
                return new Outcome(steps, good, true);
            }
            if (i < confirmations - 1) {
                good = Math.max(1, Math.floor(good * STEP_DOWN));
            }
        }
        return new Outcome(steps, good, false);
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
