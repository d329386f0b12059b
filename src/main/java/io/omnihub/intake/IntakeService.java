package io.omnihub.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.channel.Channel;
import io.omnihub.channel.ChannelRegistry;
import io.omnihub.channel.ContactKind;
import io.omnihub.consent.ConsentEvent;
import io.omnihub.consent.ConsentLedger;
import io.omnihub.consent.ConsentService;
import io.omnihub.consent.CustomerChangedPolicy;
import io.omnihub.consent.PolicyCache;
import io.omnihub.customer.Identity;
import io.omnihub.customer.IdentityQuestion;
import io.omnihub.customer.IdentityService;
import io.omnihub.customer.crypto.PersonalDataCipher;
import io.omnihub.delivery.verification.CodeChecks;
import io.omnihub.platform.Conflicts;
import io.omnihub.platform.Outbox;
import io.omnihub.platform.ProblemException;
import io.omnihub.platform.Reactions;
import io.omnihub.request.Handling;
import io.omnihub.request.RequestService;
import io.smallrye.mutiny.Uni;

/**
 * Accepts one inbound envelope exactly once: the same (channel, external id) never creates a second message or
 * request, concurrent duplicates included. Identity resolution, threading, the messages, the idempotency receipt,
 * the outbox events and what a keyword asks (consent changes, an {@link ErasureAsked} and its reactions) are one
 * transaction.
 */
@ApplicationScoped
public class IntakeService {

    /** The channel whose conversations a one-time code may be typed into. */
    private static final String CHATBOT = "chatbot";

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(IntakeService.class);

    private final IdempotencyFastPath fastPath;
    private final IdentityService identities;
    private final RequestService requests;
    private final PersonalDataCipher cipher;
    private final Outbox outbox;
    private final ConsentLedger ledger;
    private final PolicyCache policies;
    private final ChannelRegistry registry;
    private final ConsentService consents;
    private final CodeChecks codes;
    private final Reactions reactions;
    private final InboundReceiptRepository receipts;

    public IntakeService(IdempotencyFastPath fastPath, IdentityService identities, RequestService requests,
            PersonalDataCipher cipher, Outbox outbox, ConsentLedger ledger, PolicyCache policies,
            ChannelRegistry registry, ConsentService consents, CodeChecks codes, Reactions reactions,
            InboundReceiptRepository receipts) {
        this.receipts = receipts;
        this.codes = codes;
        this.reactions = reactions;
        this.consents = consents;
        this.ledger = ledger;
        this.policies = policies;
        this.registry = registry;
        this.fastPath = fastPath;
        this.identities = identities;
        this.requests = requests;
        this.cipher = cipher;
        this.outbox = outbox;
    }

    public Uni<IntakeResult> accept(InboundEnvelope envelope) {
        byte[] contentHash = cipher.keyedHash(envelope.fingerprint());
        // Redis only remembers; for an id seen before, the database decides (duplicate, or 409 for other content)
        return fastPath.seenBefore(envelope.channel(), envelope.externalId()).chain(seen -> !seen
                ? transactional(envelope, contentHash)
                : receipt(envelope)
                        .chain(r -> r != null && r.complete() ? Uni.createFrom().item(r.duplicateOf(contentHash))
                                : transactional(envelope, contentHash)))
                .call(result -> result.duplicate() ? Uni.createFrom().voidItem() : verificationCode(envelope, result));
    }

