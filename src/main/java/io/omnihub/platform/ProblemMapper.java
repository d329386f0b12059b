package io.omnihub.platform;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * The one place where failures become RFC 9457 problem+json. Nothing here echoes input values, class names or
 * stack traces: the client learns which field is wrong and why, and unexpected failures are logged with an id
 * only.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    private static final String TYPE_BASE = "https://omnihub.io/problems/";

    private final Counter shed;

    public ProblemMapper(MeterRegistry registry) {
        shed = Counter.builder("omnihub.requests.shed")
                .description("Requests answered 503 at-capacity: no database connection came free in time")
                .register(registry);
    }

    @ServerExceptionMapper
    public Response domain(ProblemException e) {
        return map(e);
    }

    /** The answer to a domain failure, with {@code Retry-After} when it has one. */
    public static Response map(ProblemException e) {
        Response response = response(e.status(), e.kind(), e.getMessage(), e.errors());
        return e.retryAfter() == null ? response
                : Response.fromResponse(response).header("Retry-After", e.retryAfter()).build();
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class })
    public Response unauthenticated(RuntimeException e) {
        return unauthenticatedResponse();
    }

    public static Response unauthenticatedResponse() {
        return response(401, "unauthorized", "Valid credentials are required", null);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return response(403, "forbidden", "This caller may not do this", null);
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        List<Map<String, String>> errors = e.getConstraintViolations().stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .map(v -> Map.of("field", field(v), "message", v.getMessage()))
                .toList();
        return response(400, "invalid-input", "The request has invalid fields", errors);
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response unparsable(JsonParseException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        String detail = e instanceof MismatchedInputException m && !m.getPath().isEmpty()
                ? "Field '" + path(m) + "' has the wrong type or format"
                : "The body is not valid JSON";
        return response(400, "malformed-body", detail, null);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        String reason = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase()
                : "Client error";
        String kind = reason.toLowerCase().replace(' ', '-');
        return response(status, kind, reason, null);
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        if (Outages.atCapacity(e)) {
            // no log line per request: under overload that would be thousands a second (the counter says it)
            shed.increment();
            return map(ProblemException.atCapacity());
        }
        if (Outages.isDatabaseOutage(e)) {
            LOG.warnf("PostgreSQL unavailable, answered 503: %s", Outages.describe(e));
            return map(ProblemException.unavailable("The database is unavailable; retry shortly"));
        }
        String incident = Ids.next().toString();
        LOG.errorf("Unexpected failure, incident %s: %s, at root %s", incident, e.getClass().getSimpleName(),
                Outages.describe(e));
        LOG.debug("Incident " + incident, e);
        return response(500, "internal", "Unexpected failure; incident " + incident, null);
    }

    public static Response response(int status, String kind, String detail, List<Map<String, String>> errors) {
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase()
                : "Error";
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem(TYPE_BASE + kind, title, status, detail, errors))
                .build();
    }

    private static String field(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        // method parameter paths look like "submit.message.text": drop the method and parameter
        String[] parts = path.split("\\.", 3);
        return parts.length == 3 ? parts[2] : path;
    }

    private static String path(MismatchedInputException m) {
        StringBuilder sb = new StringBuilder();
        for (var ref : m.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
