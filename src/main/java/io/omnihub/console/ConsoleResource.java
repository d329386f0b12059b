package io.omnihub.console;

import java.time.Duration;
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
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.omnihub.channel.Channel;
import io.omnihub.channel.ChannelRegistry;
import io.omnihub.consent.ConsentChange;
import io.omnihub.consent.ConsentEvent;
import io.omnihub.consent.ConsentService;
import io.omnihub.consent.ConsentViews;
import io.omnihub.consent.Preference;
import io.omnihub.consent.PreferenceBodies;
import io.omnihub.consent.PreferenceService;
import io.omnihub.consent.PreferencesResource;
import io.omnihub.customer.MergeService;
import io.omnihub.delivery.ReplyService;
import io.omnihub.platform.Ids;
import io.omnihub.platform.LiveNotices.Notice;
import io.omnihub.platform.ProblemException;
import io.omnihub.routing.Purpose;
import io.omnihub.security.Caller;
import io.omnihub.security.Callers;
import io.omnihub.security.Roles;
import io.omnihub.security.Visibility;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The operator console: server-rendered pages and the fragments htmx swaps into them. Every read and write goes
 * through the same services and object-level checks as the API, so a request another team owns answers 404 here
 * exactly as it does there.
 */
@Path("/console")
@RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR, Roles.PRIVACY_OFFICER })
@Produces(MediaType.TEXT_HTML)
public class ConsoleResource {

    /** The text version recorded when an operator changes consent on the customer's word. */
    static final String CONSENT_TEXT_VERSION = "operator-console-1";

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance queue(Caller caller, QueueQueries.Filter filter, List<Channel> channels,
                List<QueueQueries.Item> rows, long waiting);

        static native TemplateInstance rows(List<QueueQueries.Item> rows);

        static native TemplateInstance request(Caller caller, RequestPage page, List<Channel> channels);

        static native TemplateInstance timeline(List<RequestPage.Entry> timeline);

        static native TemplateInstance preview(RequestPage.Preview preview);

        static native TemplateInstance consent(UUID customerId, UUID requestId, ConsentPanel consent,
                RequestPage.Permissions may);

        static native TemplateInstance preferences(UUID customerId, UUID requestId, ConsentViews.Preferences preferences,
                RequestPage.Permissions may, List<Channel> channels);

