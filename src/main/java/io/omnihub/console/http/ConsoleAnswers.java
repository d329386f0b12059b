package io.omnihub.console.http;

import java.util.UUID;

import jakarta.validation.Validator;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.omnihub.platform.ProblemException;
import io.omnihub.platform.ProblemMapper;

/** How the console's resources answer a refusal, and send htmx back to a request's page after a change. */
final class ConsoleAnswers {

    private ConsoleAnswers() {
    }

    /** A refusal is an HTML page for a browser, and problem+json for a script or htmx. */
    static Response problem(ProblemException e, HttpHeaders headers) {
        return page(e.status(), e.getMessage(), headers, ProblemMapper.map(e));
    }

    static Response forbidden(HttpHeaders headers) {
        return page(403, "You may not do this.", headers,
                ProblemMapper.response(403, "forbidden", "This caller may not do this", null));
    }

    private static Response page(int status, String detail, HttpHeaders headers, Response problem) {
        boolean browser = headers.getHeaderString("HX-Request") == null
                && headers.getAcceptableMediaTypes().stream().anyMatch(t -> t.isCompatible(MediaType.TEXT_HTML_TYPE)
                        && !t.isWildcardType());
        if (!browser) {
            return problem;
        }
        String title = Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                .entity(ConsoleTemplates.error(status, title, detail).render()).build();
    }

    /**
     * A console form, as the API's command it stands for, checked by the same Bean Validation rules; a violation is
     * refused like the API refuses it, naming the field.
     */
    static <T> T valid(Validator validator, T command) {
        validator.validate(command).stream()
                .min(java.util.Comparator.comparing(v -> v.getPropertyPath().toString()))
                .ifPresent(v -> {
                    throw ProblemException.invalidField(v.getPropertyPath().toString(), v.getMessage());
                });
        return command;
    }

    /** htmx goes (back) to this request's page. */
    static Response backTo(UUID requestId) {
        return to("/console/requests/" + requestId);
    }

    static Response to(String path) {
        return Response.noContent().header("HX-Redirect", path).build();
    }
}
