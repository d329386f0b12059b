package io.omnihub.request;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.omnihub.platform.Ids;

/** Something that happened to a request besides its messages: who did it, when, and who owned it before and after. */
@Entity
@Table(name = "request_history")
public class RequestHistory {

    /** What happened. */
    public enum Action {
        /** An operator took a request nobody owned (replying to it does the same). */
        TAKEN,
        /** An operator took a request someone else owned. */
        TAKEN_OVER,
        /** A supervisor, or auto-assignment, gave it to an operator. */
        ASSIGNED,
        /** Its owner or a supervisor let it go back to the team's queue. */
        RELEASED,
        /** It moved to another team (previous and current name the teams), with a note. */
        TRANSFERRED,
        /**
         * A chatbot's conversation went to people (previous: the bot's team, current: the hand-off team), by the bot,
         * the customer's keyword, or an operator taking it.
         */
        HANDED_OFF
    }

    @Id
    public UUID id;

    @Column(name = "request_id")
    public UUID requestId;

    public Instant at;

    public String actor;

    @Enumerated(EnumType.STRING)
    public Action action;

    public String previous;

    public String current;

    /** A transfer's note, sealed with the customer's key. */
    @Column(name = "note_enc")
    public byte[] noteEnc;

    static RequestHistory of(UUID requestId, Instant at, String actor, Action action, String previous, String current) {
        RequestHistory h = new RequestHistory();
        h.id = Ids.next();
        h.requestId = requestId;
        h.at = at;
        h.actor = actor;
        h.action = action;
        h.previous = previous;
        h.current = current;
        return h;
    }

    /** An entry as the API shows it; {@code note} for transfers. */
    public record View(Instant at, String actor, String action, String previous, String current, String note) {

        static View of(RequestHistory h, String note) {
            return new View(h.at, h.actor, h.action.name(), h.previous, h.current, note);
        }

        /** The action as people read it: "taken over". */
        public String label() {
            return action.toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }
}
