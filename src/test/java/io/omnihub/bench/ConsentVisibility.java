package io.omnihub.bench;

import java.util.Arrays;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How long after a consent withdrawal the send path sees it: a customer writes in through the app, then an operator
 * withdraws their SERVICE consent on the app through the API, and the routing preview of their request (the
 * decision a reply would get now) is polled until it no longer chooses the app. Measured from the moment the
 * withdrawal is sent.
 */
final class ConsentVisibility {

    /** Milliseconds from the withdrawal call to the first decision that honours it. */
    record Result(int samples, double p50, double max, long notSeen) {
    }

    private ConsentVisibility() {
    }

    static Result measure(Api api, String appKey, String operatorToken, int samples) {
        String auth = "Bearer " + operatorToken;
        String run = Long.toString(System.currentTimeMillis(), 36);
        double[] millis = new double[samples];
        long notSeen = 0;
        for (int i = 0; i < samples; i++) {
            String phone = "+7926" + String.format("%07d", (System.nanoTime() / 1000 + i) % 10_000_000);
            JsonNode written = api.submit(appKey, Map.of("channel", "app", "externalId", "consent-" + run + "-" + i,
                    "thread", "consent-" + run + "-" + i, "text", "Please call me back about my order.",
                    "customer", Map.of("appUserId", "consent-" + run + "-" + i, "phone", phone)));
            String request = written.path("requestId").asText();
            String customer = written.path("customerId").asText();
            long t0 = System.nanoTime();
            api.post("/api/v1/customers/" + customer + "/consents", auth, Map.of("channel", "app", "purpose",
                    "SERVICE", "action", "WITHDRAW", "textVersion", "bench-1", "evidence", Map.of("source", "bench")));
            long until = t0 + 5_000_000_000L;
            boolean seen = false;
            while (!seen && System.nanoTime() < until) {
                JsonNode decision = api.post("/api/v1/requests/" + request + "/replies/preview", auth, Map.of());
                seen = !"app".equals(decision.path("channel").asText());
            }
            millis[i] = (System.nanoTime() - t0) / 1e6;
            notSeen += seen ? 0 : 1;
        }
        Arrays.sort(millis);
        return new Result(samples, millis[samples / 2], millis[samples - 1], notSeen);
    }
}
