package io.omnihub.faults;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one HTTP call got: the status (0 when there was no HTTP answer), its kind ({@code ok} for 2xx,
 * {@code HTTP 503}, {@code timeout}, {@code connection error}), whether {@code Retry-After} came with it, the time it
 * took, and the JSON body of a 2xx answer.
 */
record Answer(int status, String kind, boolean retryAfter, double latencyMs, JsonNode body) {

    static final String OK = "ok";
    static final String TIMEOUT = "timeout";
    static final String CONNECTION = "connection error";

    boolean ok() {
        return status / 100 == 2;
    }

    /** Whether a client should try again elsewhere: no answer, or a 5xx. */
    boolean retriable() {
        return status == 0 || status >= 500;
    }

    /** A text field of the JSON body, or null. */
    String field(String name) {
        return body == null || !body.hasNonNull(name) ? null : body.get(name).asText();
    }
}
