package io.omnihub.delivery.verification;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.omnihub.channel.ContactKind;
import io.omnihub.consent.ConsentChange;
import io.omnihub.consent.ConsentEvent;
import io.omnihub.consent.ConsentLedger;
import io.omnihub.customer.ContactPoint;
import io.omnihub.customer.crypto.CustomerKeys;
import io.omnihub.customer.crypto.PersonalDataCipher;
import io.omnihub.delivery.CodeAddresses;
import io.omnihub.delivery.DeliveryEvents.VerificationStarted;
import io.omnihub.delivery.DirectReplies;
import io.omnihub.platform.Ids;
import io.omnihub.platform.Json;
import io.omnihub.platform.Outbox;
import io.omnihub.platform.ProblemException;
import io.omnihub.request.Request;
import io.omnihub.routing.Purpose;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Verification of a claimed phone or e-mail by a one-time code sent to it: by SMS to the phone, by e-mail to the
 * address, never to the channel where the claim was made and never by fallback. The customer gives the code back in
 * that conversation (typed into the chatbot, or through the web or app adapter). A code lives ten minutes, is used
 * once and allows five tries; each contact gets at most three codes an hour and ten a day, so the feature cannot be
 * used to spam a stranger. The code is never stored: it is derived from the verification's id with the lookup key.
 * Codes given back are checked by {@link CodeChecks}.
 */
@ApplicationScoped
public class Verifications implements CodeAddresses {

    static final Duration LIFETIME = Duration.ofMinutes(10);
    static final int PER_HOUR = 3;
    static final int PER_DAY = 10;
    static final String TEXT = "Your verification code is {code}. It expires in 10 minutes."
            + " If you did not ask for it, ignore this message.";

    private final DirectReplies direct;
    private final PersonalDataCipher cipher;
    private final CustomerKeys keys;
    private final ConsentLedger ledger;
    private final Outbox outbox;
    private final Json json;
    private final Clock clock;

    public Verifications(PersonalDataCipher cipher, CustomerKeys keys, ConsentLedger ledger, Outbox outbox, Json json,
            Clock clock, DirectReplies direct) {
        this.direct = direct;
        this.cipher = cipher;
        this.keys = keys;
        this.ledger = ledger;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    /** A verification under way: which kind of contact, where the code went, until when. */
    public record Started(UUID verificationId, String kind, String sentOn, Instant expiresAt) {
    }

    /** The code of a verification: six digits from a keyed PRF of its id; only Omnihub can compute it. */
    String code(UUID verificationId) {
        byte[] prf = cipher.keyedHash("verification-code|" + verificationId);
        return String.format("%06d", Integer.toUnsignedLong(ByteBuffer.wrap(prf).getInt()) % 1_000_000);
    }

    /**
     * The verifications of these customers (a profile and those merged into it), oldest first, as a privacy export
     * shows them: which contact, by which channel, how it ended and when. The code is never stored, so never shown.
     */
    @WithSession
    public Uni<JsonNode> of(List<UUID> customerIds) {
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT coalesce("
                + "json_agg(json_build_object('id', id, 'contactPointId', contact_point_id, 'channel', channel,"
                + " 'status', status, 'attempts', attempts, 'requestId', request_id, 'requestedBy', requested_by,"
                + " 'createdAt', created_at, 'expiresAt', expires_at, 'completedAt', completed_at)"
                + " ORDER BY created_at), '[]')::text FROM verification WHERE customer_id IN (?1)", String.class)
                .setParameter(1, customerIds).getSingleResult())
                .map(json::tree);
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
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("UPDATE verification SET status = 'CANCELLED', completed_at = ?2"
                        + " WHERE request_id = ?1 AND status = 'PENDING'").setParameter(1, r.id).setParameter(2, now)
                        .executeUpdate()
                        // never routed: a code goes on its contact's channel, now, and nowhere else
                        .chain(() -> direct.code(r, cp.id, channel, actor, TEXT, now))
                        .chain(messageId -> s.createNativeQuery("INSERT INTO verification (id, customer_id,"
                                + " contact_point_id, target_hash, channel, request_id, message_id, status, requested_by,"
                                + " created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'PENDING', ?8, ?9, ?10)")
                                .setParameter(1, id).setParameter(2, r.customerId).setParameter(3, cp.id)
                                .setParameter(4, cp.valueHash).setParameter(5, channel).setParameter(6, r.id)
                                .setParameter(7, messageId).setParameter(8, actor).setParameter(9, now)
                                .setParameter(10, now.plus(LIFETIME)).executeUpdate()))
                // the customer asked for this one code: recorded in the ledger as its own purpose
                .chain(() -> ledger.record(new ConsentChange(r.customerId, channel, Purpose.VERIFICATION,
                        ConsentEvent.Action.GRANTED, "verification-code", r.originChannel, actor,
                        Map.of("verificationId", id.toString()))))
                .chain(() -> outbox.event(new VerificationStarted(id, r.customerId, r.id, cp.kind.wireName(), channel)))
                .replaceWith(new Started(id, cp.kind.wireName(), channel, now.plus(LIFETIME)));
    }

    /**
     * The address and text of a verification message, just before it is published; null when the verification is
     * no longer pending or its contact no longer usable. Runs in the relay's transaction.
     */
    @Override
    public Uni<Address> address(UUID messageId, UUID contactPointId, byte[] sealedText, Request r) {
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT id FROM verification WHERE message_id = ?1"
                + " AND status = 'PENDING' AND expires_at > ?2", UUID.class).setParameter(1, messageId)
                .setParameter(2, clock.instant()).getSingleResultOrNull()
                .chain(id -> id == null || contactPointId == null ? Uni.createFrom().<Address> nullItem()
                        : s.find(ContactPoint.class, contactPointId).chain(cp -> cp == null
                                || cp.state != ContactPoint.State.ACTIVE || !cp.customerId.equals(r.customerId)
                                        ? Uni.createFrom().<Address> nullItem()
                                        : keys.loadFor(List.of(cp.valueEnc, sealedText)).map(ignored -> new Address(
                                                cp.kind.wireName(), cipher.open("contact", cp.valueEnc),
                                                cipher.open("body", sealedText).replace("{code}", code(id)))))));
    }
}
