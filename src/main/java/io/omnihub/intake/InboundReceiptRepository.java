package io.omnihub.intake;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** The receipts of inbound messages, by channel and the channel's own id: what makes intake idempotent. */
@ApplicationScoped
@WithSession
class InboundReceiptRepository implements PanacheRepositoryBase<InboundReceipt, InboundReceipt.Key> {

    /**
     * Records the receipt of a message accepted in the caller's transaction, with what it became, in one statement:
     * true if this is the id's first arrival, false if a receipt was there already (another delivery of the id, whose
     * transaction this insert waited for when it was still under way), which the caller reads to answer the
     * duplicate after rolling its own work back.
     */
    Uni<Boolean> record(String channel, String externalId, byte[] contentHash, IntakeResult result) {
        return getSession().chain(s -> s.createNativeQuery("INSERT INTO inbound_receipt (channel, external_id,"
                + " content_hash, customer_id, request_id, message_id, new_request) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                + " ON CONFLICT DO NOTHING").setParameter(1, channel).setParameter(2, externalId)
                .setParameter(3, contentHash).setParameter(4, result.customerId()).setParameter(5, result.requestId())
                .setParameter(6, result.messageId()).setParameter(7, result.newRequest()).executeUpdate())
                .map(inserted -> inserted == 1);
    }

    /** The receipt of the channel's id, or null. */
    Uni<InboundReceipt> of(String channel, String externalId) {
        return findById(new InboundReceipt.Key(channel, externalId));
    }
}
