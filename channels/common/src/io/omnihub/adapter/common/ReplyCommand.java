package io.omnihub.adapter.common;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A reply to deliver, as Omnihub publishes it on {@code omnihub.replies.<channel>}. The contract is
 * {@code channels/contract/reply-command.schema.json}; fields this adapter does not know are ignored, since a later
 * Omnihub may add some. Ids and times stay strings: an adapter passes them on, it does not compute with them.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReplyCommand(String messageId, String requestId, String customerId, String channel, String purpose,
        To to, String text, int attempt, String createdAt, String dispatchedAt) {

    /** Where to send it: {@code kind} thread (the conversation the request came from) or a contact kind. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record To(String kind, String value) {
    }

    /** Whether it answers on the conversation the request came from, rather than at a contact. */
    public boolean onThread() {
        return "thread".equals(to.kind());
    }
}
