package io.omnihub.delivery;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/** Depersonalised counts of replies, for analytics. */
@ApplicationScoped
public class ReplyCounts {

    private final ReplyRepository replies;

    ReplyCounts(ReplyRepository replies) {
        this.replies = replies;
    }

    /** How many replies went (or go) on each channel; "held" for those held. */
    public Uni<Map<String, Long>> byChannel() {
        return replies.countByChannel();
    }
}