    /**
     * A chatbot message that is a one-time code, while a verification of its conversation is pending, is consumed
     * (whether the bot or a human handles the conversation) and its text hidden. A wrong or late code is only
     * counted: the customer's message itself was accepted.
     */
    private Uni<Void> verificationCode(InboundEnvelope envelope, IntakeResult result) {
        if (!envelope.channel().equals(CHATBOT) || envelope.turns().size() != 1) {
            return Uni.createFrom().voidItem();
        }
        return codes.fromChat(result.requestId(), result.messageId(), envelope.turns().get(0).text())
                .onFailure().invoke(e -> LOG.warnf("A code typed in a chat was not checked: %s",
                        e.getClass().getSimpleName()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<IntakeResult> transactional(InboundEnvelope envelope, byte[] contentHash) {
        return requests.prepareFor(envelope.team())
                .chain(() -> once(envelope, contentHash, () -> process(envelope, contentHash),
                        duplicate -> new Accepted(duplicate, false, false)))
                .call(accepted -> !accepted.policyChanged() ? Uni.createFrom().voidItem()
                        : policyChangedByCustomer(accepted.result().customerId(), accepted.heldAtOnce()))
                .map(Accepted::result)
                .call(result -> result.duplicate() || !envelope.erasure() ? Uni.createFrom().voidItem()
                        : reactions.committed(erasureAsked(envelope, result)));
    }

    /** What one intake did, whether a known profile's consent changed, and whether by a keyword or a merge. */
    private record Accepted(IntakeResult result, boolean policyChanged, boolean heldAtOnce) {
    }

    /**
     * The work in one transaction, its outbox entries batched; run again when a concurrent writer won (a reply or a
     * merge on the request), or when two first messages of one new customer raced to create the same contact point.
     * The work ends by recording the receipt ({@link #receiptOf}); when another delivery of the id recorded it first,
     * the work is rolled back and the answer is that delivery's result as a duplicate, through {@code asDuplicate}.
     */
    private <T> Uni<T> once(InboundEnvelope envelope, byte[] contentHash, Supplier<Uni<T>> work,
            Function<IntakeResult, T> asDuplicate) {
        return Conflicts.retried(() -> outbox.transaction(work), Conflicts::uniqueViolation)
                .onFailure(InboundReceiptRepository.AlreadyReceived.class)
                .recoverWithUni(() -> receipt(envelope).map(r -> asDuplicate.apply(r.duplicateOf(contentHash))));
    }

    private Uni<Accepted> process(InboundEnvelope envelope, byte[] contentHash) {
        IdentityQuestion question = identities.question(envelope.identities());
        // the thread's lock, its newest request and the contacts the message's identifiers match: one statement
        return requests.lockThread(envelope.channel(), envelope.thread(), question.read())
                .chain(locked -> identities.resolve(envelope.channel(), question, locked.read(), envelope.name(),
                        locked.head().owner())
                        .chain(resolution -> requests.appendInbound(resolution.customerId(), resolution.created(),
                                locked.head(), envelope.arrival())
                                .chain(appended -> stored(envelope, contentHash, appended, resolution))));
    }

    /** With the messages stored: the consent they imply or a keyword changes, an erasure asked, the receipt. */
    private Uni<Accepted> stored(InboundEnvelope envelope, byte[] contentHash, RequestService.Appended appended,
            IdentityService.Resolution resolution) {
        var result = new IntakeResult(appended.requestId(), appended.customerId(), appended.lastMessageId(),
                appended.newRequest(), false, appended.status().name());
        // a merge reconciles consent onto the golden record; a profile created now has nothing cached, no reply held
        boolean merged = !resolution.mergedCustomerIds().isEmpty();
        // a profile created now has this one request: its team is every team that may know of its consent
        List<String> teams = resolution.created() && appended.team() != null ? List.of(appended.team()) : null;
        return impliedConsent(envelope, result, resolution.created(), teams, resolution.serviceDecided())
                .chain(implied -> keyword(envelope, result).map(keyword -> new Accepted(result,
                        !resolution.created() && (merged || implied || keyword), merged || keyword)))
                .call(() -> envelope.erasure() ? reactions.raise(erasureAsked(envelope, result))
                        : Uni.createFrom().voidItem())
                .call(() -> receiptOf(envelope, contentHash, result));
    }

    /**
     * Writing in on a channel, or giving a contact, implies consent to be answered there (SERVICE). Answers whether
     * consent changed. A profile created by this message whose consent it changes in no other way (no keyword) has it
     * written by the transaction's last statement; a known one has nothing written where it is {@code decided}, and
     * no statement runs when it is decided everywhere.
     */
    private Uni<Boolean> impliedConsent(InboundEnvelope envelope, IntakeResult result, boolean newProfile,
            List<String> teams, Set<String> decided) {
        // only where the contact is vouched or verified: a phone someone merely typed takes no consent for its owner
        Set<ContactKind> kinds = envelope.identities().stream().filter(Identity::trusted).map(Identity::kind)
                .collect(Collectors.toSet());
        List<String> channels = new ArrayList<>();
        channels.add(envelope.channel());
        registry.all().stream().filter(c -> c.outbound() && kinds.contains(c.contactKind())).map(Channel::id)
                .forEach(channels::add);
        channels.removeAll(decided);
        if (channels.isEmpty()) {
            return Uni.createFrom().item(false);
        }
        Map<String, Object> evidence = Map.of("messageId", String.valueOf(result.messageId()),
                "requestId", result.requestId().toString(), "externalId", envelope.externalId());
        return newProfile && envelope.keyword() == null
                ? ledger.implyServiceOnNewProfile(result.customerId(), teams, channels, envelope.channel(), evidence)
                        .replaceWith(true)
                : ledger.implyService(result.customerId(), newProfile, teams, channels, envelope.channel(), evidence);
    }

    /** A keyword message (SMS STOP or START) changes consent on its channel with the message, in one transaction. */
    private Uni<Boolean> keyword(InboundEnvelope envelope, IntakeResult result) {
        if (envelope.keyword() == null) {
            return Uni.createFrom().item(false);
        }
        return consents.recordChanged(ConsentKeywords.changes(result.customerId(), envelope.channel(),
                envelope.keyword(), Map.of("messageId", String.valueOf(result.messageId()), "keyword", true)));
    }

    /** The erasure an SMS ERASE asks for: the sender, vouched for by the carrier, is the envelope's one identity. */
    private static ErasureAsked erasureAsked(InboundEnvelope envelope, IntakeResult result) {
        return new ErasureAsked(result.customerId(), result.messageId(), envelope.identities().get(0),
                envelope.channel());
    }

    /**
     * A consent command that is not a message (a bot's stop or start for its user): applied once per event id, in
     * one transaction with its receipt, so a redelivery is answered as the duplicate it is and changes nothing.
     */
    public Uni<IntakeResult> command(String channel, String eventId, String fingerprint, Identity user,
            ConsentEvent.Action action, Map<String, Object> evidence) {
        byte[] contentHash = cipher.keyedHash(fingerprint);
        InboundEnvelope key = new InboundEnvelope(channel, eventId, null, List.of(user), null, null, null, List.of(),
                fingerprint, null, action, false, Handling.PEOPLE);
        return once(key, contentHash, () -> identities.find(user)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Bot user"))
                .call(customer -> consents.recordChanged(ConsentKeywords.changes(customer, channel, action, evidence)))
                .map(customer -> new IntakeResult(null, customer, null, false, false, null))
                .call(result -> receiptOf(key, contentHash, result)), duplicate -> duplicate)
                .call(result -> result.duplicate() ? Uni.createFrom().voidItem()
                        : policyChangedByCustomer(result.customerId(), true));
    }

    /**
     * After the customer's own consent change commits, caches forget the policy; after a command or a merge, held
     * replies may go at once (after writing in, delivery's sweep sends them: 0.26 statements an intake saved).
     */
    private Uni<Void> policyChangedByCustomer(UUID customerId, boolean heldAtOnce) {
        return policies.invalidate(customerId).chain(() -> heldAtOnce
                ? reactions.committed(new CustomerChangedPolicy(customerId))
                : Uni.createFrom().voidItem());
    }

    /** The receipt of the work's result, its last statement ({@link InboundReceiptRepository#record}). */
    private Uni<Void> receiptOf(InboundEnvelope envelope, byte[] contentHash, IntakeResult result) {
        return receipts.record(envelope.channel(), envelope.externalId(), contentHash, result);
    }

    private Uni<InboundReceipt> receipt(InboundEnvelope envelope) {
        return receipts.of(envelope.channel(), envelope.externalId());
    }
}
