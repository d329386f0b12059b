package io.omnihub.platform;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An RFC 9457 problem detail. Every error Omnihub answers has this shape, with no class names, stack traces or
 * personal data.
 *
 * @param type a URI naming the kind of problem
 * @param title a short summary of the kind
 * @param status the HTTP status
 * @param detail what went wrong in this case
 * @param errors field-level problems, if any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record Problem(String type, String title, int status, String detail, List<Map<String, String>> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
