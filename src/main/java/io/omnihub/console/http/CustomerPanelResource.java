package io.omnihub.console.http;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.omnihub.channel.ChannelRegistry;
import io.omnihub.consent.ConsentChange;
import io.omnihub.consent.ConsentEvent;
import io.omnihub.consent.ConsentService;
import io.omnihub.consent.PreferenceBodies;
import io.omnihub.consent.PreferenceService;
import io.omnihub.consent.PreferencesResource;
import io.omnihub.consent.WantedPreferences;
import io.omnihub.console.ConsolePages;
import io.omnihub.customer.MergeService;
import io.omnihub.platform.Ids;
import io.omnihub.platform.ProblemException;
import io.omnihub.routing.Purpose;
import io.omnihub.security.Caller;
import io.omnihub.security.Callers;
import io.omnihub.security.Roles;
import io.omnihub.security.Visibility;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;
import io.smallrye.mutiny.Uni;

/**
 * The customer panels of the console's request page: consent (changed on the customer's word), preferences, and a
 * supervisor's merges. Each checks that the caller may see both the request and the customer.
 */
@Path("/console")
@RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR, Roles.PRIVACY_OFFICER })
@Produces(MediaType.TEXT_HTML)
public class CustomerPanelResource {

    /** The text version recorded when an operator changes consent on the customer's word. */
    public static final String CONSENT_TEXT_VERSION = "operator-console-1";

    private final ConsolePages pages;
    private final ConsentService consents;
    private final PreferenceService preferenceService;
    private final MergeService merges;
    private final Visibility visibility;
    private final Callers callers;
    private final ChannelRegistry channelRegistry;

    public CustomerPanelResource(ConsolePages pages, ConsentService consents, PreferenceService preferenceService,
            MergeService merges, Visibility visibility, Callers callers, ChannelRegistry channelRegistry) {
        this.pages = pages;
        this.consents = consents;
        this.preferenceService = preferenceService;
        this.merges = merges;
        this.visibility = visibility;
        this.callers = callers;
        this.channelRegistry = channelRegistry;
    }

    @POST
    @Path("/customers/{id}/consent")
    @Operation(hidden = true)
    public Uni<Response> consent(@PathParam("id") String id, @FormParam("requestId") String request,
            @FormParam("channel") String channel, @FormParam("purpose") String purpose,
            @FormParam("action") String action) {
        Caller caller = callers.current();
        UUID customerId = Ids.parse("id", id);
        UUID requestId = Ids.parse("requestId", request);
        if (!ConsolePages.permissions(caller).changeConsent()) {
            throw new ForbiddenException();
        }
        if (channel == null || pages.outboundChannels().stream().noneMatch(c -> c.id().equals(channel))) {
            throw ProblemException.invalidField("channel", "must be a channel replies can use");
        }
        if (!"GRANT".equals(action) && !"WITHDRAW".equals(action)) {
            throw ProblemException.invalidField("action", "must be GRANT or WITHDRAW");
        }
        ConsentChange change = new ConsentChange(customerId, channel, purpose(purpose),
                "GRANT".equals(action) ? ConsentEvent.Action.GRANTED : ConsentEvent.Action.WITHDRAWN,
                CONSENT_TEXT_VERSION, "console", caller.actor(),
                Map.of("source", "operator console", "requestId", requestId.toString()));
        return visibility.request(requestId, caller)
                .chain(() -> visibility.customer(customerId, caller))
                .chain(() -> consents.change(change))
                .chain(() -> pages.consent(customerId, caller))
                .map(panel -> Response.ok(ConsoleTemplates.consent(customerId, requestId, panel,
                        ConsolePages.permissions(caller))).header("HX-Trigger", "consent-changed").build());
    }

    @GET
    @Path("/customers/{id}/consent")
    @Operation(hidden = true)
    public Uni<TemplateInstance> consentPanel(@PathParam("id") String id, @QueryParam("requestId") String request) {
        Caller caller = callers.current();
        UUID requestId = Ids.parse("requestId", request);
        return visibility.request(requestId, caller)
                .chain(() -> pages.consent(Ids.parse("id", id), caller))
                .map(panel -> ConsoleTemplates.consent(Ids.parse("id", id), requestId, panel,
                        ConsolePages.permissions(caller)));
    }

    @POST
    @Path("/customers/{id}/preferences")
    @RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR })
    @Operation(hidden = true)
    public Uni<Response> preferences(@PathParam("id") String id, @FormParam("requestId") String request,
            @FormParam("channels") String channelList, @FormParam("only") String only,
            @FormParam("quietStart") String quietStart, @FormParam("quietEnd") String quietEnd,
            @FormParam("timeZone") String timeZone, @FormParam("language") String language) {
        Caller caller = callers.current();
        UUID customerId = Ids.parse("id", id);
        UUID requestId = Ids.parse("requestId", request);
        List<String> preferred = channelList == null || channelList.isBlank() ? List.of()
                : Arrays.stream(channelList.split("[,\\s]+")).filter(c -> !c.isEmpty())
                        .map(c -> c.toLowerCase(java.util.Locale.ROOT)).toList();
        boolean quiet = quietStart != null && !quietStart.isBlank() || quietEnd != null && !quietEnd.isBlank();
        WantedPreferences wanted = PreferenceBodies.wanted(new PreferencesResource.PreferencesBody(preferred,
                only != null, quiet ? new PreferencesResource.QuietHoursBody(quietStart, quietEnd,
                        timeZone == null || timeZone.isBlank() ? null : timeZone.strip()) : null,
                language == null || language.isBlank() ? null : language.strip()), channelRegistry);
        return visibility.request(requestId, caller)
                .chain(() -> visibility.customer(customerId, caller))
                .chain(() -> preferenceService.replace(customerId, wanted, caller.actor()))
                .map(saved -> Response.ok(ConsoleTemplates.preferences(customerId, requestId, saved,
                        ConsolePages.permissions(caller), pages.outboundChannels()))
                        .header("HX-Trigger", "consent-changed").build());
    }

    @POST
    @Path("/customers/{id}/merges")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(hidden = true)
    public Uni<Response> merge(@PathParam("id") String id, @FormParam("requestId") String request,
            @FormParam("mergedId") String mergedId) {
        Caller caller = callers.current();
        UUID survivor = Ids.parse("id", id);
        UUID merged = Ids.parse("mergedId", mergedId == null ? null : mergedId.trim());
        UUID requestId = Ids.parse("requestId", request);
        return visibility.customer(survivor, caller)
                .chain(() -> visibility.customer(merged, caller))
                .chain(() -> merges.mergeManually(survivor, merged, caller.actor()))
                .map(m -> ConsoleAnswers.backTo(requestId));
    }

    @POST
    @Path("/customers/{id}/merges/{mergeId}/unmerge")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(hidden = true)
    public Uni<Response> unmerge(@PathParam("id") String id, @PathParam("mergeId") String mergeId,
            @FormParam("requestId") String request) {
        Caller caller = callers.current();
        UUID customerId = Ids.parse("id", id);
        UUID requestId = Ids.parse("requestId", request);
        return visibility.customer(customerId, caller)
                .chain(() -> merges.unmerge(customerId, Ids.parse("mergeId", mergeId), caller.actor()))
                .map(m -> ConsoleAnswers.backTo(requestId));
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpHeaders headers) {
        return ConsoleAnswers.problem(e, headers);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpHeaders headers) {
        return ConsoleAnswers.forbidden(headers);
    }

    private static Purpose purpose(String value) {
        try {
            return Purpose.valueOf(value == null ? "SERVICE" : value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("purpose", "must be SERVICE or MARKETING");
        }
    }
}
