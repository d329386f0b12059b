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
import io.omnihub.customer.ContactFacts;
import io.omnihub.customer.ContactPointRepository;
import io.omnihub.customer.crypto.CustomerKeys;
import io.omnihub.customer.crypto.PersonalDataCipher;
import io.omnihub.delivery.CodeAddresses;
import io.omnihub.delivery.DeliveryEvents.VerificationStarted;
import io.omnihub.delivery.DirectReplies;
import io.omnihub.platform.Ids;
import io.omnihub.platform.Json;
import io.omnihub.platform.Outbox;
import io.omnihub.platform.ProblemException;
import io.omnihub.request.RequestFacts;
import io.omnihub.request.RequestRepository;
import io.omnihub.routing.Purpose;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.runtime.annotations.RegisterForReflection;
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
    private final RequestRepository requests;
    private final VerificationRepository rows;
    private final ContactPointRepository contacts;

    public Verifications(PersonalDataCipher cipher, CustomerKeys keys, ConsentLedger ledger, Outbox outbox, Json json,
            Clock clock, DirectReplies direct, RequestRepository requests, ContactPointRepository contacts,
            VerificationRepository rows) {
        this.rows = rows;
        this.requests = requests;
        this.contacts = contacts;
        this.direct = direct;
        this.cipher = cipher;
        this.keys = keys;
        this.ledger = ledger;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    /** A verification under way: which kind of contact, where the code went, until when. */
    @RegisterForReflection
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
        return rows.exported(customerIds).map(json::tree);
    }

    /**
     * Sends a code to a contact of the customer, to be given back in the conversation {@code requestId}, where the
     * claim was made. An earlier code of that conversation is cancelled.
     */
    public Uni<Started> start(UUID customerId, UUID contactPointId, UUID requestId, String actor) {
        return Panache.withTransaction(() -> requests.facts(requestId)
                .chain(r -> contacts.facts(contactPointId).map(cp -> check(customerId, r, cp)))
                .chain(ok -> underLimits(ok.contact()).replaceWith(ok))
                .chain(ok -> send(ok.request(), ok.contact(), actor)))
                .invoke(outbox::wakeRelay);
    }

    private record Target(RequestFacts request, ContactFacts contact) {
    }

    private Target check(UUID customerId, RequestFacts r, ContactFacts cp) {
        if (r == null || !r.customerId().equals(customerId)) {
            throw ProblemException.notFound("Request");
        }
        if (cp == null || !cp.customerId().equals(customerId)) {
            throw ProblemException.notFound("Contact point");
        }
        if (cp.kind() != ContactKind.PHONE && cp.kind() != ContactKind.EMAIL) {
            throw ProblemException.invalidField("contact", "only a phone or an e-mail address can be verified by code");
        }
        if (!cp.active()) {
            throw ProblemException.conflict("contact-not-active", "This contact was retired or is unreachable");
        }
        if (!List.of("chatbot", "web", "app").contains(r.originChannel())) {
            throw ProblemException.invalidField("requestId", "the code is given back where the claim was made:"
                    + " a chatbot, web or app conversation");
        }
        return new Target(r, cp);
    }

    private Uni<Void> underLimits(ContactFacts cp) {
        Instant now = clock.instant();
        return rows.sentTo(cp.valueHash(), now.minus(Duration.ofHours(1)), now.minus(Duration.ofDays(1)))
                .map(sent -> {
                    if (sent.lastHour() >= PER_HOUR || sent.lastDay() >= PER_DAY) {
                        throw new ProblemException(429, "verification-limit", "This contact received as many codes as"
                                + " allowed (" + PER_HOUR + " an hour, " + PER_DAY + " a day)").retryAfter(3600);
                    }
                    return null;
                });
    }

    private Uni<Started> send(RequestFacts r, ContactFacts cp, String actor) {
        UUID id = Ids.next();
        Instant now = clock.instant();
        String channel = cp.kind() == ContactKind.PHONE ? "sms" : "email";
        return rows.cancelPending(r.id(), now)
                // never routed: a code goes on its contact's channel, now, and nowhere else
                .chain(() -> direct.code(r, cp.id(), channel, actor, TEXT, now))
                .chain(messageId -> rows.insert(new VerificationRepository.Started(id, r.customerId(), cp.id(),
                        cp.valueHash(), channel, r.id(), messageId, actor, now, now.plus(LIFETIME))))
                // the customer asked for this one code: recorded in the ledger as its own purpose
                .chain(() -> ledger.record(new ConsentChange(r.customerId(), channel, Purpose.VERIFICATION,
                        ConsentEvent.Action.GRANTED, "verification-code", r.originChannel(), actor,
                        Map.of("verificationId", id.toString()))))
                .chain(() -> outbox.event(new VerificationStarted(id, r.customerId(), r.id(), cp.kind().wireName(), channel)))
                .replaceWith(new Started(id, cp.kind().wireName(), channel, now.plus(LIFETIME)));
    }

    /**
     * The address and text of a verification message, just before it is published; null when the verification is
     * no longer pending or its contact no longer usable. Runs in the relay's transaction.
     */
    @Override
    public Uni<Address> address(UUID messageId, UUID contactPointId, byte[] sealedText, RequestFacts r) {
        return rows.pendingOfMessage(messageId, clock.instant())
                .chain(id -> id == null || contactPointId == null ? Uni.createFrom().<Address> nullItem()
                        : contacts.facts(contactPointId).chain(cp -> cp == null || !cp.active()
                                || !cp.customerId().equals(r.customerId())
                                        ? Uni.createFrom().<Address> nullItem()
                                        : keys.loadFor(List.of(cp.valueEnc(), sealedText)).map(ignored -> new Address(
                                                cp.kind().wireName(), cipher.open("contact", cp.valueEnc()),
                                                cipher.open("body", sealedText).replace("{code}", code(id))))));
    }
}
