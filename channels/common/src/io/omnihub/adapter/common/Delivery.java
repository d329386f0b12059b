package io.omnihub.adapter.common;

/** How an adapter hands one reply to its channel. */
@FunctionalInterface
public interface Delivery {

    /**
     * Delivers the reply.
     *
     * @return the channel's own id for what it sent, or null
     * @throws Exception when the channel did not take it: reported FAILED, and Omnihub retries or falls back
     */
    String deliver(ReplyCommand reply) throws Exception;
}
