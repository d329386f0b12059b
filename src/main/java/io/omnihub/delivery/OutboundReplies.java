package io.omnihub.delivery;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.customer.crypto.CustomerKeys;
import io.omnihub.customer.crypto.PersonalDataCipher;
import io.omnihub.platform.ProblemException;
import io.omnihub.request.MessageRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** A reply as its channel's adapter reads it back: only on that channel, and only while it has a text. */
@ApplicationScoped
public class OutboundReplies {

    private final CustomerKeys keys;
    private final PersonalDataCipher cipher;

    private final ReplyRepository replies;
    private final MessageRepository messages;

    OutboundReplies(CustomerKeys keys, PersonalDataCipher cipher, ReplyRepository replies,
            MessageRepository messages) {
        this.replies = replies;
        this.messages = messages;
        this.keys = keys;
        this.cipher = cipher;
    }

    /** The reply, if it went out on {@code channel}; otherwise (or erased) 404. */
    @WithSession
    public Uni<Outbound> onChannel(UUID messageId, String channel) {
        return replies.findById(messageId)
                .chain(p -> p == null || !channel.equals(p.channel) ? Uni.createFrom().<Outbound> nullItem()
                        : messages.body(messageId).chain(m -> m == null || m.erased()
                                ? Uni.createFrom().<Outbound> nullItem()
                                : keys.loadFor(List.of(m.bodyEnc())).map(ignored -> new Outbound(m.messageId(),
                                        m.requestId(), p.channel, p.status.name(), cipher.open("body", m.bodyEnc()),
                                        m.createdAt()))))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Outbound message"));
    }

    /** A reply as its channel's adapter sees it. */
    public record Outbound(UUID messageId, UUID requestId, String channel, String deliveryStatus, String text,
            Instant createdAt) {
    }
}