        static native TemplateInstance error(int status, String title, String detail);
    }

    private final ConsolePages pages;
    private final QueueQueries queue;
    private final ReplyService replies;
    private final ConsentService consents;
    private final MergeService merges;
    private final Visibility visibility;
    private final Callers callers;
    private final LiveFeed live;
    private final ConsoleConfig config;
    private final PreferenceService preferenceService;
    private final ChannelRegistry channelRegistry;

    public ConsoleResource(ConsolePages pages, QueueQueries queue, ReplyService replies, ConsentService consents,
            MergeService merges, Visibility visibility, Callers callers, LiveFeed live,
            ConsoleConfig config, PreferenceService preferenceService, ChannelRegistry channelRegistry) {
        this.pages = pages;
        this.queue = queue;
        this.replies = replies;
        this.consents = consents;
        this.merges = merges;
        this.visibility = visibility;
        this.callers = callers;
        this.live = live;
        this.config = config;
        this.preferenceService = preferenceService;
        this.channelRegistry = channelRegistry;
    }

    @GET
    @Operation(hidden = true)
    public Uni<TemplateInstance> queue(@QueryParam("status") List<String> status, @QueryParam("channel") String channel,
            @QueryParam("waiting") Integer waitingMinutes) {
        Caller caller = callers.current();
        QueueQueries.Filter filter = filter(status, channel, waitingMinutes);
        return queue.queue(filter, caller).chain(rows -> queue.waitingCount(caller)
                .map(waiting -> Templates.queue(caller, filter, pages.inboundChannels(), rows, waiting)));
    }

    @GET
    @Path("/queue")
    @Operation(hidden = true)
    public Uni<TemplateInstance> rows(@QueryParam("status") List<String> status, @QueryParam("channel") String channel,
            @QueryParam("waiting") Integer waitingMinutes) {
        return queue.queue(filter(status, channel, waitingMinutes), callers.current()).map(Templates::rows);
    }

    @GET
    @Path("/requests/{id}")
    @Operation(hidden = true)
    public Uni<TemplateInstance> request(@PathParam("id") String id) {
        Caller caller = callers.current();
        return pages.request(Ids.parse("id", id), caller)
                .map(page -> Templates.request(caller, page, pages.outboundChannels()));
    }

    @GET
    @Path("/requests/{id}/timeline")
    @Operation(hidden = true)
    public Uni<TemplateInstance> timeline(@PathParam("id") String id) {
        return pages.timeline(Ids.parse("id", id), callers.current()).map(Templates::timeline);
    }

    @POST
    @Path("/requests/{id}/preview")
    @RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR })
    @Operation(hidden = true)
    public Uni<TemplateInstance> preview(@PathParam("id") String id, @FormParam("text") String text) {
        return pages.preview(Ids.parse("id", id), text == null ? 0 : text.length(), callers.current())
                .map(Templates::preview);
    }

    @POST
    @Path("/requests/{id}/replies")
    @RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR })
    @Operation(hidden = true)
    public Uni<Response> reply(@PathParam("id") String id, @FormParam("text") String text) {
        Caller caller = callers.current();
        UUID requestId = Ids.parse("id", id);
        if (text == null || text.isBlank()) {
            throw ProblemException.invalidField("text", "must not be blank");
        }
        if (text.length() > 100_000) {
            throw ProblemException.invalidField("text", "must be at most 100000 characters");
        }
        return visibility.request(requestId, caller)
                .chain(() -> replies.reply(requestId, text, Purpose.SERVICE, caller.actor()))
                .map(sent -> Response.noContent().header("HX-Trigger", "reply-sent").build());
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
                .map(panel -> Response.ok(Templates.consent(customerId, requestId, panel,
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
                .map(panel -> Templates.consent(Ids.parse("id", id), requestId, panel,
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
        Preference wanted = PreferenceBodies.toPreference(new PreferencesResource.PreferencesBody(preferred,
                only != null, quiet ? new PreferencesResource.QuietHoursBody(quietStart, quietEnd,
                        timeZone == null || timeZone.isBlank() ? null : timeZone.strip()) : null,
                language == null || language.isBlank() ? null : language.strip()), channelRegistry);
        return visibility.request(requestId, caller)
                .chain(() -> visibility.customer(customerId, caller))
                .chain(() -> preferenceService.replace(customerId, wanted, caller.actor()))
                .map(saved -> Response.ok(Templates.preferences(customerId, requestId, saved,
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
                .map(m -> backTo(requestId));
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
                .map(m -> backTo(requestId));
    }

    @GET
    @Path("/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Multi<Notice> events() {
        return live.forCaller(callers.current());
    }

    /** A page that cannot be shown is an HTML page for a browser, and problem+json for a script or htmx. */
    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpHeaders headers) {
        return ConsoleAnswers.problem(e, headers);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpHeaders headers) {
        return ConsoleAnswers.forbidden(headers);
    }

    private static Response backTo(UUID requestId) {
        return ConsoleAnswers.backTo(requestId);
    }

    private QueueQueries.Filter filter(List<String> status, String channel, Integer waitingMinutes) {
        List<String> statuses = status == null ? List.of()
                : status.stream().filter(s -> !s.isBlank()).distinct().toList();
        for (String s : statuses) {
            if (!QueueQueries.ALL_STATUSES.contains(s)) {
                throw ProblemException.invalidField("status",
                        "must be NEW, OPEN, WAITING_CUSTOMER, RESOLVED or CLOSED");
            }
        }
        String wanted = channel == null || channel.isBlank() ? null : channel;
        if (wanted != null && !pages.knows(wanted)) {
            throw ProblemException.invalidField("channel", "is not a known channel");
        }
        int minutes = waitingMinutes == null ? 0 : waitingMinutes;
        if (minutes < 0 || minutes > 60 * 24 * 30) {
            throw ProblemException.invalidField("waiting", "must be between 0 and 43200 minutes");
        }
        return new QueueQueries.Filter(statuses, wanted, Duration.ofMinutes(minutes), config.queuePage());
    }

    private static Purpose purpose(String value) {
        try {
            return Purpose.valueOf(value == null ? "SERVICE" : value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("purpose", "must be SERVICE or MARKETING");
        }
    }
}
