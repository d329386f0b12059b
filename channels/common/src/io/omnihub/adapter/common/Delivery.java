package io.omnihub.adapter.common;

import com.fasterxml.jackson.databind.JsonNode;

/** How an adapter hands one reply to its channel. */
@FunctionalInterface
public interface Delivery {

    /**
     * Delivers the reply ({@code messageId}, {@code requestId}, {@code customerId}, {@code to.kind},
     * {@code to.value}, {@code text}, {@code attempt}, …).
     *
     * @return the channel's own id for what it sent, or null
     * @throws Exception when the channel did not take it: reported FAILED, and Omnihub retries or falls back
     */
    String deliver(JsonNode reply) throws Exception;
}
