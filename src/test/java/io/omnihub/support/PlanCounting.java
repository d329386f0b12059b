package io.omnihub.support;

import java.util.Map;

import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.reactive.mutiny.impl.MutinySessionImpl;
import org.hibernate.reactive.session.ReactiveSession;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * Hibernate's query statistics on and the scheduled jobs off, so that the plans a test counts are its own: a job's
 * native query makes a plan at each run.
 */
public class PlanCounting implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.hibernate-orm.statistics", "true", "quarkus.scheduler.enabled", "false");
    }

    /** How many select plans Hibernate keeps now. */
    public static int plansKept(Mutiny.SessionFactory sessions) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> sessions.withSession(s -> Uni.createFrom()
                .item(() -> ((MutinySessionImpl) s).unwrap(ReactiveSession.class).getFactory().getQueryEngine()
                        .getInterpretationCache().getNumberOfCachedQueryPlans())));
    }
}
