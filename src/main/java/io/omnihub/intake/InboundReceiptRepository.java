package io.omnihub.intake;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.platform.Outbox;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** The receipts of inbound messages, by channel and the channel's own id: what makes intake idempotent. */
@ApplicationScoped
@WithSession
class InboundReceiptRepository implements PanacheRepositoryBase<InboundReceipt, InboundReceipt.Key> {

    private final Outbox outbox;

    InboundReceiptRepository(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * Records the receipt of a message accepted in the caller's transaction, with what it became, in one statement,
     * the last of the work: it writes the outbox entries of the work's batch too, and the writes the batch carries (a
     * new profile's implied consent), through {@link Outbox#updateWithHeld}.
     * Fails with {@link AlreadyReceived} if a receipt was there already (another delivery of the id, whose
     * transaction this insert waited for when it was still under way): the caller's work is rolled back, entries and
     * carried writes included, and the duplicate answered from that receipt.
     */
    Uni<Void> record(String channel, String externalId, byte[] contentHash, IntakeResult result) {
        return outbox.updateWithHeld("INSERT INTO inbound_receipt (channel, external_id, content_hash, customer_id,"
                + " request_id, message_id, new_request) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
                channel, externalId, contentHash, result.customerId(), result.requestId(), result.messageId(),
                result.newRequest())
                .chain(inserted -> inserted == 1 ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(new AlreadyReceived()));
    }

    /** Another delivery of the id recorded its receipt first. */
    static final class AlreadyReceived extends RuntimeException {
        AlreadyReceived() {
            super("already received", null, false, false);
        }
    }

    /** The receipt of the channel's id, or null. */
    Uni<InboundReceipt> of(String channel, String externalId) {
        return findById(new InboundReceipt.Key(channel, externalId));
    }
}
