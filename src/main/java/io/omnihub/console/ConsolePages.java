package io.omnihub.console;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.channel.Channel;
import io.omnihub.channel.ChannelRegistry;
import io.omnihub.consent.ConsentService;
import io.omnihub.consent.ConsentViews;
import io.omnihub.consent.PreferenceService;
import io.omnihub.customer.CustomerQueries;
import io.omnihub.customer.CustomerView;
import io.omnihub.customer.MergeView;
import io.omnihub.delivery.ReplyService;
import io.omnihub.platform.Audit;
import io.omnihub.platform.ProblemException;
import io.omnihub.request.RequestQueries;
import io.omnihub.request.RequestTemplates;
import io.omnihub.request.RequestView;
import io.omnihub.request.Timeline;
import io.omnihub.routing.Purpose;
import io.omnihub.security.Caller;
import io.omnihub.security.Roles;
import io.omnihub.security.Visibility;
import io.smallrye.mutiny.Uni;

/**
 * Assembles the console's screens from the same services and the same object-level checks as the API: what an
 * operator cannot fetch through the API, the console cannot show.
 */
@ApplicationScoped
public class ConsolePages {

    private final RequestTemplates templates;

    private final Visibility visibility;
    private final RequestQueries requests;
    private final CustomerQueries customers;
    private final ConsentService consents;
    private final PreferenceService preferences;
    private final ReplyService replies;
    private final ChannelRegistry channels;
    private final Audit audit;

    public ConsolePages(Visibility visibility, RequestQueries requests, CustomerQueries customers,
            ConsentService consents, PreferenceService preferences, ReplyService replies, ChannelRegistry channels,
            RequestTemplates templates, Audit audit) {
        this.audit = audit;
        this.templates = templates;
        this.visibility = visibility;
        this.requests = requests;
        this.customers = customers;
        this.consents = consents;
        this.preferences = preferences;
        this.replies = replies;
        this.channels = channels;
    }

    public Uni<RequestPage> request(UUID requestId, Caller caller) {
        // one after the other: the reads share one database session
        var parts = new Object() {
            RequestView request;
            CustomerView customer;
            Timeline timeline;
            ConsentViews.Ledger consent;
            ConsentViews.Preferences preferences;
            List<MergeView> merges;
            List<RequestTemplates.Filled> templates;
        };
        return visibility.request(requestId, caller)
                .chain(() -> requests.request(requestId))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Request"))
                .invoke(r -> parts.request = r)
                .chain(r -> customers.byId(r.customerId())).invoke(c -> parts.customer = c)
                .chain(() -> requests.timeline(parts.request.customerId(), teams(caller))).invoke(t -> parts.timeline = t)
                .chain(() -> consents.ledger(parts.request.customerId(), null)).invoke(l -> parts.consent = l)
                .chain(() -> preferences.get(parts.request.customerId())).invoke(p -> parts.preferences = p)
                .chain(() -> merges(parts.request.customerId(), caller)).invoke(m -> parts.merges = m)
                .chain(() -> permissions(caller).reply() ? templates.of(requestId)
                        : Uni.createFrom().item(List.<RequestTemplates.Filled> of()))
                .invoke(t -> parts.templates = t)
                .chain(() -> preview(parts.request, caller))
                // a supervisor's page shows the customer's contacts in full: audited before it is answered
                .call(() -> caller.seesFullContacts() ? audit.recordAlone(caller.actor(), "customer.contacts-read",
                        "customer", parts.request.customerId(), Map.of("via", "console", "requestId", requestId))
                        : Uni.createFrom().voidItem())
                .map(preview -> new RequestPage(parts.request, parts.customer.forCaller(caller.seesFullContacts()),
                        entries(parts.timeline, requestId), parts.timeline.requests(),
                        ConsentPanel.of(parts.consent, outboundChannels()),
                        parts.preferences, parts.merges, preview, permissions(caller), parts.templates,
                        RequestTemplates.number(requestId)));
    }

    /** The timeline alone, for live refreshes. */
    public Uni<List<RequestPage.Entry>> timeline(UUID requestId, Caller caller) {
        return visibility.request(requestId, caller)
                .chain(() -> requests.request(requestId))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Request"))
                .chain(request -> requests.timeline(request.customerId(), teams(caller)))
                .map(timeline -> entries(timeline, requestId));
    }

    /** The consent panel alone, after a change or a live notice. */
    public Uni<ConsentPanel> consent(UUID customerId, Caller caller) {
        return visibility.customer(customerId, caller)
                .chain(() -> consents.ledger(customerId, null))
                .map(ledger -> ConsentPanel.of(ledger, outboundChannels()));
    }

    /** Where a reply of this length would go now. */
    public Uni<RequestPage.Preview> preview(UUID requestId, int length, Caller caller) {
        return visibility.request(requestId, caller)
                .chain(() -> requests.request(requestId))
                .chain(request -> replies.preview(requestId, Purpose.SERVICE, length)
                        .map(d -> RequestPage.Preview.of(d, request.originChannel(), this::channelName)));
    }

    public String channelName(String id) {
        return channels.find(id).map(Channel::displayName).orElse(id);
    }

    public boolean knows(String channel) {
        return channels.find(channel).isPresent();
    }

    /** Channels customers write in on: the queue's channel filter. */
    public List<Channel> inboundChannels() {
        return channels.all().stream().filter(Channel::inbound).toList();
    }

    /** Channels replies can leave on: the rows of the consent panel. */
    public List<Channel> outboundChannels() {
        return channels.all().stream().filter(Channel::outbound).toList();
    }

    public static RequestPage.Permissions permissions(Caller caller) {
        boolean operator = caller.has(Roles.OPERATOR) || caller.has(Roles.SUPERVISOR);
        boolean rectify = operator || caller.has(Roles.PRIVACY_OFFICER);
        return new RequestPage.Permissions(operator, rectify, caller.has(Roles.SUPERVISOR), rectify, operator);
    }

    private Uni<RequestPage.Preview> preview(RequestView request, Caller caller) {
        if (!permissions(caller).reply()) {
            return Uni.createFrom().nullItem();
        }
        return replies.preview(request.id(), Purpose.SERVICE, 0)
                .map(d -> RequestPage.Preview.of(d, request.originChannel(), this::channelName));
    }

    private Uni<List<MergeView>> merges(UUID customerId, Caller caller) {
        return caller.has(Roles.SUPERVISOR) || caller.has(Roles.PRIVACY_OFFICER) ? customers.merges(customerId)
                : Uni.createFrom().item(List.of());
    }

    /** The messages and the internal notes, in time order. */
    private static List<RequestPage.Entry> entries(Timeline timeline, UUID current) {
        return java.util.stream.Stream.concat(timeline.messages().stream().map(m -> RequestPage.Entry.of(m, current)),
                timeline.notes().stream().map(n -> RequestPage.Entry.ofNote(n, current)))
                .sorted(java.util.Comparator.comparing((RequestPage.Entry e) -> e.message().occurredAt())
                        .thenComparing(e -> e.message().id()))
                .toList();
    }

    private static java.util.Set<String> teams(Caller caller) {
        return caller.seesAllTeams() ? null : caller.teams();
    }
}
