package io.omnihub.bench;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.omnihub.local.LocalRun;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;

/**
 * README "Benchmark" ({@code ./mvnw -Pbench}): starts PostgreSQL, Redis, Kafka and the packaged Omnihub as
 * {@code ./mvnw -Prun} does, measures the machine's own limits on those servers, then drives intake, replies, consent
 * and reads through the real API with an open-model load generator, and writes the reports.
 */
public final class Bench {

    static final String BOT = "bench-bot";
    static final String SMS_ACCOUNT = "ACbench";
    /** The class-data archive the run trains beside the jar, for the start of a replica. */
    static final String TRAINED_ARCHIVE = "app-cds-trained.jsa";
    /** The flight recordings of a half-rate step of intake and of replies, each of its own, in the run's folder. */
    private static final String INTAKE_JFR = "omnihub.jfr";
    private static final String REPLIES_JFR = "omnihub-replies.jfr";
    /** How long the relay may take to catch up after a surge before the report says it did not. */
    static final Duration SURGE_DRAIN_LIMIT = Duration.ofMinutes(3);
    /**
     * The surge's connections: more than Omnihub's pooled connections and its queue for them (20 and 200), so that the
     * excess reaches Omnihub and is shed there (answered 503) rather than failed in the generator's own queue, as it
     * was on 20 connections and on 200 (6 December).
     */
    static final int SURGE_CLIENTS = 1000;
    /** A run's folder, named by when it began. */
    static final DateTimeFormatter RUN_FOLDER = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final BenchOptions options;
    private final Progress progress = new Progress();
    /** When the run began, the report's time (it names the run's folder too). */
    private final Instant startedAt = Instant.now();
    /** The packaged application and the system properties it runs with, for a second replica; set by {@link #run}. */
    private Path app;
    private Map<String, String> properties = Map.of();
    /** Waits until Omnihub is idle again; set once the database is known. */
    private Runnable settle = () -> {
    };

    Bench(BenchOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Path app = Path.of(args.length > 0 ? args[0] : "target/quarkus-app/quarkus-run.jar");
        Path dir = new Bench(BenchOptions.fromSystemProperties()).run(app);
        System.out.println("[bench] reports: " + dir);
        System.exit(0);
    }

    /** Runs everything; answers the folder holding the reports. */
    Path run(Path app) throws Exception {
        Path dir = options.out().resolve(RUN_FOLDER.format(startedAt));
        Files.createDirectories(dir);
        String botSecret = random();
        String smsToken = random();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.http.port", System.getenv().getOrDefault("OMNIHUB_HTTP_PORT", Integer.toString(freePort())));
        properties.put("omnihub.bots.\"" + BOT + "\".secrets", botSecret);
        properties.put("omnihub.intake.sms-accounts.\"" + SMS_ACCOUNT + "\".secrets", smsToken);
        // the limiter would cap the benchmark at 200 requests/s per caller: lifted for this run only (service
        // replies are not frequency-capped)
        properties.put("omnihub.security.rate-limit", "1000000");
        this.app = app;
        this.properties = Map.copyOf(properties);
        Path gcLog = dir.resolve("gc.log");
        LocalRun.Running omnihub = LocalRun.start(app, properties, List.of(GcPauses.option(gcLog)));
        long readyAt = System.nanoTime();
        try (OpenLoad load = new OpenLoad(omnihub.url(), options.clients(), progress)) {
            Results results = measure(omnihub, readyAt, load, new Traffic.Endpoints(omnihub.url().toString(),
                    adapterKeys(omnihub.url()), BOT, botSecret, SMS_ACCOUNT, smsToken), dir);
            results = results.withGc(GcPauses.of(gcLog));
            Report.write(results, dir);
            Plot.latencyByRate(dir.resolve("latency.png"), results.intake().search(),
                    results.scale() == null ? List.of() : results.scale().intake().search(), Report.SEARCH_P99_LIMIT);
            System.out.println(Report.table(results));
            copy(dir, options.out().resolve("latest"));
            return dir;
        } finally {
            progress.close();
            omnihub.process().destroy();
        }
    }

    /** A token minted when needed: the local issuer's last an hour, less than a preload at ten million customers. */
    private static String operatorToken(Api api) {
        return api.token("bench-operator", "operator");
    }

