package io.omnihub.platform;

import java.util.List;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.arc.All;
import io.smallrye.mutiny.Uni;

/** Runs every feature's {@link Reaction} to an {@link InProcessEvent}, one after the other. */
@ApplicationScoped
public class Reactions {

    private static final Logger LOG = Logger.getLogger(Reactions.class);

    private final List<Reaction<?>> reactions;

    public Reactions(@All List<Reaction<?>> reactions) {
        this.reactions = reactions;
    }

    /** In the caller's transaction: a reaction that fails rolls the transaction back with it. */
    public Uni<Void> raise(InProcessEvent event) {
        return each(event, Reaction::inTransaction);
    }

    /**
     * After the caller's commit. A failure is logged and never reaches the caller, whose work is done: the reacting
     * feature picks up what its {@link Reaction#inTransaction} recorded.
     */
    public Uni<Void> committed(InProcessEvent event) {
        return each(event, Reaction::afterCommit)
                .onFailure().invoke(e -> LOG.warnf("A reaction to %s after the commit failed (%s); it is picked up"
                        + " later", event.getClass().getSimpleName(), e.getClass().getSimpleName()))
                .onFailure().recoverWithNull();
    }

    @SuppressWarnings("unchecked")
    private <E extends InProcessEvent> Uni<Void> each(E event, BiFunction<Reaction<E>, E, Uni<Void>> step) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Reaction<?> reaction : reactions) {
            if (reaction.type().isInstance(event)) {
                Reaction<E> typed = (Reaction<E>) reaction;
                chain = chain.chain(() -> step.apply(typed, event));
            }
        }
        return chain;
    }
}
