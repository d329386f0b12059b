package io.omnihub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The targets of issue #17, and the three forms of the report: the terminal table, report.md and report.json. */
final class Report {

    static final double SEARCH_P99_LIMIT = 50;
    /** Scale targets are judged at the ten million customers or more. */
    private static final long FULL_SCALE = 10_000_000;

    private Report() {
    }

    /** Where the preloaded database's bytes are: the largest tables, each with its rows and indexes. */
    private static void relations(StringBuilder md, Preload.Result p) {
        md.append("| table | rows | rows, MB | indexes, MB | indexes, largest first (MB) |\n"
                + "| --- | --- | --- | --- | --- |\n");
        p.largest().forEach(t -> md.append(f("| %s | %,d | %,.0f | %,.0f | %s |%n", t.table(), t.rows(),
                t.tableBytes() / 1e6, t.indexBytes() / 1e6, t.indexes().stream()
                        .map(i -> f("%s %,.0f", i.name(), i.bytes() / 1e6)).collect(Collectors.joining(", ")))));
        md.append('\n');
    }

    static String gigabytes(long bytes) {
        return f("%.1f GB", bytes / 1e9);
    }

    /**
     * Replies end to end at 500/s: the p99 of those delivered, and none missing; a call that failed (given up by the
     * generator, or answered in error) sent no reply, so it is no missing one and fails the target by itself.
     */
    static Results.Target replies(ReplyLatency.Result replies) {
        OpenLoad.Step api = replies.api();
        return new Results.Target("Reply end to end p99", "≤ 50 ms at 500/s",
                f("%.1f ms at %,.0f/s (%,d missing; %,d calls failed at the generator or the API)", replies.p99(),
                        api.offered(), replies.missing(), api.failed()),
                api.offered() >= 500 ? replies.p99() <= 50 && replies.missing() == 0 && api.failed() == 0 : null);
    }

    /** Whether the search's rate held again in a confirmation step. */
    static String confirmation(Results.Intake in) {
        return in.maxSustainableRate() == 0 ? "no rate held"
                : in.confirmed() ? "held again in a confirmation step" : "no confirmation step held";
    }

