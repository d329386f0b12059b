package io.omnihub.platform;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/**
 * Tells an outage of PostgreSQL (refused, reset, closed or timed-out connections, a server shutting down or starting
 * up, no room left in the queue for a connection) from any other failure, wherever Hibernate, Mutiny or Vert.x wrapped
 * it: an outage is answered 503 with {@code Retry-After}, the rest is a bug.
 */
public final class Outages {

    private static final int RETRIES = 16;

    private Outages() {
    }

    /**
     * Runs {@code work} again while it fails for a passing reason (PostgreSQL out, a lost race), backing off up to
     * ten seconds, for about two minutes; then the failure stands. For consumers, whose next step after a failure is
     * a dead letter.
     */
    public static <T> Uni<T> retriedThrough(Supplier<Uni<? extends T>> work) {
        return Uni.createFrom().deferred(work)
                .onFailure(Outages::passing).retry()
                .withBackOff(Duration.ofMillis(500), Duration.ofSeconds(10)).atMost(RETRIES);
    }

    /**
     * A scheduled job's run that fails for a passing reason (PostgreSQL out, the pool's queue full, a lost race, a
     * time-out) leaves its work to the job's next run, which comes anyway: one line at WARN, in the job's category.
     * Any other failure stands, and the scheduler logs it at ERROR with its stack trace: a bug.
     */
    public static Uni<Void> untilNextRun(Class<?> job, Uni<Void> run) {
        return run.onFailure(Outages::passing).recoverWithItem(e -> {
            Logger.getLogger(job).warnf("Run not finished (%s), its work left to the next run", describe(e));
            return null;
        });
    }

    /** An outage of PostgreSQL, a lost race, or a time-out: worth trying again later. */
    public static boolean passing(Throwable failure) {
        return isDatabaseOutage(failure) || Conflicts.lostRace(failure)
                || failure instanceof io.smallrye.mutiny.TimeoutException;
    }

    public static boolean isDatabaseOutage(Throwable failure) {
        return Causes.any(failure, Outages::outageItself);
    }

    /** One failure of the chain {@link #isDatabaseOutage} reads, by itself. */
    private static boolean outageItself(Throwable t) {
        // an input/output failure of the connection (SocketException: refused, unreachable; a socket reset while
        // PostgreSQL shuts down, which the native transport raises as a plain IOException); requests reach no
        // other server on their way (Redis has its own guard, Kafka is the relay's)
        if (t instanceof IOException || t instanceof ClosedConnectionException || t instanceof DatabaseTimeout) {
            return true;
        }
        // a command scheduled on a pooled connection whose socket PostgreSQL already closed (Vert.x's only sign)
        if (t instanceof NoStackTraceThrowable && t.getMessage() != null
                && t.getMessage().startsWith("Connection is not active now")) {
            return true;
        }
        // every pooled connection busy and the queue for one full: no capacity now, not a bug
        if (t instanceof ConnectionPoolTooBusyException) {
            return true;
        }
        if (t instanceof PgException pg && pg.getSqlState() != null
        // 08: connection exceptions; 57P01-57P03: shutdown, crash, starting up
                && (pg.getSqlState().startsWith("08") || pg.getSqlState().matches("57P0[123]"))) {
            return true;
        }
        return false;
    }

    /**
     * Every pooled connection busy and the queue for them full, or a session's wait past its deadline
     * ({@link DatabasePool}): PostgreSQL answers, but Omnihub has more work than it serves. Not a bug: shed, worth
     * trying again shortly.
     */
    public static boolean atCapacity(Throwable failure) {
        return Causes.any(failure, ConnectionPoolTooBusyException.class::isInstance);
    }

    /** The failure's kind, without messages that could hold data. */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

    /** A database call that did not answer in time while PostgreSQL was known to be unresponsive. */
    public static final class DatabaseTimeout extends RuntimeException {
        public DatabaseTimeout() {
            super("PostgreSQL did not answer in time", null, false, false);
        }
    }
}
