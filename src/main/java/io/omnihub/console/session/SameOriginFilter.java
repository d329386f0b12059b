package io.omnihub.console.session;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.omnihub.platform.ProblemMapper;

/**
 * The console's changes come from its own pages only. The session cookie is SameSite=Strict already; this also
 * refuses a POST whose browser says it came from another site ({@code Sec-Fetch-Site}), so a forged form never acts
 * for an operator. It does not compare Origin with Host, which proxies rewrite.
 */
class SameOriginFilter {

    @ServerRequestFilter
    public Response check(ContainerRequestContext request) {
        if (!"POST".equals(request.getMethod()) || !request.getUriInfo().getPath().startsWith("/console")) {
            return null;
        }
        String site = request.getHeaderString("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return ProblemMapper.response(403, "cross-site", "Console changes must come from the console itself",
                    null);
        }
        return null;
    }
}
