package io.omnihub.delivery;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.channel.ContactKind;
import io.omnihub.consent.ConsentChange;
import io.omnihub.consent.ConsentEvent;
import io.omnihub.consent.ConsentLedger;
import io.omnihub.consent.PolicyCache;
import io.omnihub.customer.ContactPoint;
import io.omnihub.customer.ContactTrust;
import io.omnihub.customer.CustomerKeys;
import io.omnihub.customer.PersonalDataCipher;
import io.omnihub.platform.Ids;
import io.omnihub.platform.Json;
import io.omnihub.platform.Outbox;
import io.omnihub.platform.ProblemException;
import io.omnihub.request.Message;
import io.omnihub.request.Request;
import io.omnihub.routing.Decision;
import io.omnihub.routing.Purpose;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Verification of a claimed phone or e-mail by a one-time code sent to it: by SMS to the phone, by e-mail to the
 * address, never to the channel where the claim was made and never by fallback. The customer gives the code back in
 * that conversation (typed into the chatbot, or through the web or app adapter). A code lives ten minutes, is used
 * once and allows five tries; each contact gets at most three codes an hour and ten a day, so the feature cannot be
 * used to spam a stranger. The code is never stored: it is derived from the verification's id with the lookup key.
 */
@ApplicationScoped
public class Verifications {

    static final Duration LIFETIME = Duration.ofMinutes(10);
    static final int MAX_TRIES = 5;
    static final int PER_HOUR = 3;
    static final int PER_DAY = 10;
    static final String TEXT = "Your verification code is {code}. It expires in 10 minutes."
            + " If you did not ask for it, ignore this message.";
    private static final String REDACTED = "[verification code]";

    private final PersonalDataCipher cipher;
    private final CustomerKeys keys;
    private final ContactTrust trust;
    private final ConsentLedger ledger;
    private final PolicyCache policies;
    private final Outbox outbox;
    private final Json json;
    private final Clock clock;

