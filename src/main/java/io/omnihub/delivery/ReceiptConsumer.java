package io.omnihub.delivery;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.omnihub.platform.Outages;
import io.smallrye.mutiny.Uni;

/**
 * Receipts from adapters on the {@code omnihub.receipts} topic: one transaction per record. A record that cannot
 * be understood or applied goes to the dead-letter topic {@code omnihub.receipts.dlq}; a passing failure is retried
 * first.
 */
@ApplicationScoped
class ReceiptConsumer {

    private final Receipts receipts;
    private final ObjectMapper json;
    private final Validator validator;

    public ReceiptConsumer(Receipts receipts, ObjectMapper json, Validator validator) {
        this.receipts = receipts;
        this.json = json;
        this.validator = validator;
    }

    /**
     * One receipt, in its own transaction. A passing failure (PostgreSQL out, a lost race) is retried with backoff
     * for about two minutes, so a FAILED receipt during a database blip still leads to the retry or the fallback;
     * only a receipt that cannot be understood or applied goes to the dead-letter topic. A receipt for an attempt the
     * relay has published but not yet recorded waits for it a few seconds.
     */
    @Incoming("receipts")
    public Uni<Void> consume(String record) {
        return Uni.createFrom().item(() -> parse(record))
                .chain(r -> Receipts.onceRecorded(() -> Outages.retriedThrough(() -> receipts.byMessage(
                        UUID.fromString(r.messageId()), r.channel(), ReplyStatus.valueOf(r.status()), r.externalId(),
                        r.attempt(), r.hardBounce())), null))
                .replaceWithVoid();
    }

    private Receipt parse(String record) {
        try {
            Receipt receipt = json.readValue(record, Receipt.class);
            var violations = validator.validate(receipt);
            if (!violations.isEmpty()) {
                throw new ConstraintViolationException(violations);
            }
            return receipt;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("Unreadable receipt", e);
        }
    }
}
