package io.omnihub.platform;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.arc.All;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/** Runs every feature's {@link RetentionSweep}, one after the other, every {@code omnihub.retention.sweep-interval}. */
@ApplicationScoped
public class RetentionSweeps {

    private static final Logger LOG = Logger.getLogger(RetentionSweeps.class);

    private final List<RetentionSweep> sweeps;

    RetentionSweeps(@All List<RetentionSweep> sweeps) {
        this.sweeps = sweeps;
    }

    @Scheduled(every = "${omnihub.retention.sweep-interval:1h}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public Uni<Void> run() {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (RetentionSweep sweep : sweeps) {
            chain = chain.chain(() -> sweep.sweep()
                    .invoke(n -> LOG.infof("Retention: %d %s", n, sweep.what()))
                    // one sweep's failure (an outage) leaves the others to run; all are tried again next time
                    .onFailure().invoke(e -> LOG.warnf("Retention (%s) failed, tried again later: %s", sweep.what(),
                            e.getMessage()))
                    .onFailure().recoverWithNull().replaceWithVoid());
        }
        return chain;
    }
}