    static List<Results.Target> targets(Results r) {
        List<Results.Target> targets = new ArrayList<>();
        Results.Intake in = r.intake();
        targets.add(new Results.Target("Sustained intake, p99 ≤ 50 ms, relay keeping up", "≥ 1,000/s",
                f("%,.0f/s in %d s steps, %s", in.maxSustainableRate(), r.options().get("stepSeconds"),
                        confirmation(in)),
                in.confirmed() && in.maxSustainableRate() >= 1000));
        Statements.PerOperation st = in.statementsAtHalfRate();
        targets.add(new Results.Target("Statements per intake, relay included", "≤ 8",
                f("%.1f (%.1f without BEGIN/COMMIT)", st.all(), st.withoutTransactionControl()), st.all() <= 8));
        Statements.PerOperation rs = r.statementsPerReply();
        targets.add(new Results.Target("Statements per reply, relay included", "≤ 8 (as intake)",
                f("%.1f (%.1f without BEGIN/COMMIT)", rs.all(), rs.withoutTransactionControl()), rs.all() <= 8));
        double cpuIntake = in.omnihubAtHalfRate().cpuMsPer(in.half().ok());
        targets.add(new Results.Target("Omnihub CPU per intake", "≤ 0.7 ms",
                f("%.2f ms at %,.0f/s", cpuIntake, in.half().offered()), cpuIntake <= 0.7));
        double cpuReply = r.omnihubAtHalfReplyRate().cpuMsPer(r.repliesAtHalfRate().api().ok());
        targets.add(new Results.Target("Omnihub CPU per reply, relay included", "≤ 0.7 ms",
                f("%.2f ms at %,.0f/s", cpuReply, r.repliesAtHalfRate().api().offered()), cpuReply <= 0.7));
        double pgbench = reference(r, "pgbench");
        Replay.Result replay = r.replay();
        // the replay runs last, on the database as the last round left it: compared with that round's intake
        double intakeRate = r.scale() == null ? in.maxSustainableRate() : r.scale().intake().maxSustainableRate();
        String floor = Double.isNaN(pgbench) ? ""
                : f("; vs the reduced two-insert floor %.3f × (%,.0f tps)",
                        in.maxSustainableRate() / pgbench, pgbench);
        boolean replayed = replay != null && replay.valid();
        targets.add(new Results.Target("Intake vs pgbench replaying Omnihub's own statements", "≥ 0.70 ×",
                replayed ? f("%.3f × (%,.0f/s vs %,.0f intakes/s replayed: %s)%s", intakeRate
                        / replay.intakesPerSecond(), intakeRate, replay.intakesPerSecond(), replay.note(), floor)
                        : "not measured: " + (replay == null ? "no replay"
                                : Double.isNaN(replay.intakesPerSecond()) ? replay.note()
                                        : f("void, pgbench replayed %,.1f intakes/s, slower than the %,.1f/s of the"
                                                + " phase it captured (see replay/pgbench.out; %s)",
                                                replay.intakesPerSecond(), replay.capturedPerSecond(), replay.note()))
                                + floor,
                replayed ? intakeRate / replay.intakesPerSecond() >= 0.7 : null));
        targets.add(replies(r.replies()));
        Results.Scale s = r.scale();
        boolean full = s != null && s.customers() >= FULL_SCALE;
        String at = s == null ? "no preload (-Dscale)" : f("at %,d customers", s.customers());
        targets.add(new Results.Target("Intake at 10 M customers vs empty database", "within 20%",
                s == null ? at
                        : f("%,.0f/s (%s) vs %,.0f/s (%s) %s", s.intake().maxSustainableRate(),
                                confirmation(s.intake()), in.maxSustainableRate(), confirmation(in), at),
                full && s.intake().confirmed() && in.confirmed()
                        ? s.intake().maxSustainableRate() >= 0.8 * in.maxSustainableRate()
                        : null));
        targets.add(new Results.Target("Preload of 10 M customers: time and database size", "reported; disk ≤ 40 GB",
                s == null ? at
                        : f("%.0f s (%s), database %s %s", s.preload().seconds(), s.preload().path(),
                                gigabytes(s.preload().databaseBytes()), at),
                full ? s.preload().databaseBytes() <= 40e9 : null));
        targets.add(new Results.Target("Lookup by phone p99 at 10 M customers", "≤ 5 ms",
                s == null ? at : f("%.2f ms %s", s.intake().lookupByPhone().p99(), at),
                full ? s.intake().lookupByPhone().p99() <= 5 : null));
        targets.add(new Results.Target("Timeline p99 at 10 M customers", "≤ 20 ms",
                s == null ? at : f("%.2f ms %s", s.intake().timeline().p99(), at),
                full ? s.intake().timeline().p99() <= 20 : null));
        Plans.Result plans = r.plans();
        targets.add(new Results.Target("Hot-path statements: index probes, no sequential scan of a large table",
                "plans in plans.md", plans == null || plans.statements() == null ? "not measured: "
                        + (plans == null ? "no plans phase" : plans.note())
                        : f("%d statements explained %s; %s", plans.statements(), at, plans.sequentialScans()
                                .isEmpty() ? "no sequential scan of a table over " + Plans.LARGE + " rows"
                                        : "sequential scans: " + String.join("; ", plans.sequentialScans())),
                // judged at a million customers or more: on small tables a sequential scan is the planner's right choice
                plans == null || plans.statements() == null || s == null || s.customers() < 1_000_000 ? null
                        : plans.sequentialScans().isEmpty()));
        Results.Startup startup = r.startup();
        double replica = Double.isNaN(startup.trainedReplicaReadySeconds()) ? startup.replicaReadySeconds()
                : Math.min(startup.replicaReadySeconds(), startup.trainedReplicaReadySeconds());
        targets.add(new Results.Target("JVM start to ready", "≤ 1.5 s",
                f("%.2f s for a replica joining the running servers with a class-data archive trained in the run"
                        + " (%.2f s with the package's); %.2f s for the first start (a fresh database migrated, the"
                        + " topics made)", startup.trainedReplicaReadySeconds(), startup.replicaReadySeconds(),
                        startup.readySeconds()),
                replica <= 1.5));
        double warm = startup.warmUpSeconds();
        Results.WarmUpStep last = startup.warmUp().get(startup.warmUp().size() - 1);
        targets.add(new Results.Target("JIT warm-up: CPU per intake within 20% of steady", "reported",
                (Double.isNaN(warm) ? f("not within 20%% by %.0f s after ready", last.endedAfter())
                        : f("%.0f s after ready", warm))
                        + f(" (%.2f ms per intake at %.0f/s in the ramp's last step, %.2f ms warm)",
                                last.cpuMsPerIntake(), last.rate(), startup.warm().cpuMsPerIntake()),
                null));
        double rssMb = Math.max(in.omnihubAtHalfRate().rssMaxMib(), r.omnihubAtHalfReplyRate().rssMaxMib())
                * 1.048576;
        targets.add(new Results.Target("RSS under load", "≤ 300 MB", f("%.0f MB", rssMb), rssMb <= 300));
        if (r.analytics() != null) {
            OpenLoad.Step q = r.analytics().step();
            targets.add(new Results.Target("Analytics queries over 90 days of rollups (50 M messages)", "p99 ≤ 200 ms",
                    f("%.1f ms (%,d rows, %.0f/s)", q.p99(), r.analytics().rollupRows(), q.offered()),
                    q.failed() == 0 && q.p99() <= 200));
        }
        targets.add(new Results.Target("Consent withdrawal visible to the send path", "≤ 1 s",
                f("max %.0f ms over %d withdrawals", r.consent().max(), r.consent().samples()),
                r.consent().max() <= 1000 && r.consent().notSeen() == 0));
        return targets;
    }

