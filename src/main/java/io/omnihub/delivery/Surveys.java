package io.omnihub.delivery;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.omnihub.platform.Outages;
import io.omnihub.request.Csat;
import io.omnihub.request.RequestConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Sends the satisfaction survey of requests people answered and resolved: one question through the routed channel,
 * with the purpose FEEDBACK, so that consent and preferences gate it exactly like a reply (held, with its reasons,
 * where nothing allows it). Each survey is claimed once across replicas before it goes: at most one per request.
 * The answer is read with the customer's next message ({@link Csat}).
 */
@ApplicationScoped
class Surveys {

    private static final Logger LOG = Logger.getLogger(Surveys.class);
    private static final int BATCH = 50;

    private final Csat csat;
    private final ReplyService replies;
    private final RequestConfig config;

    Surveys(Csat csat, ReplyService replies, RequestConfig config) {
        this.csat = csat;
        this.replies = replies;
        this.config = config;
    }

    /** The job's name, for pausing it. */
    static final String JOB = "csat-surveys";

    @Scheduled(identity = JOB, every = "${omnihub.requests.csat.check-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> send() {
        return Outages.untilNextRun(Surveys.class, csat.due(BATCH).chain(due -> Multi.createFrom().iterable(due)
                .onItem().transformToUniAndConcatenate(id -> csat.claim(id)
                        .chain(claimed -> !claimed ? Uni.createFrom().voidItem()
                                : replies.survey(id, config.csat().question()).replaceWithVoid())
                        .onFailure().invoke(e -> LOG.warnf("Survey of request %s not sent: %s", id,
                                e.getClass().getSimpleName()))
                        .onFailure().recoverWithNull())
                .collect().last()).replaceWithVoid());
    }
}
