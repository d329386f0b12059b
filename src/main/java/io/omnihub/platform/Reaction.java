package io.omnihub.platform;

import io.smallrye.mutiny.Uni;

/**
 * A feature's reaction to another feature's {@link InProcessEvent}, run by {@link Reactions}.
 *
 * @param <E> the event it reacts to
 */
public interface Reaction<E extends InProcessEvent> {

    Class<E> type();

    /**
     * Inside the raiser's transaction (Panache's current session): records what must not be lost, so that the event
     * and its consequence commit or roll back together.
     */
    Uni<Void> inTransaction(E event);

    /**
     * After the raiser's commit. Runs at most once per raise and may not run at all (a crash, a failure): whatever
     * {@link #inTransaction} recorded must be picked up again by the reacting feature itself.
     */
    Uni<Void> afterCommit(E event);
}
