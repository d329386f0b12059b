package io.omnihub.faults;

/**
 * One request of a load and its final answer: {@code key} identifies it (the intake's external id, or the request a
 * reply went to), {@code intendedSeconds} is when it was due and {@code sentSeconds} when it was actually handed to the
 * client (seconds after the load started; they differ only if the load generator itself fell behind),
 * {@code latencyMs} runs from the intended time to the final answer (after any retries), {@code attempts} counts the
 * sends, and {@code firstFailure} is the kind of the first failed attempt (null if the first attempt succeeded).
 */
record Outcome(int index, String key, double intendedSeconds, double sentSeconds, double latencyMs, Answer answer,
        int attempts, String firstFailure) {

    /** A call made once, outside a load (setup, probes): its own send time is its intended time. */
    static Outcome single(int index, String key, Answer answer) {
        return new Outcome(index, key, 0, 0, answer.latencyMs(), answer, 1, null);
    }

    /** One CSV line: every figure recorded for the request, with the ids of a 2xx answer. */
    String csv() {
        return String.join(",", Integer.toString(index), key, Figures.round3(intendedSeconds),
                Figures.round3(sentSeconds), Figures.round3(latencyMs), Integer.toString(answer.status()),
                answer.kind(), Boolean.toString(answer.retryAfter()), Integer.toString(attempts),
                firstFailure == null ? "" : firstFailure, nullToEmpty(answer.field("requestId")),
                nullToEmpty(answer.field("messageId")), nullToEmpty(answer.field("customerId")),
                nullToEmpty(answer.field("duplicate")));
    }

    static final String CSV_HEADER = "index,key,intendedSeconds,sentSeconds,latencyMs,status,kind,retryAfter,attempts,"
            + "firstFailure,requestId,messageId,customerId,duplicate";

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    boolean ok() {
        return answer.ok();
    }

    String kind() {
        return answer.kind();
    }
}
