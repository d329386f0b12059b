package io.omnihub.delivery;

import static java.util.Map.entry;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.omnihub.platform.ErasureContribution;
import io.omnihub.request.MessageRepository;
import io.smallrye.mutiny.Uni;

/**
 * The delivery feature's part of an erasure: the customer's replies not yet sent are cancelled, the channels' own
 * ids of the sent ones are wiped, and contact verifications (each holds its contact's keyed hash) go.
 */
@ApplicationScoped
class DeliveryErasure implements ErasureContribution {

    private final MessageRepository messages;

    DeliveryErasure(MessageRepository messages) {
        this.messages = messages;
    }

    @Override
    public Map<String, Table> tables() {
        return Map.ofEntries(
                entry("outbox", Table.personal("payloads are sealed with the customer's data key (shredded) or"
                        + " carry ids only; the customer's sends still pending are deleted")),
                entry("verification", Table.personal("the contact's keyed hash: deleted")),
                entry("reply", Table.personal("the channel's own id of each send (an SMS gateway's) wiped; statuses"
                        + " and routing decisions name channels and reasons only, and stay for counts")));
    }

    @Override
    public Uni<Erased> erase(Mutiny.Session s, Subject subject) {
        return messages.idsOfCustomers(s, subject.customerIds())
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(0)
                        : s.createNativeQuery("DELETE FROM outbox WHERE published_at IS NULL AND aggregate_id IN (?1)")
                                .setParameter(1, ids).executeUpdate()
                                .chain(() -> s.createNativeQuery("UPDATE reply SET external_id = NULL,"
                                        + " version = version + 1 WHERE message_id IN (?1)").setParameter(1, ids)
                                        .executeUpdate()))
                .chain(() -> ErasureContribution.run(s, subject,
                        Statement.of("DELETE FROM verification WHERE customer_id IN (?1)")))
                .map(Erased::counted);
    }
}
