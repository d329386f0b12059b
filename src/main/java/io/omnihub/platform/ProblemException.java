package io.omnihub.platform;

import java.util.List;
import java.util.Map;

/** A domain failure that answers with a problem+json of the given status. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String kind;
    private final transient List<Map<String, String>> errors;
    private Integer retryAfter;

    public ProblemException(int status, String kind, String detail) {
        this(status, kind, detail, null);
    }

    public ProblemException(int status, String kind, String detail, List<Map<String, String>> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.kind = kind;
        this.errors = errors;
    }

    public static ProblemException badRequest(String kind, String detail) {
        return new ProblemException(400, kind, detail);
    }

    public static ProblemException invalidField(String field, String detail) {
        return new ProblemException(400, "invalid-input", detail, List.of(Map.of("field", field, "message", detail)));
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "not-found", what + " was not found");
    }

    public static ProblemException conflict(String kind, String detail) {
        return new ProblemException(409, kind, detail);
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "unauthorized", detail);
    }

    /** Sets {@code Retry-After}: when the client may try again, in seconds (429 and 503). */
    public ProblemException retryAfter(int seconds) {
        this.retryAfter = seconds;
        return this;
    }

    /** 503 with {@code Retry-After}: a backing service is out, the client should retry soon. */
    public static ProblemException unavailable(String detail) {
        return new ProblemException(503, "unavailable", detail).retryAfter(2);
    }

    /** More work than PostgreSQL serves now: shed at once, to be tried again in a second. */
    public static ProblemException atCapacity() {
        return new ProblemException(503, "at-capacity", "Omnihub is at capacity; retry shortly").retryAfter(1);
    }

    public Integer retryAfter() {
        return retryAfter;
    }

    public int status() {
        return status;
    }

    public String kind() {
        return kind;
    }

    public List<Map<String, String>> errors() {
        return errors;
    }
}