    static double reference(Results r, String name) {
        return r.references().stream().filter(x -> x.name().equals(name) && x.available())
                .mapToDouble(References.Reference::perSecond).findFirst().orElse(Double.NaN);
    }

    static void write(Results r, Path dir) throws IOException {
        Files.createDirectories(dir);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("report.json").toFile(), r);
        Files.writeString(dir.resolve("report.md"), markdown(r));
    }

    static String table(Results r) {
        double pgbench = reference(r, "pgbench");
        StringBuilder t = new StringBuilder();
        t.append("\n  ┌──────────────────────────────────────────────────────────────────────────────┐\n");
        t.append(row(f("Omnihub intake / pgbench, two-insert floor:  %s",
                Double.isNaN(pgbench) ? "n/a (pgbench not available)"
                        : f("%.2f  (%,.0f/s vs %,.0f tps)", r.intake().maxSustainableRate() / pgbench,
                                r.intake().maxSustainableRate(), pgbench))));
        t.append("  ├──────────────────────────────────────────────────────────────────────────────┤\n");
        for (String line : summary(r)) {
            t.append(row(line));
        }
        t.append("  ├──────────────────────────────────────────────────────────────────────────────┤\n");
        for (Results.Target target : r.targets()) {
            t.append(row(f("%-12s %-44s %s", target.verdict(), target.name(), target.goal())));
        }
        t.append("  └──────────────────────────────────────────────────────────────────────────────┘\n");
        return t.toString();
    }

    private static List<String> summary(Results r) {
        List<String> lines = new ArrayList<>();
        OpenLoad.Step half = r.intake().half();
        lines.add(f("max sustainable intake (p99 ≤ %.0f ms)   %,10.0f /s%s", SEARCH_P99_LIMIT,
                r.intake().maxSustainableRate(), r.intake().confirmed() ? ", confirmed" : ", NOT confirmed"));
        lines.add(f("at half rate %,7.0f/s  p50 %6.1f  p99 %6.1f  p99.9 %6.1f ms", half.offered(), half.p50(), half.p99(),
                half.p999()));
        Results.Surge surge = r.intake().surge();
        lines.add(f("surge %,6.0f/s  p99 %6.1f ms, %,d failed (%,d with 503); relay caught up %s",
                surge.burst().offered(), surge.burst().p99(), surge.burst().failed(), unavailable(surge.burst()),
                caughtUp(surge)));
        lines.add(f("  then %,6.0f/s  p99 %7.1f ms, %,d failed, outbox lag at its end %.0f ms", surge.after().offered(),
                surge.after().p99(), surge.after().failed(), surge.after().outboxLagMs()));
        lines.add(f("  CPU ms per intake then %.2f + %.2f PostgreSQL (half rate %.2f + %.2f)",
                surge.after().work().omnihubCpuMs(), surge.after().work().postgresCpuMs(),
                half.work().omnihubCpuMs(), half.work().postgresCpuMs()));
        for (ReplyLatency.Result replies : List.of(r.repliesAtHalfRate(), r.replies())) {
            lines.add(f("reply e2e at %,5.0f/s   p50 %6.1f  p99 %6.1f ms", replies.api().offered(), replies.p50(),
                    replies.p99()));
        }
        lines.add(f("consent visible after    p50 %6.0f  max %6.0f ms", r.consent().p50(), r.consent().max()));
        ProcessStats.Usage u = r.intake().omnihubAtHalfRate();
        lines.add(f("Omnihub at half rate     CPU %5.0f%% of a core, RSS max %,.0f MiB", u.cpuPercent(), u.rssMaxMib()));
        Statements.PerOperation st = r.intake().statementsAtHalfRate();
        lines.add(f("statements per intake    %5.1f (%.1f without BEGIN/COMMIT), relay and background jobs included",
                st.all(), st.withoutTransactionControl()));
        lines.add(f("  of which the analytics consumer %.1f; it lagged at most %,d events, caught up %.1f s after",
                st.analytics(), r.intake().analyticsLag().maxEvents(), r.intake().analyticsLag().caughtUpSecondsAfter()));
        Statements.PerOperation rs = r.statementsPerReply();
        lines.add(f("statements per reply     %5.1f (%.1f without BEGIN/COMMIT), relay and background jobs included",
                rs.all(), rs.withoutTransactionControl()));
        lines.add(f("CPU per intake: Omnihub %.2f ms, PostgreSQL %.2f ms; per reply: %.2f ms and %.2f ms",
                u.cpuMsPer(half.ok()), r.intake().postgresCpuMsPerIntake(),
                r.omnihubAtHalfReplyRate().cpuMsPer(r.repliesAtHalfRate().api().ok()), r.postgresCpuMsPerReply()));
        lines.add(f("Omnihub ready %.2f s after its JVM started (a second replica: %.2f s, %.2f s with a trained"
                + " class-data archive)", r.startup().readySeconds(), r.startup().replicaReadySeconds(),
                r.startup().trainedReplicaReadySeconds()));
        if (r.gc() != null) {
            lines.add(f("GC: %d pauses in %.0f s, %.0f ms in all; p50 %.1f, p99 %.1f, max %.1f ms; a collection left"
                    + " at most %d MB", r.gc().count(), r.gc().runSeconds(), r.gc().totalMs(), r.gc().p50Ms(),
                    r.gc().p99Ms(), r.gc().maxMs(), r.gc().maxAfterMb()));
        }
        if (r.analytics() != null) {
            OpenLoad.Step q = r.analytics().step();
            lines.add(f("analytics figures at %.0f/s   p50 %6.1f  p99 %6.1f ms over %,d rollup rows counted from %,d"
                    + " events (%,d messages in) in %.0f s", q.offered(), q.p50(), q.p99(), r.analytics().rollupRows(),
                    r.analytics().events(), r.analytics().messagesRepresented(), r.analytics().preloadSeconds()));
            OpenLoad.Step w = r.analytics().warmUp();
            lines.add(f("  its warm-up before (the same calls, not in the figures above): p50 %6.1f  p99 %6.1f"
                    + "  max %6.1f ms", w.p50(), w.p99(), w.max()));
        }
        lines.add(f("lookup by phone p99 %6.2f ms, timeline p99 %6.2f ms (empty database)",
                r.intake().lookupByPhone().p99(), r.intake().timeline().p99()));
        if (r.scale() != null) {
            Results.Intake s = r.scale().intake();
            lines.add(f("at %,d customers: intake %,.0f/s (%s), lookup p99 %.2f ms, timeline p99 %.2f ms",
                    r.scale().customers(), s.maxSustainableRate(), confirmation(s), s.lookupByPhone().p99(),
                    s.timeline().p99()));
        }
        for (References.Reference ref : r.references()) {
            lines.add(ref.available() ? f("%-18s %,12.0f /s  %s", ref.name(), ref.perSecond(),
                    Double.isNaN(ref.p99()) ? "" : f("p50 %.2f p99 %.2f ms", ref.p50(), ref.p99()))
                    : f("%-18s not available", ref.name()));
        }
        return lines;
    }

    private static String markdown(Results r) {
        StringBuilder md = new StringBuilder("# Omnihub benchmark\n\n");
        md.append(f("Run %s on %s. Options: %s.%n%n", r.startedAt(), r.machine(), r.options()));
        double pgbench = reference(r, "pgbench");
        md.append(f("**Omnihub intake / pgbench tps of the reduced two-insert transaction (the floor): %s**%n%n",
                Double.isNaN(pgbench)
                        ? "not available (pgbench missing)"
                        : f("%.2f", r.intake().maxSustainableRate() / pgbench)));
        md.append("## Targets\n\n| target | goal | measured | verdict |\n| --- | --- | --- | --- |\n");
        r.targets().forEach(t -> md.append(f("| %s | %s | %s | **%s** |%n", t.name(), t.goal(), t.measured(),
                t.verdict())));
        md.append("\n## Summary\n\n```\n");
        summary(r).forEach(l -> md.append(l).append('\n'));
        md.append("```\n\n## Intake steps (latency from the intended send time, ms)\n\n");
        steps(md, "empty database", phases(r.intake()).toList());
        surge(md, r.intake());
        if (r.scale() != null) {
            Results.Intake s = r.scale().intake();
            Preload.Result p = r.scale().preload();
            md.append(f("%nPreloaded %,d customers in %.0f s (%s); database %s after it.%n%n", r.scale().customers(),
                    p.seconds(), p.path(), gigabytes(p.databaseBytes())));
            relations(md, p);
            steps(md, "preloaded", Stream.concat(Stream.of(r.scale().warmUp()), phases(s)).toList());
            surge(md, s);
        }
        md.append("\n## Replies end to end (operator API call to the web adapter's Kafka consumer, ms)\n\n"
                + "| offered/s | API achieved/s | p50 | p99 | p99.9 | delivered | drained, s after the last call"
                + " | missing | routed elsewhere | API p99 | API calls failed |\n"
                + "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (ReplyLatency.Result replies : List.of(r.repliesAtHalfRate(), r.replies())) {
            md.append(f("| %,.0f | %,.0f | %.1f | %.1f | %.1f | %,d | %.1f | %,d | %,d | %.1f | %,d %s |%n",
                    replies.api().offered(), replies.api().achieved(), replies.p50(), replies.p99(), replies.p999(),
                    replies.delivered(), replies.drainSeconds(), replies.missing(), replies.routedElsewhere(),
                    replies.api().p99(), replies.api().failed(),
                    replies.api().failures().isEmpty() ? "" : replies.api().failures()));
        }
        md.append(f("%nMissing: not arrived when none had for %d s after the last call (or after %d s). A call that"
                + " failed (at the generator, waiting for one of its connections, or answered in error) sent no"
                + " reply, so it is not missing.%n", ReplyLatency.QUIET.toSeconds(),
                ReplyLatency.DRAIN_LIMIT.toSeconds()));
        md.append("\n## References (same servers, same run)\n\n| reference | per second | p50 ms | p99 ms | note |\n"
                + "| --- | --- | --- | --- | --- |\n");
        r.references().forEach(x -> md.append(f("| %s | %s | %.2f | %.2f | %s |%n", x.name(), x.available()
                ? f("%,.0f", x.perSecond())
                : "not available", x.p50(), x.p99(), x.note())));
        Statements.PerOperation st = r.intake().statementsAtHalfRate();
        md.append(f("%n## Statements per intake (half-rate phase, pg_stat_statements)%n%n%.1f per intake, %.1f without"
                + " transaction control, over %,d intakes, the relay's work and background jobs included. Each one"
                + " of at least 0.01 per intake, the most frequent first:%n%n```%n", st.all(),
                st.withoutTransactionControl(), st.operations()));
        st.top().forEach(l -> md.append(l).append('\n'));
        md.append("```\n");
        Statements.PerOperation rs = r.statementsPerReply();
        md.append(f("%n## Statements per reply (half-rate reply phase)%n%n%.1f per reply, %.1f without transaction"
                + " control, over %,d replies. Each one of at least 0.01 per reply:%n%n```%n", rs.all(),
                rs.withoutTransactionControl(), rs.operations()));
        rs.top().forEach(l -> md.append(l).append('\n'));
        md.append("```\n");
        md.append(f("%n## Start and warm-up%n%nReady %.2f s after the JVM started (migrating a fresh database and"
                + " making the topics); a second replica, joining the running servers when the run was done, %.2f s"
                + " with the package's class-data archive (%,d classes) and %.2f s with one trained in the run (%,d"
                + " classes: a replica's start and a few seconds of its intake). Omnihub CPU per intake in each"
                + " warm-up step, against %.2f ms at %.0f/s once warm (after the search) and %.2f ms in the half-rate"
                + " phase:%n%n| rate/s | ended, s after ready | CPU ms per intake |%n| --- | --- | --- |%n",
                r.startup().readySeconds(), r.startup().replicaReadySeconds(), r.startup().packagedArchiveClasses(),
                r.startup().trainedReplicaReadySeconds(), r.startup().trainedArchiveClasses(),
                r.startup().warm().cpuMsPerIntake(),
                r.startup().warm().rate(),
                r.intake().omnihubAtHalfRate().cpuMsPer(r.intake().half().ok())));
        r.startup().warmUp().forEach(w -> md.append(f("| %,.0f | %.0f | %.2f |%n", w.rate(), w.endedAfter(),
                w.cpuMsPerIntake())));
        if (r.hotspots() != null) {
            r.hotspots().forEach((path, layers) -> {
                md.append("\n## Where the time goes: a flight recording of a half-rate step of " + path
                        + " of its own\n\n");
                layers.forEach((k, v) -> {
                    md.append("### ").append(k).append("\n\n```\n");
                    v.forEach(l -> md.append(l).append('\n'));
                    md.append("```\n\n");
                });
            });
        }
        md.append("\n![latency vs offered rate](latency.png)\n");
        return md.toString();
    }

    /** A round's intake steps in the order they ran: the search, half rate, the surge and the step after, reads. */
    private static Stream<OpenLoad.Step> phases(Results.Intake in) {
        return Stream.concat(in.search().stream(), Stream.of(in.half(), in.surge().burst(), in.surge().after(),
                in.lookupByPhone(), in.timeline()));
    }

    private static void steps(StringBuilder md, String where, List<OpenLoad.Step> steps) {
        md.append("| phase (" + where + ") | offered/s | achieved/s | ok | failed | p50 | p99 | p99.9 | max |"
                + " sender late p99 | outbox lag at end | CPU ms per intake: Omnihub (its JIT compilers) + PostgreSQL"
                + " | checkpoints; full-page images per intake |\n"
                + "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        steps.forEach(s -> md.append(f("| %s | %,.0f | %,.0f | %,d | %,d | %.1f | %.1f | %.1f | %.1f | %.1f | %s | %s |"
                + " %s |%n", s.phase(), s.offered(), s.achieved(), s.ok(), s.failed(), s.p50(), s.p99(), s.p999(),
                s.max(), s.senderLateP99(), Double.isNaN(s.outboxLagMs()) ? "" : f("%.0f ms", s.outboxLagMs()),
                s.work() == null ? ""
                        : f("%.2f (%.2f) + %.2f", s.work().omnihubCpuMs(), s.work().compilerMs(),
                                s.work().postgresCpuMs()),
                s.work() == null ? "" : f("%d; %.2f", s.work().checkpoints(), s.work().fullPageImages()))));
    }

    /**
     * The surge under its steps' table, and what the step after it cost the servers beside the half-rate step: more
     * CPU per intake, WAL, checkpoints, autovacuum runs or analytics backlog tell where a rate that held went.
     */
    private static void surge(StringBuilder md, Results.Intake in) {
        Results.Surge s = in.surge();
        long unavailable = unavailable(s.burst());
        md.append(f("%nSurge: twice the highest sustainable rate for a step (%,.0f/s, on %d connections); Omnihub"
                + " answered %,d calls 503, and %,d failed otherwise; the relay caught up %s; then %,.0f/s again.%n",
                s.burst().offered(), Bench.SURGE_CLIENTS, unavailable, s.burst().failed() - unavailable, caughtUp(s),
                s.after().offered()));
        md.append("\n| step | Omnihub CPU ms per intake | PostgreSQL CPU ms per intake | WAL kB per intake | full-page"
                + " images per intake | checkpoints | autovacuum runs | analytics behind, events at most |\n"
                + "| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        work(md, in.half(), in.analyticsLag());
        work(md, s.after(), s.afterLag());
        md.append("\nOmnihub's CPU ms per intake by kind of thread (each of at least 0.02 in either step):\n\n"
                + "| threads | half rate | after the surge |\n| --- | --- | --- |\n");
        Map<String, Double> half = in.half().work().omnihubThreads();
        Map<String, Double> after = s.after().work().omnihubThreads();
        Stream.concat(half.keySet().stream(), after.keySet().stream()).distinct()
                .filter(t -> Math.max(half.getOrDefault(t, 0.0), after.getOrDefault(t, 0.0)) >= 0.02)
                .sorted(Comparator.comparingDouble(t -> -after.getOrDefault(t, 0.0)))
                .forEach(t -> md.append(f("| %s | %.2f | %.2f |%n", t, half.getOrDefault(t, 0.0),
                        after.getOrDefault(t, 0.0))));
    }

    private static void work(StringBuilder md, OpenLoad.Step step, AnalyticsLoad.Lag lag) {
        StepWork.Work w = step.work();
        md.append(f("| %s (%,.0f/s) | %.2f | %.2f | %.1f | %.2f | %d | %d | %,d |%n", step.phase(), step.offered(),
                w.omnihubCpuMs(), w.postgresCpuMs(), w.walKb(), w.fullPageImages(), w.checkpoints(), w.autovacuums(),
                lag.maxEvents()));
    }

    /** The calls Omnihub answered 503 (the rest of a surge's failures are the load generator's own). */
    static long unavailable(OpenLoad.Step step) {
        return step.failures().entrySet().stream().filter(e -> e.getKey().startsWith("HTTP 503"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static String caughtUp(Results.Surge s) {
        return Double.isNaN(s.drainSeconds()) ? f("not within %d s", Bench.SURGE_DRAIN_LIMIT.toSeconds())
                : f("%.1f s after", s.drainSeconds());
    }

    private static String row(String text) {
        return "  │ " + String.format("%-76.76s", text) + " │\n";
    }

    static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