    private Results measure(LocalRun.Running omnihub, long readyAt, OpenLoad load, Traffic.Endpoints endpoints,
            Path dir) throws Exception {
        Api api = new Api(omnihub.url());
        String operator = operatorToken(api);
        References.Database db = References.Database.of(service(omnihub, "omnihub.db.url"),
                service(omnihub, "omnihub.db.username"), service(omnihub, "omnihub.db.password"));
        Duration refTime = options.smoke() ? Duration.ofSeconds(2) : Duration.ofSeconds(10);
        synchronousCommit(db);

        progress.say("references: pgbench, redis-benchmark, Kafka round trip, on Omnihub's own servers");
        List<References.Reference> references = new ArrayList<>();
        references.add(References.pgbench(db, options.clients(), refTime, dir));
        references.addAll(References.redis(service(omnihub, "omnihub.redis.url"), options.clients(),
                options.smoke() ? 20_000 : 200_000));
        references.add(KafkaRoundTrip.measure(omnihub.kafka(), replyRate(), refTime));
        references.forEach(r -> progress.say(r.available() ? Report.f("  %-18s %,10.0f /s  %s", r.name(), r.perSecond(),
                r.note()) : "  " + r.name() + ": not available — " + r.note()));

        Traffic traffic = new Traffic(endpoints);
        settle = () -> drained(db);
        progress.say("intake: warm-up (two minutes: the JIT compiles the hot paths), then the search for the highest rate with"
                + " p99 ≤ 50 ms");
        // a ramp the cold process can serve: overloading it now would leave a backlog that distorts the search
        List<Results.WarmUpStep> warmUp = new ArrayList<>();
        int[] ramp = options.smoke() ? new int[] { 10 } : new int[] { 10, 20, 40, 60, 80, 80 };
        for (int rate : ramp) {
            warmUp.add(warmUpStep(load, traffic, omnihub, rate, options.smoke(), readyAt));
            settle.run();
        }
        Results.Intake empty = intake(load, traffic, omnihub, api, operator, db);
        // the steady state the ramp is judged against: its last rate again, warm (CPU per intake depends on the rate,
        // as fixed background work spreads over fewer intakes at low rates)
        Results.WarmUpStep warm = warmUpStep(load, traffic, omnihub, ramp[ramp.length - 1], options.smoke(), readyAt);
        progress.say(Report.f("  warm reference: %.2f ms of Omnihub CPU per intake at %.0f/s", warm.cpuMsPerIntake(),
                warm.rate()));
        settle.run();

        progress.say("replies: " + replyRate() + "/s, operator API to the web adapter's Kafka consumer");
        List<String> webRequests = new ArrayList<>(traffic.webRequests);
        ReplyLatency.measure(load, omnihub.kafka(), operator, webRequests, options.smoke() ? 10 : 50,
                options.smoke() ? Duration.ofSeconds(1) : Duration.ofSeconds(15)); // warm-up of the reply path
        settle.run();
        // half the target rate first: where the reply path stands when the machine is not saturated; its statements
        // and CPU are the reply path's cost, the relay's included
        Statements.reset(db);
        PostgresCpu postgres = PostgresCpu.start(db);
        ReplyLatency.Result repliesHalf;
        ProcessStats.Usage replyUsage;
        try (ProcessStats stats = new ProcessStats(omnihub.process().pid())) {
            repliesHalf = ReplyLatency.measure(load, omnihub.kafka(), operator, webRequests, replyRate() / 2,
                    options.hold());
            replyUsage = stats.usage();
        }
        settle.run();
        double postgresMsPerReply = postgres == null ? Double.NaN
                : postgres.seconds() * 1000 / Math.max(1, repliesHalf.api().ok());
        Statements.PerOperation replyStatements = Statements.per(db, repliesHalf.api().ok());
        progress.say(Report.f("  %.1f statements per reply (%.1f without BEGIN/COMMIT), relay included",
                replyStatements.all(), replyStatements.withoutTransactionControl()));
        ReplyLatency.Result replies = ReplyLatency.measure(load, omnihub.kafka(), operator, webRequests, replyRate(),
                options.hold());
        progress.say("consent: withdrawal until the routing decision honours it");
        ConsentVisibility.Result consent = ConsentVisibility.measure(api, endpoints.adapterKeys().get("app"), operator,
                options.smoke() ? 3 : 20);

        progress.say("analytics: figures over rollups of 90 days at the volume of 50 M messages");
        AnalyticsLoad.Queries analytics = AnalyticsLoad.measure(db, load, api.token("bench-admin", "admin"),
                options.hold(), options.smoke(), progress);

        Results.Scale scale = null;
        if (options.scale() > 0) {
            progress.say(Report.f("scale: preloading %,d customers with their history", options.scale()));
            Preload.Result preload = Preload.load(db, options.scale(), progress);
            progress.say(Report.f("  preloaded in %.0f s (%s), database %s; measuring again", preload.seconds(),
                    preload.path(), Report.gigabytes(preload.databaseBytes())));
            // the preload's index builds and checkpoint leave the database's cache cold: a minute at the ramp's last
            // rate, unmeasured, before the search, which otherwise judges the cache's filling (7 December: its first
            // steps at 25/s missed with p99 211 and 99 ms after ten million customers, and it settled at 24/s)
            OpenLoad.Step cacheWarmUp = load.run("warm-up", ramp[ramp.length - 1],
                    options.smoke() ? options.step() : Duration.ofMinutes(1), traffic::next);
            settle.run();
            // tokens of their own from here on: the run's first, minted an hour earlier at ten million customers,
            // has expired (6 December: every lookup after the preload answered 401, and the run ended without a report)
            scale = new Results.Scale(options.scale(), preload, cacheWarmUp, intake(load, traffic, omnihub, api,
                    operatorToken(api), db));
        }
        progress.say(Report.f("plans: every statement explained by PostgreSQL (auto_explain) through a little of"
                + " each path, at %,d preloaded customers", options.scale()));
        String planner = operatorToken(api);
        Plans.Result plans = Plans.capture(db, dir, progress, () -> plansPhase(load, traffic, api, planner,
                omnihub.kafka(), webRequests));
        progress.say("  " + plans.note() + (plans.sequentialScans().isEmpty() ? ""
                : "; sequential scans of large tables: " + plans.sequentialScans()));
        settle.run();
        progress.say("replay: Omnihub's own statements of a phase of intake, replayed by pgbench without Omnihub");
        Replay.Result replay = Replay.measure(db, options.clients(), refTime, dir, () -> {
            OpenLoad.Step step = load.run("replay capture: intake", 10, options.smoke() ? Duration.ofSeconds(2)
                    : Duration.ofSeconds(10), traffic::next);
            settle.run(); // the relay's work for these intakes is theirs
            return step.ok();
        });
        progress.say(Double.isNaN(replay.intakesPerSecond()) ? "  not measured: " + replay.note()
                : Report.f("  %,.0f intakes/s (%,.0f tps; %s)", replay.intakesPerSecond(), replay.tps(),
                        replay.note()));
        progress.say("start: a second replica joining the running servers, with the package's class-data archive,"
                + " then with one trained here");
        Results.Startup startup = startup(omnihub, endpoints, warmUp, warm);
        Map<String, Map<String, List<String>>> hotspots = options.jfr()
                ? recorded(load, traffic, omnihub, operatorToken(api), webRequests, empty.half().offered(), dir)
                : null;
        Results partial = new Results(startedAt.toString(), machine(db), optionsMap(), references, empty, replies,
                repliesHalf, consent, scale, hotspots, startup, replyStatements, replyUsage, postgresMsPerReply, null,
                analytics, plans, replay, List.of());
        return new Results(partial.startedAt(), partial.machine(), partial.options(), references, empty, replies,
                repliesHalf, consent, scale, hotspots, startup, replyStatements, replyUsage, postgresMsPerReply, null,
                analytics, plans, replay, Report.targets(partial));
    }

