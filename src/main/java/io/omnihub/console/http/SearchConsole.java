package io.omnihub.console.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.omnihub.customer.CustomerQueries;
import io.omnihub.customer.NameTokens;
import io.omnihub.platform.ProblemException;
import io.omnihub.request.RequestQueries;
import io.omnihub.request.RequestSummary;
import io.omnihub.security.Caller;
import io.omnihub.security.Callers;
import io.omnihub.security.Roles;
import io.omnihub.security.Visibility;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/**
 * The console's search box: a request's number opens it; words find customers by name, each with their newest request
 * in the caller's teams. The same services and team scoping as the API.
 */
@Path("/console/search")
@RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR, Roles.PRIVACY_OFFICER })
@Produces(MediaType.TEXT_HTML)
public class SearchConsole {

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance search(Caller caller, String query, List<Found> found);
    }

    /** A customer found, and their newest request the caller sees. */
    public record Found(UUID customerId, String name, RequestSummary request) {
    }

    private final NameTokens names;
    private final CustomerQueries customers;
    private final RequestQueries requests;
    private final Visibility visibility;
    private final Callers callers;

    public SearchConsole(NameTokens names, CustomerQueries customers, RequestQueries requests, Visibility visibility,
            Callers callers) {
        this.names = names;
        this.customers = customers;
        this.requests = requests;
        this.visibility = visibility;
        this.callers = callers;
    }

    @GET
    @Operation(hidden = true)
    public Uni<Response> search(@QueryParam("q") String q) {
        Caller caller = callers.current();
        String query = q == null ? "" : q.trim();
        if (query.isEmpty() || query.length() > 200) {
            throw ProblemException.invalidField("q", "give a request number or one to 200 characters of a name");
        }
        if (query.matches("#?[0-9A-Fa-f]{8}")) {
            return requests.list(filter(null, query.replace("#", ""), caller)).map(found -> found.items().size() == 1
                    ? Response.seeOther(URI.create("/console/requests/" + found.items().get(0).id())).build()
                    : Response.ok(Templates.search(caller, query, List.of()).render()).build());
        }
        return names.find(query, 20).chain(ids -> visibility.seen(ids, caller).chain(seen -> {
            Uni<List<Found>> found = Uni.createFrom().item(new ArrayList<>());
            for (UUID id : ids.stream().filter(seen::contains).toList()) {
                found = found.chain(list -> customers.byId(id).chain(c -> requests.list(filter(id, null, caller))
                        .map(newest -> {
                            list.add(new Found(id, c.name(), newest.items().isEmpty() ? null : newest.items().get(0)));
                            return list;
                        })));
            }
            return found;
        })).map(found -> Response.ok(Templates.search(caller, query, found).render()).build());
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpHeaders headers) {
        return ConsoleAnswers.problem(e, headers);
    }

    private static RequestQueries.RequestFilter filter(UUID customerId, String number, Caller caller) {
        return new RequestQueries.RequestFilter(null, null, customerId, null, null, null, null, number, null, 1,
                caller.seesAllTeams() ? null : caller.teams());
    }
}
