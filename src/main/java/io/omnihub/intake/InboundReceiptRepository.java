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
     * Claims the channel's id for this content, in the caller's transaction: true if this is its first arrival, false
     * if a receipt was there already (which the caller reads to answer the duplicate).
     */
    Uni<Boolean> claim(String channel, String externalId, byte[] contentHash) {
        return getSession().chain(s -> s.createNativeQuery("INSERT INTO inbound_receipt (channel, external_id,"
                + " content_hash) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING").setParameter(1, channel)
                .setParameter(2, externalId).setParameter(3, contentHash).executeUpdate())
                .map(inserted -> inserted == 1);
    }

    /** Records on the claimed receipt what its message became, in one statement, in the caller's transaction. */
    Uni<Void> complete(String channel, String externalId, IntakeResult result) {
        return update("customerId = ?1, requestId = ?2, messageId = ?3, newRequest = ?4"
                + " where channel = ?5 and externalId = ?6", result.customerId(), result.requestId(),
                result.messageId(), result.newRequest(), channel, externalId).replaceWithVoid();
    }

    /** The receipt of the channel's id, or null. */
    Uni<InboundReceipt> of(String channel, String externalId) {
        return findById(new InboundReceipt.Key(channel, externalId));
    }
}
