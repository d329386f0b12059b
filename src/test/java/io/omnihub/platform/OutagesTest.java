package io.omnihub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;

/**
 * What counts as PostgreSQL being out (answered 503 and retried by consumers), however it is wrapped, and what stays a
 * bug (answered 500). The failures are the ones the client libraries raise, built as they build them.
 */
class OutagesTest {

    @Test
    void refusedConnectionsAndServerShutdownsAreOutages() {
        assertThat(Outages.isDatabaseOutage(new CompletionException(new ConnectException("Connection refused"))))
                .isTrue();
        assertThat(Outages.isDatabaseOutage(
                new PgException("terminating connection due to administrator command", "FATAL", "57P01", null)))
                .isTrue();
        assertThat(Outages.isDatabaseOutage(
                new PgException("the database system is starting up", "FATAL", "57P03", null))).isTrue();
    }

    @Test
    void aCommandOnAPooledConnectionTheServerAlreadyClosedIsAnOutage() {
        // Vert.x's SocketConnectionBase, when a command is scheduled on a connection whose socket is gone: seen as an
        // HTTP 500 while PostgreSQL stopped under load, and inside Hibernate Reactive's failed rollback
        var closed = new NoStackTraceThrowable("Connection is not active now, current status: CLOSED");
        assertThat(Outages.isDatabaseOutage(closed)).isTrue();
        assertThat(Outages.isDatabaseOutage(new CompositeException(closed, new IllegalStateException("rollback"))))
                .isTrue();
    }

    @Test
    void aFullQueueForAConnectionIsCapacityAndAnOutage() {
        // Vert.x's pool when every connection is busy and omnihub.db.wait-queue callers already wait: answered 503
        // at-capacity, and retried by consumers like an outage
        var full = new ConnectionPoolTooBusyException("Connection pool reached max wait queue size of 200");
        assertThat(Outages.atCapacity(new CompletionException(full))).isTrue();
        assertThat(Outages.isDatabaseOutage(new CompletionException(full))).isTrue();
        assertThat(Outages.atCapacity(new CompletionException(new ConnectException("Connection refused")))).isFalse();
        assertThat(Outages.isDatabaseOutage(new io.vertx.core.VertxException("Connection was closed"))).isFalse();
    }

    @Test
    void aScheduledRunLeavesAPassingFailureToTheNextRunButNotABug() {
        var full = new ConnectionPoolTooBusyException("Connection pool reached max wait queue size of 4");
        assertThat(Outages.untilNextRun(OutagesTest.class, Uni.createFrom().failure(full)).await().indefinitely())
                .isNull();
        var bug = new IllegalStateException("a bug");
        assertThatThrownBy(() -> Outages.untilNextRun(OutagesTest.class, Uni.createFrom().<Void> failure(bug))
                .await().indefinitely()).isSameAs(bug);
    }

    @Test
    void anInputOutputFailureOfTheConnectionIsAnOutage() {
        // the fault suite's postgres-stop, once in many runs: a plain IOException at the root (the socket reset as
        // PostgreSQL stopped, under Hibernate Reactive's failed transaction start) was answered 500
        assertThat(Outages.isDatabaseOutage(new CompletionException(new IllegalStateException("Failed to start a"
                + " transaction", new java.io.IOException("Connection reset by peer"))))).isTrue();
    }

    @Test
    void bugsAndConstraintViolationsAreNotOutages() {
        assertThat(Outages.isDatabaseOutage(new IllegalStateException("Result is already complete"))).isFalse();
        assertThat(Outages.isDatabaseOutage(new NoStackTraceThrowable("Some other failure"))).isFalse();
        assertThat(Outages.isDatabaseOutage(
                new PgException("duplicate key value violates unique constraint", "ERROR", "23505", null))).isFalse();
    }
}
