package io.omnihub.request;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.channel.Channel;
import io.omnihub.channel.ChannelRegistry;
import io.omnihub.customer.crypto.CustomerKeys;
import io.omnihub.customer.crypto.PersonalDataCipher;
import io.omnihub.platform.Hql;
import io.omnihub.platform.Json;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

/** Reads of requests and timelines, decrypting bodies with the customers' keys. */
@ApplicationScoped
public class RequestQueries {

    private final RequestRepository requests;
    private final MessageRepository messages;
    private final CustomerKeys keys;
    private final PersonalDataCipher cipher;
    private final ChannelRegistry channels;
    private final Json json;
    private final RequestConfig config;
    private final ReplyStates replies;
    private final RequestHistoryRepository history;
    private final RequestAnnotations annotations;

    public RequestQueries(RequestRepository requests, MessageRepository messages, CustomerKeys keys,
            PersonalDataCipher cipher, ChannelRegistry channels, Json json, RequestConfig config,
            ReplyStates replies, RequestHistoryRepository history, RequestAnnotations annotations) {
        this.annotations = annotations;
        this.replies = replies;
        this.history = history;
        this.requests = requests;
        this.messages = messages;
        this.keys = keys;
        this.cipher = cipher;
        this.channels = channels;
        this.json = json;
        this.config = config;
    }

    /** The request with its messages, or null. */
    @WithSession
    public Uni<RequestView> request(UUID id) {
        return requests.findById(id).chain(r -> r == null ? Uni.createFrom().nullItem()
                : messages.ofRequests(List.of(id)).chain(ms -> open(List.of(r), ms)
                        .chain(views -> history(id).chain(entries -> annotations.notes(List.of(id))
                                .chain(notes -> annotations.labels(id).map(labels -> new RequestView(r.id,
                                        r.customerId, r.status.name(), r.originChannel, channelName(r.originChannel),
                                        cipher.open("subject", r.subjectEnc), cipher.open("category", r.categoryEnc),
                                        r.createdAt, r.updatedAt,
                                        r.team, r.assignee, labels, Sla.of(r), views, notes, entries,
                                        RequestView.Csat.of(r))))))));
    }

    /** A request's history with its transfer notes opened (the customer's key is loaded by then). */
    private Uni<List<RequestHistory.View>> history(UUID requestId) {
        return history.of(requestId).chain(entries -> keys.loadFor(entries.stream().map(h -> h.noteEnc)
                .filter(Objects::nonNull).toList())
                .map(ignored -> entries.stream().map(h -> RequestHistory.View.of(h, cipher.open("note", h.noteEnc)))
                        .toList()));
    }

    /** Requests matching every filter given, newest first. */
    @WithSession
    public Uni<Page<RequestSummary>> list(RequestFilter filter) {
        int limit = Math.min(Math.max(filter.limit(), 1), config.maxPageSize());
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (filter.status() != null) {
            where.append(" and status = :status");
            params.and("status", filter.status());
        }
        if (filter.channel() != null) {
            where.append(" and originChannel = :channel");
            params.and("channel", filter.channel());
        }
        if (filter.customerId() != null) {
            where.append(" and customerId = :customer");
            params.and("customer", filter.customerId());
        }
        if (filter.from() != null) {
            where.append(" and createdAt >= :from");
            params.and("from", filter.from());
        }
        if (filter.to() != null) {
            where.append(" and createdAt < :to");
            params.and("to", filter.to());
        }
        if (filter.assignee() != null) {
            where.append(filter.assignee().isEmpty() ? " and assignee is null" : " and assignee = :assignee");
            if (!filter.assignee().isEmpty()) {
                params.and("assignee", filter.assignee());
            }
        }
        if (filter.number() != null) {
            where.append(" and number = :number");
            params.and("number", filter.number().toUpperCase(java.util.Locale.ROOT));
        }
        if (filter.label() != null) {
            where.append(" and id in (select l.requestId from RequestLabel l where l.label = :label)");
            params.and("label", filter.label());
        }
        if (filter.teams() != null) {
            where.append(" and team in :teams");
            params.and("teams", filter.teams());
        }
        if (filter.cursor() != null) {
            where.append(" and id < :cursor");
            params.and("cursor", filter.cursor());
        }
        return requests.find(where + " order by id desc", params).page(0, limit + 1).list().map(found -> {
            boolean more = found.size() > limit;
            List<Request> page = more ? found.subList(0, limit) : found;
            String next = more ? page.get(page.size() - 1).id.toString() : null;
            return new Page<>(page.stream().map(RequestSummary::of).toList(), next);
        });
    }

    /** Every request and message of a customer, across channels, in time order; {@code teams} null for all. */
    @WithSession
    public Uni<Timeline> timeline(UUID customerId, java.util.Set<String> teams) {
        Hql q = teams == null ? Hql.of("customerId = ?1 order by id", customerId)
                : Hql.of("customerId = ?1 and team in ?2 order by id", customerId, teams);
        Uni<List<Request>> visible = requests.list(q.text(), q.values());
        return visible.chain(rs -> rs.isEmpty()
                ? Uni.createFrom().item(new Timeline(customerId, List.of(), List.of(), List.of()))
                : messages.ofRequests(rs.stream().map(r -> r.id).toList())
                        .chain(ms -> open(rs, ms))
                        .chain(views -> annotations.notes(rs.stream().map(r -> r.id).toList()).map(notes -> new Timeline(
                                customerId, rs.stream().map(RequestSummary::of).toList(),
                                views.stream().sorted(java.util.Comparator.comparing(MessageView::occurredAt)
                                        .thenComparing(MessageView::id)).toList(),
                                notes))));
    }

    private Uni<List<MessageView>> open(List<Request> rs, List<Message> ms) {
        List<byte[]> sealed = Stream.concat(
                rs.stream().flatMap(r -> Stream.of(r.subjectEnc)),
                ms.stream().flatMap(m -> Stream.of(m.bodyEnc, m.attachmentsEnc)))
                .filter(Objects::nonNull).toList();
        List<UUID> outbound = ms.stream().filter(m -> m.direction == Message.Direction.OUTBOUND).map(m -> m.id)
                .toList();
        return keys.loadFor(sealed).chain(() -> replies.of(outbound)).map(states -> {
            List<MessageView> views = new ArrayList<>(ms.size());
            for (Message m : ms) {
                ReplyStates.ReplyState reply = states.get(m.id);
                String channel = reply == null ? m.channel : reply.channel();
                views.add(new MessageView(m.id, m.requestId, m.direction.name(), channel, channelName(channel),
                        m.author.name(), m.authorRef, cipher.open("body", m.bodyEnc), m.occurredAt,
                        reply == null ? null : reply.status(), json.tree(cipher.open("attachments", m.attachmentsEnc)),
                        reply == null ? null : json.tree(reply.routingDecision())));
            }
            return views;
        });
    }

    private String channelName(String id) {
        return id == null ? null : channels.find(id).map(Channel::displayName).orElse(id);
    }

    /**
     * Filters of the request list; null means any.
     *
     * @param assignee the owner's subject; empty for requests nobody owns
     * @param number a request's short number (as shown: eight hex digits)
     * @param teams the teams the caller sees; null for all
     */
    public record RequestFilter(RequestStatus status, String channel, UUID customerId, Instant from, Instant to,
            String assignee, String label, String number, UUID cursor, int limit, java.util.Set<String> teams) {
    }
}
