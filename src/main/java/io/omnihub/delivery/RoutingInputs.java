package io.omnihub.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.channel.Channel;
import io.omnihub.channel.ChannelRegistry;
import io.omnihub.consent.PolicyService;
import io.omnihub.customer.ContactPointRepository;
import io.omnihub.platform.Placeholders;
import io.omnihub.platform.SessionSql;
import io.omnihub.request.MessageRepository;
import io.omnihub.request.RequestFacts;
import io.omnihub.request.RequestRepository;
import io.omnihub.routing.ChannelSpec;
import io.omnihub.routing.CustomerPolicy;
import io.omnihub.routing.Purpose;
import io.omnihub.routing.RoutingRequest;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Gathers what routing needs from the database, for a request's customer, on the caller's session (or a session of
 * its own).
 */
@ApplicationScoped
@WithSession
class RoutingInputs {

    /**
     * The customers' kinds of contact and when they last wrote on each channel: the customer feature's statement and
     * the request feature's, read together on the caller's session (each a row of four columns, the last null only
     * for a kind of contact).
     */
    private static final String CONTACTS_AND_LAST_INBOUND = Placeholders.unseen(ContactPointRepository.KINDS
            + " UNION ALL " + MessageRepository.LAST_INBOUND, 1, "uuid[]");

    /** The same and the customers' policy versions, consent's select (a row each, a null second column). */
    private final String withPolicyVersions;
    /** The same and the customers' policies as stored, consent's select (a row each, a null second column). */
    private final String withPolicies;

    private final PolicyService policies;
    private final ChannelRegistry channels;
    private final DeliveryConfig config;
    private final Clock clock;
    private final ReplyRepository replies;
    private final RequestRepository requests;

    RoutingInputs(ChannelRegistry channels, DeliveryConfig config, Clock clock, ReplyRepository replies,
            RequestRepository requests, PolicyService policies) {
        this.policies = policies;
        this.withPolicyVersions = CONTACTS_AND_LAST_INBOUND + " UNION ALL SELECT v.id, CAST(NULL AS text),"
                + " CAST(v.policy_version AS text), CAST(NULL AS timestamptz) FROM ("
                + Placeholders.unseen(policies.versionsSelect(), 1, "uuid[]") + ") v";
        this.withPolicies = CONTACTS_AND_LAST_INBOUND + " UNION ALL "
                + Placeholders.unseen(policies.policiesSelect(), 1, "uuid[]");
        this.requests = requests;
        this.replies = replies;
        this.clock = clock;
        this.channels = channels;
        this.config = config;
    }

    /**
     * What routing needs to know about some customers; {@code now} is when it was read. {@code recentOutbound} is null
     * when the frequency cap's counts were not read (no capped purpose was routed), {@code policies} when their
     * current policies were not read ({@link #checked}).
     */
    record Facts(Map<UUID, Set<String>> contactKinds, Map<UUID, Map<String, String>> lostKinds,
            Map<UUID, Map<String, Instant>> lastInbound, Map<UUID, Long> recentOutbound, Instant now,
            Instant windowStart, Map<UUID, CustomerPolicy> policies) {
    }

    /**
     * One customer's routing request, with the policy the lookup holds, or else the one read with the facts.
     *
     * @param dispatching the reply being routed again, or null for a new one: not counted against the frequency cap,
     *        and still an approved template if it was one
     */
    Uni<RoutingRequest> gather(RequestFacts request, Purpose purpose, int textLength, PolicyService.Lookup policy,
            Set<String> excluded, Reply dispatching) {
        boolean load = policy.cached() == null;
        return read(List.of(request.customerId()), capped(purpose), load ? withPolicies : CONTACTS_AND_LAST_INBOUND)
                .chain(r -> (load ? policies.loaded(policy, r.consent().get(request.customerId()))
                        : Uni.createFrom().item(policy.cached()))
                        .map(p -> request(r.facts(), request, purpose, textLength, p, excluded, dispatching)));
    }

    /** A reply's read of its facts with a policy the cache does not hold. */
    String withPolicies() {
        return withPolicies;
    }

    /** Whether the frequency cap holds back replies of this purpose. */
    boolean capped(Purpose purpose) {
        return config.frequencyCappedPurposes().contains(purpose);
    }

    /** Whether any of these replies has a purpose the frequency cap holds back: their facts must count. */
    boolean anyCapped(Collection<Reply> routed) {
        return routed.stream().anyMatch(r -> capped(r.purpose));
    }

    /**
     * The facts about these customers, in one statement whatever their number, and two more for the replies they
     * were sent recently when {@code capped}: only a capped purpose's decision reads that count.
     */
    Uni<Facts> facts(Collection<UUID> customers, boolean capped) {
        return read(customers, capped, CONTACTS_AND_LAST_INBOUND).map(Read::facts);
    }

    /**
     * The same with the customers' current policies ({@link PolicyService#current}), for the check before a send: the
     * policies' versions are read by the facts' statement, and only a policy not cached at its version by one more.
     */
    Uni<Facts> checked(Collection<UUID> customers, boolean capped) {
        return read(customers, capped, withPolicyVersions).chain(r -> {
            Map<UUID, Long> versions = new HashMap<>();
            r.consent().forEach((customer, version) -> versions.put(customer, Long.parseLong(version)));
            Facts f = r.facts();
            return policies.current(customers, versions).map(policyOf -> new Facts(f.contactKinds(), f.lostKinds(),
                    f.lastInbound(), f.recentOutbound(), f.now(), f.windowStart(), policyOf));
        });
    }

