package io.omnihub.delivery;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.platform.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Delivery receipts from adapters and gateways: SENT, DELIVERED, READ, FAILED on outbound messages. */
@ApplicationScoped
public class DeliveryReceipts {

    /** Maps a Twilio MessageStatus to ours. */
    public static String fromTwilio(String status) {
        return switch (status.toLowerCase(Locale.ROOT)) {
            case "accepted", "scheduled", "queued", "sending" -> "QUEUED";
            case "sent" -> "SENT";
            case "delivered" -> "DELIVERED";
            case "read" -> "READ";
            case "undelivered", "failed", "canceled" -> "FAILED";
            default -> throw ProblemException.invalidField("MessageStatus", "is not a known message status");
        };
    }

    /** Records a status reported by the channel for the outbound message it knows by {@code externalId}. */
    public Uni<Void> record(String channel, String externalId, String status) {
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s
                .createNativeQuery("UPDATE message SET delivery_status = ?1 WHERE channel = ?2 AND external_id = ?3"
                        + " AND direction = 'OUTBOUND'")
                .setParameter(1, status).setParameter(2, channel).setParameter(3, externalId)
                .executeUpdate()))
                .chain(updated -> updated == 0
                        ? Uni.createFrom().failure(ProblemException.notFound("Outbound message"))
                        : Uni.createFrom().voidItem());
    }
}
