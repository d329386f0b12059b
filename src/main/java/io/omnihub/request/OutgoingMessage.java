package io.omnihub.request;

/**
 * A message on its way out, as other features read it: its sealed text, and the facts of its request as they stand.
 */
public record OutgoingMessage(SealedBody body, RequestFacts request) {
}