    /** The facts a statement read, and the text of consent's column in each customer's row of consent's, if any. */
    private record Read(Facts facts, Map<UUID, String> consent) {
    }

    /** The facts, by {@code sql}: one of the statements above, each with rows of the same four columns. */
    private Uni<Read> read(Collection<UUID> customers, boolean capped, String sql) {
        Instant now = clock.instant();
        Instant windowStart = now.minus(config.frequencyWindow());
        return SessionSql.select(sql, (Object) customers.toArray(UUID[]::new))
                .chain(rows -> recentOutbound(customers, windowStart, capped).map(recent -> {
                    Map<UUID, Map<String, String>> kinds = new HashMap<>();
                    Map<UUID, Map<String, Instant>> last = new HashMap<>();
                    Map<UUID, String> consent = new HashMap<>();
                    rows.forEach(row -> { // told apart by the time (last inbound), then by the kind (none: consent's)
                        if (row[3] != null) {
                            MessageRepository.lastInboundOf(row, last);
                        } else if (row[1] == null) {
                            consent.put((UUID) row[0], (String) row[2]);
                        } else {
                            ContactPointRepository.kindOf(row, kinds);
                        }
                    });
                    Map<UUID, Set<String>> kindsOf = new HashMap<>();
                    Map<UUID, Map<String, String>> lostOf = new HashMap<>();
                    kinds.forEach((customer, states) -> states.forEach((kind, state) -> {
                        if ("ACTIVE".equals(state)) {
                            kindsOf.computeIfAbsent(customer, c -> new HashSet<>()).add(kind);
                        } else {
                            lostOf.computeIfAbsent(customer, c -> new HashMap<>()).put(kind,
                                    "RETIRED".equals(state) ? "was retired" : "is unreachable (it bounced for good)");
                        }
                    }));
                    return new Read(new Facts(kindsOf, lostOf, last, recent, now, windowStart, null), consent);
                }));
    }

    /**
     * How many replies each customer was sent since {@code windowStart}, over all their requests; null, and nothing
     * read, unless {@code capped}.
     */
    private Uni<Map<UUID, Long>> recentOutbound(Collection<UUID> customers, Instant windowStart, boolean capped) {
        if (!capped) {
            return Uni.createFrom().nullItem();
        }
        return requests.customersOfRequestsOf(customers).chain(customerOf -> replies
                .sentSince(customerOf.keySet(), windowStart).map(byRequest -> {
                    Map<UUID, Long> recent = new HashMap<>();
                    byRequest.forEach((request, count) -> recent.merge(customerOf.get(request), count, Long::sum));
                    return recent;
                }));
    }

    /** A request's routing request from facts read before. */
    RoutingRequest request(Facts facts, RequestFacts request, Purpose purpose, int textLength, CustomerPolicy policy,
            Set<String> excluded, Reply dispatching) {
        boolean capped = capped(purpose);
        if (capped && facts.recentOutbound() == null) {
            throw new IllegalStateException("The frequency cap's counts were not read for a " + purpose + " reply");
        }
        long recent = !capped ? 0 : facts.recentOutbound().getOrDefault(request.customerId(), 0L);
        if (capped && dispatching != null && counted(dispatching, facts.windowStart())) {
            recent--;
        }
        Map<String, String> lost = facts.lostKinds().getOrDefault(request.customerId(), Map.of());
        Set<String> addressable = addressable(request, facts.contactKinds().getOrDefault(request.customerId(), Set.of()),
                lost);
        return new RoutingRequest(request.originChannel(), purpose, textLength, specs(), policy, addressable,
                unreachable(addressable, lost),
                facts.lastInbound().getOrDefault(request.customerId(), Map.of()), (int) recent,
                capped ? config.frequencyCap() : RoutingRequest.UNCAPPED,
                excluded, facts.now(), dispatching != null && dispatching.approvedTemplate);
    }

    /** Whether the frequency cap's query counted this reply. */
    private static boolean counted(Reply reply, Instant windowStart) {
        return reply.createdAt.isAfter(windowStart) && reply.status != ReplyStatus.HELD
                && reply.status != ReplyStatus.FAILED;
    }

    List<ChannelSpec> specs() {
        return channels.all().stream().map(c -> new ChannelSpec(c.id(), c.outbound(), c.maxLength(),
                c.replyWindow().orElse(null), c.quietHoursApply(), c.templatesOutsideWindow())).toList();
    }

    /** The channels not addressable because their contacts were retired or bounced, with why. */
    private Map<String, String> unreachable(Set<String> addressable, Map<String, String> lostKinds) {
        Map<String, String> result = new HashMap<>();
        for (Channel c : channels.all()) {
            String why = lostKinds.get(c.contactKind().name());
            if (why != null && !addressable.contains(c.id())) {
                result.put(c.id(), why);
            }
        }
        return result;
    }

    private Set<String> addressable(RequestFacts request, Set<String> kinds, Map<String, String> lostKinds) {
        Set<String> result = new HashSet<>();
        // the origin thread itself is an address, unless its kind of contact was retired or bounced for good and
        // the customer has no other one (an SMS thread to a phone that no longer answers)
        String originKind = channels.find(request.originChannel()).map(c -> c.contactKind().name()).orElse("");
        if (kinds.contains(originKind) || !lostKinds.containsKey(originKind)) {
            result.add(request.originChannel());
        }
        for (Channel c : channels.all()) {
            if (kinds.contains(c.contactKind().name())) {
                result.add(c.id());
            }
        }
        return result;
    }
}
