package io.omnihub.request;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.customer.crypto.CustomerKeys;
import io.omnihub.customer.crypto.PersonalDataCipher;
import io.omnihub.platform.Ids;
import io.omnihub.platform.Outbox;
import io.omnihub.platform.OutboxEntry;
import io.omnihub.platform.ReadAfter;
import io.omnihub.request.RequestEvents.MessageReceived;
import io.omnihub.request.RequestEvents.RequestCreated;
import io.omnihub.team.Teams;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Threading and appending: a message on the same channel thread as an open request joins it (a RESOLVED one is
 * reopened within the reopen period); otherwise a new request starts. Runs inside the caller's transaction and
 * records request.created and message.received in the outbox.
 */
@ApplicationScoped
public class RequestService {

    private final RequestRepository requests;
    private final MessageRepository messages;
    private final CustomerKeys keys;
    private final PersonalDataCipher cipher;
    private final Outbox outbox;
    private final RequestConfig config;
    private final Clock clock;
    private final Teams teams;
    private final Handoffs handoffs;
    private final Csat csat;
    private final NewRequests newRequests;

    public RequestService(RequestRepository requests, MessageRepository messages, CustomerKeys keys,
            PersonalDataCipher cipher, Outbox outbox, RequestConfig config, Clock clock, Teams teams, Handoffs handoffs,
            Csat csat, NewRequests newRequests) {
        this.newRequests = newRequests;
        this.csat = csat;
        this.teams = teams;
        this.handoffs = handoffs;
        this.clock = clock;
        this.requests = requests;
        this.messages = messages;
        this.keys = keys;
        this.cipher = cipher;
        this.outbox = outbox;
        this.config = config;
    }

    /**
     * Locks the channel thread until the caller's transaction ends (one message at a time per thread, so that two
     * first messages never open two requests) and reads its newest request, then {@code then} given its customer (or
     * null), with one statement. That customer is the profile whose conversation this is: a thread is the adapter's own
     * id (a web session, an app conversation), so it keeps a conversation together when the customer proved no
     * identifier.
     */
    public <T> Uni<ThreadHead.Locked<T>> lockThread(String channel, String thread, ReadAfter<T> then) {
        return requests.lockedHeadOfThread(channel, threadHash(cipher, channel, thread), then);
    }

    /** The keyed hash a channel thread is found by (the thread itself is stored sealed). */
    static byte[] threadHash(PersonalDataCipher cipher, String channel, String thread) {
        return cipher.keyedHash(channel + '\u0000' + thread);
    }

    /**
     * Reads what a new request of the team needs (its settings) before the caller's transaction holds a connection;
     * {@link #appendInbound} then finds it in memory.
     */
    public Uni<Void> prepareFor(String team) {
        return teams.cached(team).replaceWithVoid();
    }

    /**
     * What arrived on a channel thread locked by {@link #lockThread}, for a resolved customer. A chatbot's
     * conversation stays the bot's (BOT) until the arrival's handling hands it off: then it moves to the arrival's
     * team, whose deadlines count from now, and the bot is told. {@code newProfile}: the customer was created in this
     * transaction, so has no earlier requests to read.
     */
    public Uni<Appended> appendInbound(UUID customerId, boolean newProfile, ThreadHead head, Arrival arrival) {
        String channel = arrival.channel();
        Handling handling = arrival.handling();
        byte[] threadHash = threadHash(cipher, channel, arrival.thread());
        Instant now = clock.instant();
        return keys.load(List.of(customerId))
                // a new thread has no request; the thread's newest request is this customer's newest there too (read
                // with the lock, written with the messages that continue it); a thread another profile owns may still
                // hold older ones of this one
                .chain(() -> head.owner() == null ? Uni.createFrom().<Request> nullItem()
                        : customerId.equals(head.owner()) ? Uni.createFrom().item(head.latest())
                                : requests.latestOnThread(customerId, channel, threadHash))
                .chain(latest -> {
                    Short rating = latest == null ? null : csat.rating(latest, arrival.turns(), now);
                    if (rating != null) { // the answer to the survey: the request stays resolved
                        return requests.managed(latest).call(r -> csat.answered(r, rating, now))
                                .map(Threaded::existing);
                    }
                    if (latest != null && latest.joinedBy(handling, now, config.reopenPeriod())) {
                        return latest.status != RequestStatus.BOT || !handling.handsOff()
                                ? Uni.createFrom().item(Threaded.continued(latest))
                                : requests.managed(latest).call(r -> handoffs.byMessage(r, arrival.team(), handling,
                                        arrival.subject(), now)).map(Threaded::existing);
                    }
                    return open(customerId, newProfile, arrival, threadHash, now);
                })
                .chain(threaded -> addTurns(threaded, arrival, now)
                        .map(added -> new Appended(threaded.request().id, threaded.request().customerId,
                                threaded.newRequest(), added.isEmpty() ? null : added.get(added.size() - 1).id,
                                threaded.request().status, threaded.request().team)));
    }

