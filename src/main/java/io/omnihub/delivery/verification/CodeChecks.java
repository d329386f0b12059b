package io.omnihub.delivery.verification;

import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.consent.ConsentLedger;
import io.omnihub.consent.PolicyCache;
import io.omnihub.customer.ContactTrust;
import io.omnihub.customer.crypto.CustomerKeys;
import io.omnihub.customer.crypto.PersonalDataCipher;
import io.omnihub.delivery.DeliveryEvents.VerificationCompleted;
import io.omnihub.platform.Outbox;
import io.omnihub.platform.ProblemException;
import io.omnihub.request.MessageRepository;
import io.omnihub.request.RequestRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * A verification code given back ({@link Verifications} sent it): through an adapter of the conversation's channel,
 * or typed into the chat. Five tries; the right code verifies the contact, implies SERVICE consent on its channel and
 * is used up; a code typed into the chat is hidden from the transcript whatever its outcome.
 */
@ApplicationScoped
public class CodeChecks {

    static final int MAX_TRIES = 5;
    private static final String REDACTED = "[verification code]";

    private final Verifications verifications;
    private final PersonalDataCipher cipher;
    private final CustomerKeys keys;
    private final ContactTrust trust;
    private final ConsentLedger ledger;
    private final PolicyCache policies;
    private final Outbox outbox;
    private final RequestRepository requests;
    private final MessageRepository messages;
    private final VerificationRepository rows;
    private final Clock clock;

    public CodeChecks(Verifications verifications, PersonalDataCipher cipher, CustomerKeys keys, ContactTrust trust,
            ConsentLedger ledger, PolicyCache policies, Outbox outbox, RequestRepository requests, MessageRepository messages,
            VerificationRepository rows, Clock clock) {
        this.rows = rows;
        this.verifications = verifications;
        this.requests = requests;
        this.messages = messages;
        this.cipher = cipher;
        this.keys = keys;
        this.trust = trust;
        this.ledger = ledger;
        this.policies = policies;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** The outcome of a code: VERIFIED, or PENDING with tries left, or FAILED (no tries left). */
    public record Checked(UUID verificationId, String status, UUID customerId, int triesLeft) {
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
        return rows.pendingOfRequest(requestId)
                .chain(id -> id == null ? Uni.createFrom().nullItem()
                        : attempt(id, "chatbot", text.strip(), "customer", messageId));
    }

    /**
     * One try of a code, in one transaction that commits whatever it recorded (a try counted, an expiry, the chat
     * message hidden): the outcome is answered, never thrown, so a refusal does not roll the record back.
     */
    private Uni<Checked> attempt(UUID id, String channel, String code, String actor, UUID redact) {
        return Panache.withTransaction(() -> rows.locked(id)
                .chain(row -> row == null ? Uni.createFrom().<Locked> nullItem()
                        : requests.originChannel(row.requestId()).map(origin -> new Locked(row, origin)))
                .chain(locked -> {
                    VerificationRepository.Locked row = locked == null ? null : locked.row();
                    String requestedBy = row == null ? null : row.requestedBy();
                    boolean otherAdapter = redact == null && requestedBy != null && requestedBy.startsWith("adapter:")
                            && !requestedBy.equals(actor);
                    if (row == null || !channel.equals(locked.originChannel()) || otherAdapter) {
                        return Uni.createFrom().failure(ProblemException.notFound("Verification"));
                    }
                    UUID customer = row.customerId();
                    Uni<Void> redacted = redact == null ? Uni.createFrom().voidItem() : redact(redact, customer);
                    int tries = row.attempts();
                    if (!"PENDING".equals(row.status())) {
                        return redacted.replaceWith(new Checked(id, "CLOSED", customer, 0));
                    }
                    if (row.expiresAt().isBefore(clock.instant())) {
                        return redacted.chain(() -> rows.close(id, "EXPIRED", clock.instant()))
                                .replaceWith(new Checked(id, "EXPIRED", customer, 0));
                    }
                    int tried = tries + 1;
                    if (!MessageDigest.isEqual(verifications.code(id).getBytes(), code.getBytes())) {
                        String status = tried >= MAX_TRIES ? "FAILED" : "PENDING";
                        return redacted.chain(() -> rows.tried(id, tried, status,
                                status.equals("FAILED") ? clock.instant() : null))
                                .replaceWith(new Checked(id, status, customer, MAX_TRIES - tried));
                    }
                    return redacted.chain(() -> rows.close(id, "VERIFIED", clock.instant()))
                            .chain(() -> trust.verified(row.contactPointId(), actor))
                            .call(proven -> ledger.implyService(proven.customerId(), false, null, List.of(proven.kind()
                                    .equals("phone") ? "sms" : "email"), locked.originChannel(),
                                    Map.of("verificationId", id.toString())))
                            .call(proven -> outbox.event(new VerificationCompleted(id, proven.customerId(),
                                    proven.kind())))
                            .map(proven -> new Checked(id, "VERIFIED", proven.customerId(), MAX_TRIES - tried));
                }))
                .call(checked -> "VERIFIED".equals(checked.status()) ? policies.invalidate(checked.customerId())
                        : Uni.createFrom().voidItem())
                .invoke(outbox::wakeRelay);
    }

    private Uni<Void> redact(UUID messageId, UUID customer) {
        return keys.load(List.of(customer))
                .chain(() -> messages.reseal(messageId, cipher.seal(customer, "body", REDACTED)));
    }

    /** A verification's row, locked, and the channel its request came in on. */
    private record Locked(VerificationRepository.Locked row, String originChannel) {
    }
}