    /**
     * The start a rollout or a scale-out waits for: a second replica of the packaged Omnihub beside the first, on the
     * same servers (the database migrated, the topics made), with the class-data archive the package built (the
     * classes of Quarkus's static initialisation), then with one trained here. The trainee is a replica started with
     * {@code -XX:ArchiveClassesAtExit} and served a little intake; the JVM writes the archive as it exits, with the
     * classes of the rest of the start (connections, Kafka clients, the ORM's runtime) and of the hot paths. Last in
     * the run, since consumers joining and leaving move the Kafka partitions.
     */
    private Results.Startup startup(LocalRun.Running omnihub, Traffic.Endpoints endpoints,
            List<Results.WarmUpStep> warmUp, Results.WarmUpStep warm) throws Exception {
        double packaged = replicaReadySeconds(List.of());
        Path trained = app.toAbsolutePath().resolveSibling(TRAINED_ARCHIVE);
        Files.deleteIfExists(trained);
        // the JVM warns of each class it leaves out (never linked, so never used): thousands of lines, not logged
        LocalRun.Running trainee = replica(List.of("-XX:ArchiveClassesAtExit=" + TRAINED_ARCHIVE, "-Xlog:cds=error"));
        try (OpenLoad load = new OpenLoad(trainee.url(), options.clients(), progress)) {
            Traffic traffic = new Traffic(endpoints.at(trainee.url()));
            load.run("archive training", 20, options.smoke() ? Duration.ofSeconds(2) : Duration.ofSeconds(10),
                    traffic::next);
        }
        stop(trainee, Duration.ofSeconds(120)); // the archive is written on the way out
        boolean written = !trainee.process().isAlive() && Files.isRegularFile(trained);
        return new Results.Startup(omnihub.readyAfter().toMillis() / 1000.0, packaged,
                written ? replicaReadySeconds(List.of("-XX:SharedArchiveFile=" + TRAINED_ARCHIVE)) : Double.NaN,
                archivedClasses("app-cds.jsa"), written ? archivedClasses(TRAINED_ARCHIVE) : 0, warmUp, warm);
    }