    private Uni<Threaded> open(UUID customerId, boolean newProfile, Arrival arrival, byte[] threadHash, Instant now) {
        String channel = arrival.channel();
        String team = arrival.team();
        Handling handling = arrival.handling();
        Request request = new Request();
        request.id = Ids.next();
        request.customerId = customerId;
        request.originChannel = channel;
        request.originThreadHash = threadHash;
        request.originThreadEnc = cipher.seal(customerId, "thread", arrival.thread());
        request.status = handling == Handling.BOT ? RequestStatus.BOT : RequestStatus.NEW;
        request.handedOffAt = handling.handsOff() ? now : null;
        request.team = team;
        request.subjectEnc = cipher.seal(customerId, "subject", arrival.subject());
        request.categoryEnc = arrival.category() == null || arrival.category().isEmpty() ? null
                : cipher.seal(customerId, "category", arrival.category());
        request.createdAt = now;
        request.updatedAt = now;
        request.lastInboundAt = now;
        // a hand-off changes the request later in this transaction: it is persisted as an entity now, its journey read
        // first; any other new request is written with its messages, by a statement that reads it (addTurns)
        return teams.cached(team).invoke(request::due)
                .chain(() -> !handling.handsOff() ? Uni.createFrom().item(new Threaded(request, true, false, false))
                        : (newProfile ? Uni.createFrom().item(Journey.of(List.of(), channel, now))
                                : requests.journeyOf(customerId, channel, now))
                                .call(journey -> created(request, arrival, journey))
                                .chain(() -> requests.persist(request))
                                .call(r -> handoffs.handOff(r, RequestStatus.NEW, team, handling.actor(), null, now))
                                .map(r -> new Threaded(r, true, true, false)));
    }

    /** The new request recorded as created, with what the customer's earlier requests tell about it. */
    private Uni<OutboxEntry> created(Request request, Arrival arrival, Journey journey) {
        return outbox.event(new RequestCreated(request.id, request.customerId, arrival.channel(), arrival.team(),
                arrival.handling() == Handling.BOT, journey.firstUseOfChannel(), journey.channelsUsed(),
                journey.switchedFrom(), journey.repeatOf()));
    }

    private Uni<List<Message>> addTurns(Threaded threaded, Arrival arrival, Instant now) {
        Request request = threaded.request();
        String channel = arrival.channel();
        List<Turn> turns = arrival.turns();
        // only a chatbot's conversation repeats turns (a hand-off's transcript), and a new request has none yet to
        // repeat; a people's channel repeats a delivery only under its own id, which the intake's receipt answers
        boolean anyExternal = !threaded.newRequest() && arrival.handling() != Handling.PEOPLE
                && turns.stream().anyMatch(t -> t.externalId() != null);
        Uni<Set<String>> known = anyExternal
                ? messages.externalIds(request.id, channel).map(HashSet::new)
                : Uni.createFrom().item(Set.of());
        return known.chain(existing -> {
            List<Message> fresh = new ArrayList<>();
            for (Turn turn : turns) {
                if (turn.externalId() != null && existing.contains(turn.externalId())) {
                    continue; // a transcript turn already posted as its own message
                }
                fresh.add(message(request, channel, turn, now));
            }
            request.updatedAt = now;
            request.lastInboundAt = now;
            if (!threaded.written()) {
                return newRequests.insert(request, fresh).call(journey -> created(request, arrival, journey))
                        .chain(() -> received(request, channel, fresh));
            }
            if (fresh.isEmpty()) { // every turn stored before: a continued request's changes go as an entity's
                return (threaded.continued() ? requests.managed(request).invoke(r -> r.continuedAs(request))
                        : Uni.createFrom().item(request)).replaceWith(List.<Message> of());
            }
            return (threaded.continued() ? newRequests.continued(request, fresh) : messages.persist(fresh.stream()))
                    .chain(() -> received(request, channel, fresh));
        });
    }

    /** The messages just stored, each recorded as received in the outbox. */
    private Uni<List<Message>> received(Request request, String channel, List<Message> fresh) {
        return Multi.createFrom().iterable(fresh)
                .onItem().transformToUniAndConcatenate(m -> outbox.event(new MessageReceived(m.id, request.id,
                        request.customerId, channel, m.author.name(), m.occurredAt, request.team)))
                .collect().last()
                .replaceWith(fresh);
    }

    private Message message(Request request, String channel, Turn turn, Instant now) {
        Message m = new Message();
        m.id = Ids.next();
        m.requestId = request.id;
        m.direction = Message.Direction.INBOUND;
        m.channel = channel;
        m.author = turn.author();
        m.authorRef = turn.authorRef();
        m.bodyEnc = cipher.seal(request.customerId, "body", turn.text());
        m.externalId = turn.externalId();
        m.occurredAt = turn.occurredAt() == null ? now : turn.occurredAt();
        m.createdAt = now;
        m.attachmentsEnc = cipher.seal(request.customerId, "attachments", turn.attachmentsJson());
        return m;
    }

    /**
     * The request turns go to, whether it is new, whether it is written (or persisted in the session) already (a new
     * request that is not is written with its messages), and whether the turns only continue it (written with them).
     */
    private record Threaded(Request request, boolean newRequest, boolean written, boolean continued) {

        /** An existing request the transaction changes as an entity (a hand-off, a survey's answer). */
        static Threaded existing(Request request) {
            return new Threaded(request, false, true, false);
        }

        static Threaded continued(Request request) {
            return new Threaded(request, false, true, true);
        }
    }

    /**
     * The request the turns went to, its customer, whether it is new, the last message stored now (or null), the
     * request's status and its team.
     */
    public record Appended(UUID requestId, UUID customerId, boolean newRequest, UUID lastMessageId,
            RequestStatus status, String team) {
    }
}
