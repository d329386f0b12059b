package io.omnihub.delivery;

import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.platform.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * An SMS gateway's delivery status callback (Twilio-compatible), as a receipt. The adapter may name the reply in the
 * callback URL ({@code ?messageId=…&attempt=…}), so a callback that overtakes the adapter's own receipt still finds
 * it; otherwise the gateway's message SID does. Receipts only move forward, so a retried callback is harmless.
 */
@ApplicationScoped
public class SmsStatusCallbacks {

    /** Twilio's error codes for a number that cannot receive at all: unreachable, unknown, landline, invalid. */
    private static final Set<String> UNREACHABLE = Set.of("30003", "30005", "30006", "21211", "21614");

    /**
     * A callback as the gateway sent it: its message SID and status, the error code if any, and the reply and attempt
     * the adapter named in the callback URL, if it did (null otherwise).
     */
    public record Callback(String sid, String messageStatus, String errorCode, UUID messageId, Integer attempt) {
    }

    private final Receipts receipts;

    SmsStatusCallbacks(Receipts receipts) {
        this.receipts = receipts;
    }

    /** Records the callback; answers the reply's delivery status. */
    public Uni<String> record(Callback callback) {
        ReplyStatus status = status(callback.messageStatus());
        boolean permanent = status == ReplyStatus.FAILED && UNREACHABLE.contains(callback.errorCode());
        return callback.messageId() == null
                ? receipts.byExternalId("sms", callback.sid(), status, permanent)
                : receipts.byMessage(callback.messageId(), "sms", status, callback.sid(), callback.attempt(),
                        permanent);
    }

    /** A Twilio MessageStatus as ours. */
    static ReplyStatus status(String messageStatus) {
        return switch (messageStatus.toLowerCase(Locale.ROOT)) {
            case "accepted", "scheduled", "queued", "sending" -> ReplyStatus.QUEUED;
            case "sent" -> ReplyStatus.SENT;
            case "delivered" -> ReplyStatus.DELIVERED;
            case "read" -> ReplyStatus.READ;
            case "undelivered", "failed", "canceled" -> ReplyStatus.FAILED;
            default -> throw ProblemException.invalidField("MessageStatus", "is not a known message status");
        };
    }
}
