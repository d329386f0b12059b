package io.omnihub.console.session;

import java.net.URI;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.omnihub.platform.ProblemMapper;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;

/**
 * Not signed in, or the session expired, on a console page: a browser goes to the sign-in page, and an htmx call
 * is told to send it there. Everywhere else the answer stays the API's 401 problem+json.
 */
class SignInRedirect {

    @ServerExceptionMapper(value = { UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class }, priority = Priorities.AUTHENTICATION)
    public Response unauthenticated(RuntimeException e, HttpHeaders headers, UriInfo uri) {
        String path = uri.getPath();
        if (!path.equals("/console") && !path.startsWith("/console/")) {
            return ProblemMapper.unauthenticatedResponse();
        }
        if (headers.getHeaderString("HX-Request") != null) {
            return Response.status(401).header("HX-Redirect", SignInResource.PATH).build();
        }
        return Response.seeOther(URI.create(SignInResource.PATH)).build();
    }
}
