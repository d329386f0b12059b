package io.omnihub.bench;

import java.util.List;
import java.util.Map;

/** Everything one run measured; written as report.json. Latencies in milliseconds, rates per second. */
record Results(
        String startedAt,
        String machine,
        Map<String, Object> options,
        List<References.Reference> references,
        Intake intake,
        ReplyLatency.Result replies,
        ReplyLatency.Result repliesAtHalfRate,
        ConsentVisibility.Result consent,
        Scale scale,
        Map<String, Map<String, List<String>>> hotspots,
        Startup startup,
        Statements.PerOperation statementsPerReply,
        ProcessStats.Usage omnihubAtHalfReplyRate,
        double postgresCpuMsPerReply,
        GcPauses gc,
        AnalyticsLoad.Queries analytics,
        Plans.Result plans,
        Replay.Result replay,
        List<Target> targets) {

    /** These results with Omnihub's GC pauses, read once it has run. */
    Results withGc(GcPauses pauses) {
        return new Results(startedAt, machine, options, references, intake, replies, repliesAtHalfRate, consent, scale,
                hotspots, startup, statementsPerReply, omnihubAtHalfReplyRate, postgresCpuMsPerReply, pauses, analytics,
                plans, replay, targets);
    }

    /**
     * From starting the JVM until {@code /q/health/ready} answered 200: the first start ({@code readySeconds}, which
     * also migrated a fresh database and made the Kafka topics) and a second replica joining the running servers
     * ({@code replicaReadySeconds}, what a rollout or a scale-out waits for), with the class-data archive the package
     * built and with one trained in the run ({@code trainedReplicaReadySeconds}, NaN if none was written), and how
     * many classes each archive holds; and the warm-up: each ramp step's Omnihub CPU per intake, against the same
     * rate's once warm ({@code warm}, measured after the search).
     */
    record Startup(double readySeconds, double replicaReadySeconds, double trainedReplicaReadySeconds,
            int packagedArchiveClasses, int trainedArchiveClasses, List<WarmUpStep> warmUp, WarmUpStep warm) {

        /**
         * Seconds from ready until a ramp step at the warm reference's rate used at most 20% more CPU per intake than
         * the reference; NaN if none did.
         */
        double warmUpSeconds() {
            return warmUp.stream().filter(w -> w.rate() == warm.rate() && w.cpuMsPerIntake() <= warm.cpuMsPerIntake()
                    * 1.2).mapToDouble(WarmUpStep::endedAfter).findFirst().orElse(Double.NaN);
        }
    }

    /** A warm-up step: its rate, when it ended (seconds after ready), and Omnihub's CPU per intake during it. */
    record WarmUpStep(double rate, double endedAfter, double cpuMsPerIntake) {
    }

    /**
     * Intake: the search for the highest sustainable rate, the half-rate step, what Omnihub used meanwhile, and a
     * surge.
     */
    record Intake(List<OpenLoad.Step> search, double maxSustainableRate, boolean confirmed, OpenLoad.Step half,
            ProcessStats.Usage omnihubAtHalfRate, Statements.PerOperation statementsAtHalfRate,
            double postgresCpuMsPerIntake, OpenLoad.Step lookupByPhone, OpenLoad.Step timeline,
            AnalyticsLoad.Lag analyticsLag, Surge surge) {
    }

    /**
     * A burst: twice the highest sustainable rate for a step; how long after it the relay had published everything
     * due ({@code drainSeconds}, NaN if not within {@link Bench#SURGE_DRAIN_LIMIT}); then the sustained rate again,
     * and how far the analytics consumer fell behind during it.
     */
    record Surge(OpenLoad.Step burst, double drainSeconds, OpenLoad.Step after, AnalyticsLoad.Lag afterLag) {
    }

    /**
     * The same again after preloading customers, once an unmeasured step ({@code warmUp}) has brought the database's
     * hot pages back into its cache.
     */
    record Scale(long customers, Preload.Result preload, OpenLoad.Step warmUp, Intake intake) {
    }

    /**
     * A target of issue #17 and whether this run met it; {@code pass} is null when not measured, or when the goal is
     * only to report the figure.
     */
    record Target(String name, String goal, String measured, Boolean pass) {

        String verdict() {
            return pass != null ? pass ? "PASS" : "MISS" : "reported".equals(goal) ? "REPORTED" : "NOT MEASURED";
        }
    }
}