    public Verifications(PersonalDataCipher cipher, CustomerKeys keys, ContactTrust trust, ConsentLedger ledger,
            PolicyCache policies, Outbox outbox, Json json, Clock clock) {
        this.cipher = cipher;
        this.keys = keys;
        this.trust = trust;
        this.ledger = ledger;
        this.policies = policies;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    /** A verification under way: which kind of contact, where the code went, until when. */
    public record Started(UUID verificationId, String kind, String sentOn, Instant expiresAt) {
    }

    /** The outcome of a code: VERIFIED, or PENDING with tries left, or FAILED (no tries left). */
    public record Checked(UUID verificationId, String status, UUID customerId, int triesLeft) {
    }

    /** Where a verification code goes, and its text. */
    record Address(String kind, String value, String text) {
    }

    /** The code of a verification: six digits from a keyed PRF of its id; only Omnihub can compute it. */
    String code(UUID verificationId) {
        byte[] prf = cipher.keyedHash("verification-code|" + verificationId);
        return String.format("%06d", Integer.toUnsignedLong(ByteBuffer.wrap(prf).getInt()) % 1_000_000);
    }

    /**
     * Sends a code to a contact of the customer, to be given back in the conversation {@code requestId}, where the
     * claim was made. An earlier code of that conversation is cancelled.
     */
    public Uni<Started> start(UUID customerId, UUID contactPointId, UUID requestId, String actor) {
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s.find(Request.class, requestId)
                .chain(r -> s.find(ContactPoint.class, contactPointId).map(cp -> check(customerId, r, cp)))
                .chain(ok -> underLimits(ok.contact()).replaceWith(ok))
                .chain(ok -> send(ok.request(), ok.contact(), actor))))
                .invoke(outbox::wakeRelay);
    }

    private record Target(Request request, ContactPoint contact) {
    }

    private Target check(UUID customerId, Request r, ContactPoint cp) {
        if (r == null || !r.customerId.equals(customerId)) {
            throw ProblemException.notFound("Request");
        }
        if (cp == null || !cp.customerId.equals(customerId)) {
            throw ProblemException.notFound("Contact point");
        }
        if (cp.kind != ContactKind.PHONE && cp.kind != ContactKind.EMAIL) {
            throw ProblemException.invalidField("contact", "only a phone or an e-mail address can be verified by code");
        }
        if (cp.state != ContactPoint.State.ACTIVE) {
            throw ProblemException.conflict("contact-not-active", "This contact was retired or is unreachable");
        }
        if (!List.of("chatbot", "web", "app").contains(r.originChannel)) {
            throw ProblemException.invalidField("requestId", "the code is given back where the claim was made:"
                    + " a chatbot, web or app conversation");
        }
        return new Target(r, cp);
    }

    private Uni<Void> underLimits(ContactPoint cp) {
        Instant now = clock.instant();
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT count(*) FILTER (WHERE created_at > ?2),"
                + " count(*) FROM verification WHERE target_hash = ?1 AND created_at > ?3", Object[].class)
                .setParameter(1, cp.valueHash).setParameter(2, now.minus(Duration.ofHours(1)))
                .setParameter(3, now.minus(Duration.ofDays(1))).getSingleResult())
                .map(counts -> {
                    if (((Number) counts[0]).longValue() >= PER_HOUR || ((Number) counts[1]).longValue() >= PER_DAY) {
                        throw new ProblemException(429, "verification-limit", "This contact received as many codes as"
                                + " allowed (" + PER_HOUR + " an hour, " + PER_DAY + " a day)").retryAfter(3600);
                    }
                    return null;
                });
    }

    private Uni<Started> send(Request r, ContactPoint cp, String actor) {
        UUID id = Ids.next();
        Instant now = clock.instant();
        String channel = cp.kind == ContactKind.PHONE ? "sms" : "email";
        Message m = new Message();
        m.id = Ids.next();
        m.requestId = r.id;
        m.direction = Message.Direction.OUTBOUND;
        m.channel = channel;
        m.author = Message.Author.SYSTEM;
        m.authorRef = actor;
        m.occurredAt = now;
        m.createdAt = now;
        m.purpose = Purpose.VERIFICATION.name();
        m.sendAt = now;
        m.deliveryStatus = ReplyStatus.PENDING.name();
        m.contactPointId = cp.id;
        m.routingDecision = json.write(new Decision(Decision.Outcome.ROUTED, channel, now, List.of(
                new Decision.Candidate(channel, "VERIFICATION", true, List.of())), 0, now));
        return keys.load(List.of(r.customerId))
                .invoke(() -> m.bodyEnc = cipher.seal(r.customerId, "body", TEXT))
                .chain(() -> Panache.getSession())
                .chain(s -> s.createNativeQuery("UPDATE verification SET status = 'CANCELLED', completed_at = ?2"
                        + " WHERE request_id = ?1 AND status = 'PENDING'").setParameter(1, r.id).setParameter(2, now)
                        .executeUpdate()
                        .chain(() -> s.persist(m))
                        .chain(() -> s.createNativeQuery("INSERT INTO verification (id, customer_id, contact_point_id,"
                                + " target_hash, channel, request_id, message_id, status, requested_by, created_at,"
                                + " expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'PENDING', ?8, ?9, ?10)")
                                .setParameter(1, id).setParameter(2, r.customerId).setParameter(3, cp.id)
                                .setParameter(4, cp.valueHash).setParameter(5, channel).setParameter(6, r.id)
                                .setParameter(7, m.id).setParameter(8, actor).setParameter(9, now)
                                .setParameter(10, now.plus(LIFETIME)).executeUpdate()))
                // the customer asked for this one code: recorded in the ledger as its own purpose
                .chain(() -> ledger.record(new ConsentChange(r.customerId, channel, Purpose.VERIFICATION,
                        ConsentEvent.Action.GRANTED, "verification-code", r.originChannel, actor,
                        Map.of("verificationId", id.toString()))))
                .chain(() -> outbox.record(ReplyService.REPLIES_TOPIC + channel, r.id.toString(), "reply", "message",
                        m.id, Map.of("messageId", m.id.toString()), now))
                .chain(() -> outbox.event("verification.started", "customer", r.customerId, Map.of(
                        "verificationId", id.toString(), "customerId", r.customerId.toString(),
                        "requestId", r.id.toString(), "kind", cp.kind.wireName(), "channel", channel)))
                .replaceWith(new Started(id, cp.kind.wireName(), channel, now.plus(LIFETIME)));
    }

    /**
     * The address and text of a verification message, just before it is published; null when the verification is
     * no longer pending or its contact no longer usable. Runs in the relay's transaction.
     */
    Uni<Address> assemble(Message m, Request r) {
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT id FROM verification WHERE message_id = ?1"
                + " AND status = 'PENDING' AND expires_at > ?2", UUID.class).setParameter(1, m.id)
                .setParameter(2, clock.instant()).getSingleResultOrNull()
                .chain(id -> id == null || m.contactPointId == null ? Uni.createFrom().<Address> nullItem()
                        : s.find(ContactPoint.class, m.contactPointId).chain(cp -> cp == null
                                || cp.state != ContactPoint.State.ACTIVE || !cp.customerId.equals(r.customerId)
                                        ? Uni.createFrom().<Address> nullItem()
                                        : keys.loadFor(List.of(cp.valueEnc, m.bodyEnc)).map(ignored -> new Address(
                                                cp.kind.wireName(), cipher.open("contact", cp.valueEnc),
                                                cipher.open("body", m.bodyEnc).replace("{code}", code(id)))))));
    }

    /**
     * A code given back through an adapter of the conversation's channel (the adapter that asked for the
     * verification, when an adapter did): 200 verified, 422 wrong, 410 expired, 409 closed.
     */
    public Uni<Checked> check(UUID verificationId, String code, String callerChannel, String actor) {
        return attempt(verificationId, callerChannel, code, actor, null).map(checked -> switch (checked.status()) {
            case "VERIFIED" -> checked;
            case "EXPIRED" -> throw new ProblemException(410, "code-expired", "The code expired; ask for a new one");
            case "CLOSED" -> throw ProblemException.conflict("verification-closed",
                    "This verification is closed: used, expired, failed or replaced");
            default -> throw new ProblemException(422, "wrong-code", "The code does not match; tries left: "
                    + checked.triesLeft());
        });
    }

    /**
     * A chatbot message that is a code, while a verification of its conversation is pending: consumed (whoever
     * handles the conversation), and its text replaced, so the code is never shown. Answers null for any other
     * message.
     */
    public Uni<Checked> fromChat(UUID requestId, UUID messageId, String text) {
        if (requestId == null || text == null || !text.strip().matches("[0-9]{6}")) {
            return Uni.createFrom().nullItem();
        }
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "SELECT id FROM verification WHERE request_id = ?1 AND status = 'PENDING'", UUID.class)
                .setParameter(1, requestId).getSingleResultOrNull()))
                .chain(id -> id == null ? Uni.createFrom().nullItem()
                        : attempt(id, "chatbot", text.strip(), "customer", messageId));
    }

    /**
     * One try of a code, in one transaction that commits whatever it recorded (a try counted, an expiry, the chat
     * message hidden): the outcome is answered, never thrown, so a refusal does not roll the record back.
     */
    private Uni<Checked> attempt(UUID id, String channel, String code, String actor, UUID redact) {
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "SELECT v.customer_id, v.contact_point_id, v.status, v.attempts, v.expires_at, r.origin_channel,"
                        + " v.request_id, v.requested_by FROM verification v JOIN request r ON r.id = v.request_id"
                        + " WHERE v.id = ?1 FOR UPDATE OF v",
                Object[].class).setParameter(1, id).getSingleResultOrNull()
                .chain(row -> {
                    String requestedBy = row == null ? null : (String) row[7];
                    boolean otherAdapter = redact == null && requestedBy != null && requestedBy.startsWith("adapter:")
                            && !requestedBy.equals(actor);
                    if (row == null || !channel.equals(row[5]) || otherAdapter) {
                        return Uni.createFrom().failure(ProblemException.notFound("Verification"));
                    }
                    UUID customer = (UUID) row[0];
                    Uni<Void> redacted = redact == null ? Uni.createFrom().voidItem() : redact(s, redact, customer);
                    int tries = ((Number) row[3]).intValue();
                    if (!"PENDING".equals(row[2])) {
                        return redacted.replaceWith(new Checked(id, "CLOSED", customer, 0));
                    }
                    if (instant(row[4]).isBefore(clock.instant())) {
                        return redacted.chain(() -> close(s, id, "EXPIRED"))
                                .replaceWith(new Checked(id, "EXPIRED", customer, 0));
                    }
                    int tried = tries + 1;
                    if (!MessageDigest.isEqual(code(id).getBytes(), code.getBytes())) {
                        String status = tried >= MAX_TRIES ? "FAILED" : "PENDING";
                        return redacted.chain(() -> s.createNativeQuery("UPDATE verification SET attempts = ?2,"
                                + " status = ?3, completed_at = ?4 WHERE id = ?1")
                                .setParameter(1, id).setParameter(2, tried).setParameter(3, status)
                                .setParameter(4, status.equals("FAILED") ? clock.instant() : null).executeUpdate())
                                .replaceWith(new Checked(id, status, customer, MAX_TRIES - tried));
                    }
                    return redacted.chain(() -> close(s, id, "VERIFIED"))
                            .chain(() -> trust.verified((UUID) row[1], actor))
                            .call(proven -> ledger.implyService(proven.customerId(), List.of(proven.kind()
                                    .equals("phone") ? "sms" : "email"), (String) row[5],
                                    Map.of("verificationId", id.toString())))
                            .call(proven -> outbox.event("verification.completed", "customer", proven.customerId(),
                                    Map.of("verificationId", id.toString(), "customerId",
                                            proven.customerId().toString(), "kind", proven.kind())))
                            .map(proven -> new Checked(id, "VERIFIED", proven.customerId(), MAX_TRIES - tried));
                })))
                .call(checked -> "VERIFIED".equals(checked.status()) ? policies.invalidate(checked.customerId())
                        : Uni.createFrom().voidItem())
                .invoke(outbox::wakeRelay);
    }

    private Uni<Void> close(org.hibernate.reactive.mutiny.Mutiny.Session s, UUID id, String status) {
        return s.createNativeQuery("UPDATE verification SET status = ?2, completed_at = ?3 WHERE id = ?1")
                .setParameter(1, id).setParameter(2, status).setParameter(3, clock.instant()).executeUpdate()
                .replaceWithVoid();
    }

    private Uni<Void> redact(org.hibernate.reactive.mutiny.Mutiny.Session s, UUID messageId, UUID customer) {
        return s.find(Message.class, messageId).chain(m -> m == null ? Uni.createFrom().voidItem()
                : keys.load(List.of(customer)).invoke(() -> m.bodyEnc = cipher.seal(customer, "body", REDACTED))
                        .replaceWithVoid());
    }

    private static Instant instant(Object value) {
        return value instanceof java.time.OffsetDateTime t ? t.toInstant() : (Instant) value;
    }
}