    private double replicaReadySeconds(List<String> jvmOptions) throws Exception {
        LocalRun.Running replica = replica(jvmOptions);
        stop(replica, Duration.ofSeconds(20));
        return replica.readyAfter().toMillis() / 1000.0;
    }

    private LocalRun.Running replica(List<String> jvmOptions) throws Exception {
        Map<String, String> replica = new LinkedHashMap<>(properties);
        replica.put("quarkus.http.port", Integer.toString(freePort()));
        return LocalRun.start(app, replica, jvmOptions);
    }

    private static void stop(LocalRun.Running replica, Duration patience) throws InterruptedException {
        replica.process().destroy();
        replica.process().waitFor(patience.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * How many classes an archive beside the jar holds, as the JVM lists them when it validates the archive against
     * the jar's class path ({@code -XX:+PrintSharedArchiveAndExit}); 0 if it is missing or not valid for this jar.
     */
    private int archivedClasses(String archive) throws Exception {
        Path folder = app.toAbsolutePath().getParent();
        if (!Files.isRegularFile(folder.resolve(archive))) {
            return 0;
        }
        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:SharedArchiveFile=" + archive, "-XX:+PrintSharedArchiveAndExit", "-jar",
                app.getFileName().toString()).directory(folder.toFile()).redirectErrorStream(true).start();
        List<String> lines = new String(java.getInputStream().readAllBytes()).lines().toList();
        java.waitFor(60, TimeUnit.SECONDS);
        return lines.contains("archive is valid")
                ? (int) lines.stream().filter(l -> l.matches("\\d+: .*")).count()
                : 0;
    }

    /** A step of intake at {@code rate} as the warm-up measures it: when it ended, and Omnihub's CPU per intake. */
    private static Results.WarmUpStep warmUpStep(OpenLoad load, Traffic traffic, LocalRun.Running omnihub, int rate,
            boolean smoke, long readyAt) {
        try (ProcessStats stats = new ProcessStats(omnihub.process().pid())) {
            OpenLoad.Step step = load.run("warm-up", rate, smoke ? Duration.ofSeconds(2) : Duration.ofSeconds(20),
                    traffic::next);
            return new Results.WarmUpStep(rate, (System.nanoTime() - readyAt) / 1e9, stats.usage().cpuMsPer(step.ok()));
        }
    }

    /**
     * Half-rate steps of intake and of replies again, each under a flight recording, for the breakdown by layer: last,
     * once nothing more is measured on this process. A process's first recording throws away the code the JIT has
     * compiled: in the JVM's compilation log of a run on 6 December, about 36,000 records of code made not entrant
     * within the second it started (25,094 of C1's, 10,612 of C2's). Compiling it all again took about half a core
     * through the steps that came next, when the recording came before them: the surge and the step after it.
     */
    private Map<String, Map<String, List<String>>> recorded(OpenLoad load, Traffic traffic, LocalRun.Running omnihub,
            String operator, List<String> webRequests, double intakeRate, Path dir) throws Exception {
        progress.say("flight recordings: intake and replies at half rate again, for the breakdown by layer");
        try (Recording recording = Recording.start(omnihub.process().pid(), dir.resolve(INTAKE_JFR))) {
            load.run("half rate, recorded", intakeRate, options.hold(), traffic::next);
        }
        settle.run();
        try (Recording recording = Recording.start(omnihub.process().pid(), dir.resolve(REPLIES_JFR))) {
            ReplyLatency.measure(load, omnihub.kafka(), operator, webRequests, replyRate() / 2, options.hold());
        }
        settle.run();
        Map<String, Map<String, List<String>>> hotspots = new LinkedHashMap<>(); // in the report's order
        hotspots.put("intake", Hotspots.of(dir.resolve(INTAKE_JFR)));
        hotspots.put("replies", Hotspots.of(dir.resolve(REPLIES_JFR)));
        return hotspots;
    }

    /** The search, the half-rate step with the process's usage, and the reads. */
    private Results.Intake intake(OpenLoad load, Traffic traffic, LocalRun.Running omnihub, Api api, String operator,
            References.Database db) throws Exception {
        long pid = omnihub.process().pid();
        RateSearch.Outcome search = new RateSearch(options, progress).find((phase, rate) -> {
            settle.run(); // each step starts from an idle Omnihub, not from the previous step's backlog
            return measured(load, phase, rate, options.step(), traffic, db, pid);
        });
        settle.run();
        double half = Math.max(1, Math.floor(search.max() / 2));
        progress.say(Report.f("  highest sustainable rate %,.0f/s (%s); now %,.0f/s for %ds", search.max(),
                search.confirmed() ? "confirmed" : "not confirmed", half, options.hold().toSeconds()));
        OpenLoad.Step halfStep;
        ProcessStats.Usage usage;
        Statements.reset(db);
        PostgresCpu postgres = PostgresCpu.start(db);
        AnalyticsLoad.LagSampler lag = new AnalyticsLoad.LagSampler(omnihub.kafka());
        try (ProcessStats stats = new ProcessStats(pid)) {
            halfStep = measured(load, "half rate", half, options.hold(), traffic, db, pid);
            usage = stats.usage();
        }
        settle.run(); // the relay's work for these intakes counts too
        lag.close(); // and the analytics consumer's
        progress.say(Report.f("  analytics consumer: at most %,d events behind, caught up %.1f s after the step",
                lag.result().maxEvents(), lag.result().caughtUpSecondsAfter()));
        double postgresMs = postgres == null ? Double.NaN : postgres.seconds() * 1000 / Math.max(1, halfStep.ok());
        Statements.PerOperation statements = Statements.per(db, halfStep.ok());
        progress.say(Report.f("  %.1f statements per intake (%.1f without BEGIN/COMMIT), relay included",
                statements.all(), statements.withoutTransactionControl()));
        Results.Surge surge = surge(omnihub, load, traffic, db, search.max());
        return new Results.Intake(search.steps(), search.max(), search.confirmed(), halfStep, usage, statements,
                postgresMs, reads(load, traffic, api, operator, "lookup by phone"),
                reads(load, traffic, api, operator, "timeline"), lag.result(), surge);
    }

    /**
     * A burst of twice the sustained rate for a step, how long the relay then took to publish everything due, and the
     * sustained rate straight after. The search's steps past saturation did this by chance; on 5 December it showed a
     * relay that never caught up after them (17–22 s behind at every later step, until V30).
     */
    private Results.Surge surge(LocalRun.Running omnihub, OpenLoad load, Traffic traffic, References.Database db,
            double sustained) {
        progress.say(Report.f("  a surge: %,.0f/s for %ds on %d connections, then %,.0f/s again once the relay has"
                + " caught up", 2 * sustained, options.step().toSeconds(), SURGE_CLIENTS, sustained));
        OpenLoad.Step burst;
        try (OpenLoad wide = new OpenLoad(omnihub.url(), SURGE_CLIENTS, progress)) {
            burst = measured(wide, "surge", 2 * sustained, options.step(), traffic, db, omnihub.process().pid());
        }
        long ended = System.nanoTime();
        double drain = drainedWithin(db, SURGE_DRAIN_LIMIT) ? (System.nanoTime() - ended) / 1e9 : Double.NaN;
        AnalyticsLoad.LagSampler lag = new AnalyticsLoad.LagSampler(omnihub.kafka());
        OpenLoad.Step after = measured(load, "after the surge", sustained, options.step(), traffic, db,
                omnihub.process().pid());
        lag.close();
        settle.run();
        return new Results.Surge(burst, drain, after, lag.result());
    }

    /** An intake step, with the relay's lag at its end and what it cost the servers ({@link StepWork}). */
    private static OpenLoad.Step measured(OpenLoad load, String phase, double rate, Duration duration,
            Traffic traffic, References.Database db, long pid) {
        try (StepWork work = new StepWork(db, pid)) {
            OpenLoad.Step step = load.run(phase, rate, duration, traffic::next);
            return step.withOutboxLag(outboxLagMs(db)).withWork(work.end(step.ok()));
        }
    }

    /** A little of every path, for its plans: intake, replies, lookups and timelines, each for a few seconds. */
    private void plansPhase(OpenLoad load, Traffic traffic, Api api, String operator, String kafka,
            List<String> webRequests) {
        Duration each = options.smoke() ? Duration.ofSeconds(1) : Duration.ofSeconds(5);
        load.run("plans: intake", 10, each, traffic::next);
        settle.run();
        try {
            ReplyLatency.measure(load, kafka, operator, webRequests, 10, each);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        settle.run();
        reads(load, traffic, api, operator, "lookup by phone", 10, each);
        reads(load, traffic, api, operator, "timeline", 10, each);
    }

    /**
     * Lookups by phone, or timelines, of customers the traffic created, at a constant rate, after an unmeasured warm-up
     * of the same calls: nothing else runs these paths before, so their first seconds would measure the JIT and the
     * customers' keys being loaded (the log says how the warm-up went).
     */
    private OpenLoad.Step reads(OpenLoad load, Traffic traffic, Api api, String operator, String phase) {
        int rate = options.smoke() ? 50 : 100;
        OpenLoad.Step cold = reads(load, traffic, api, operator, phase + ", warm-up", rate,
                options.smoke() ? Duration.ofSeconds(1) : Duration.ofSeconds(15));
        progress.say(Report.f("  %s warm-up: p50 %.2f ms, p99 %.2f ms", phase, cold.p50(), cold.p99()));
        return reads(load, traffic, api, operator, phase, rate, options.smoke() ? options.step() : options.hold());
    }

    private OpenLoad.Step reads(OpenLoad load, Traffic traffic, Api api, String operator, String phase, int rate,
            Duration duration) {
        SplittableRandom random = new SplittableRandom(13);
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int persona = traffic.knownPersona(random);
            if (persona >= 0) {
                phones.add(traffic.phone(persona));
            }
        }
        List<String> paths = new ArrayList<>();
        for (String phone : phones) {
            String byPhone = "/api/v1/customers?phone=" + java.net.URLEncoder.encode(phone,
                    java.nio.charset.StandardCharsets.UTF_8);
            paths.add(phase.equals("timeline") ? "/api/v1/customers/" + api.get(byPhone, "Bearer " + operator)
                    .path("id").asText() + "/timeline" : byPhone);
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + operator);
        return load.run(phase, rate, duration, i -> new OpenLoad.Call(HttpMethod.GET,
                paths.get(i % paths.size()), headers, null, null));
    }

    /**
     * An experiment, with {@code -DsyncCommit=off}: PostgreSQL stops waiting for the WAL's fsync at commit, so a run
     * shows how much of the latency is the disk's. Set as the local server's superuser; never for a real report.
     */
    private void synchronousCommit(References.Database db) {
        String value = System.getProperty("syncCommit", "").strip();
        if (value.isEmpty()) {
            return;
        }
        References.Database superuser = db.superuser();
        try (Connection c = superuser.connect(); Statement st = c.createStatement()) {
            st.execute("ALTER SYSTEM SET synchronous_commit = " + (value.equals("off") ? "off" : "on"));
            st.execute("SELECT pg_reload_conf()");
            progress.say("EXPERIMENT: synchronous_commit = " + value + " on Omnihub's PostgreSQL");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot set synchronous_commit: " + e.getMessage(), e);
        }
    }

    /** How long the oldest due, unpublished outbox row has waited, in ms: 0 when the relay has kept up. */
    private static double outboxLagMs(References.Database db) {
        try (Connection c = db.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT coalesce(extract(epoch FROM now() - min(created_at)) * 1000, 0) FROM outbox"
                                + " WHERE published_at IS NULL AND dead_at IS NULL AND available_at <= now()")) {
            rs.next();
            return rs.getDouble(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read Omnihub's outbox: " + e.getMessage(), e);
        }
    }

    /** Waits until Omnihub has relayed everything it accepted, at most a minute, then a second more. */
    private void drained(References.Database db) {
        drainedWithin(db, Duration.ofMinutes(1));
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether Omnihub relayed everything it accepted (no outbox row due and unpublished) within {@code patience}. */
    private static boolean drainedWithin(References.Database db, Duration patience) {
        long until = System.nanoTime() + patience.toNanos();
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            while (true) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM outbox WHERE published_at IS NULL"
                        + " AND dead_at IS NULL AND available_at <= now()")) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        return true;
                    }
                }
                if (System.nanoTime() >= until) {
                    return false;
                }
                Thread.sleep(200);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read Omnihub's outbox: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Issue 17's reply target is judged at 500/s; the first phase runs at half of it. */
    private int replyRate() {
        return options.smoke() ? 50 : 500;
    }

    private static Map<String, String> adapterKeys(URI hub) {
        Api api = new Api(hub);
        String admin = api.token("bench-admin", "admin");
        Map<String, String> keys = new LinkedHashMap<>();
        for (String channel : List.of("web", "app", "office")) {
            keys.put(channel, api.adapterKey(admin, channel));
        }
        return keys;
    }

    private static String service(LocalRun.Running omnihub, String key) {
        String env = System.getenv(key.replaceAll("[.-]", "_").toUpperCase(java.util.Locale.ROOT));
        String value = env != null && !env.isBlank() ? env : omnihub.services().get(key);
        if (value == null) {
            throw new IllegalStateException(key + " is not known: set it in the environment");
        }
        return value;
    }

    private Map<String, Object> optionsMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stepSeconds", options.step().toSeconds());
        m.put("holdSeconds", options.hold().toSeconds());
        m.put("clients", options.clients());
        m.put("scale", options.scale());
        m.put("maxRate", options.maxRate());
        m.put("smoke", options.smoke());
        m.put("omnihubHeap", System.getenv().getOrDefault("OMNIHUB_HEAP", "512m"));
        m.put("rateLimitLifted", true);
        return m;
    }

    /** The machine, and the database server's version with the settings that most shape its speed. */
    private static String machine(References.Database db) {
        String server;
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("""
                SELECT current_setting('server_version') || ', ' || string_agg(name || '=' || current_setting(name),
                       ', ' ORDER BY name)
                FROM pg_settings WHERE name IN ('shared_buffers', 'max_wal_size', 'checkpoint_timeout',
                       'synchronous_commit', 'fsync')""")) {
            r.next();
            server = r.getString(1);
        } catch (SQLException e) {
            server = "settings not read (" + e.getMessage() + ")";
        }
        return Report.f("%s %s, %d cores, Java %s; PostgreSQL %s", System.getProperty("os.name"),
                System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), server);
    }

    private static void copy(Path from, Path to) throws java.io.IOException {
        if (Files.isDirectory(to)) {
            try (var old = Files.list(to)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path p : files.toList()) {
                Files.copy(p, to.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String random() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
