package io.omnihub.intake;

import java.util.List;

import io.omnihub.consent.ConsentEvent;
import io.omnihub.customer.Identity;
import io.omnihub.request.Arrival;
import io.omnihub.request.Handling;
import io.omnihub.request.Turn;

/**
 * The canonical form of anything a channel delivers: one envelope with the channel's id for it, the thread it
 * belongs to, who the customer is, and one or more turns (several for a chatbot hand-off with its transcript).
 *
 * @param channel the channel id
 * @param externalId the channel's id for this delivery: the idempotency key
 * @param thread the conversation on that channel
 * @param identities normalised identifiers of the customer
 * @param name the name the customer gave, if any (never used to match)
 * @param subject optional subject
 * @param category optional category
 * @param turns the messages, in order
 * @param fingerprint canonical text of the content, to tell a true duplicate from a reused id
 * @param team the team whose operators see a request it starts
 * @param keyword a consent keyword the message is (an SMS STOP or START), applied in the same transaction; or null
 * @param erasure whether the message asks for the sender's data to be erased (an SMS ERASE from a vouched sender):
 *        {@link ErasureAsked} is raised in the same transaction
 * @param handling who handles the conversation: people, or a chatbot until it is handed off
 */
public record InboundEnvelope(String channel, String externalId, String thread, List<Identity> identities,
        String name, String subject, String category, List<Turn> turns, String fingerprint, String team,
        ConsentEvent.Action keyword, boolean erasure, Handling handling) {

    /**
     * This envelope, with what its text asks of Omnihub besides being read: a consent keyword (STOP, START) and an
     * erasure (ERASE). The sender's identity decides later whether an erasure is carried out.
     */
    public InboundEnvelope withKeywordsOf(String text) {
        InboundEnvelope keyword = ConsentKeywords.keyword(text).map(this::withKeyword).orElse(this);
        return ConsentKeywords.erasure(text) ? keyword.asErasure() : keyword;
    }

    /** What this envelope brings to its channel thread, as the request store takes it. */
    public Arrival arrival() {
        return new Arrival(channel, thread, team, subject, category, turns, handling);
    }

    /** This envelope, for a conversation {@code handling} says who handles (a chatbot's, until it is handed off). */
    public InboundEnvelope handledBy(Handling handling) {
        return new InboundEnvelope(channel, externalId, thread, identities, name, subject, category, turns,
                fingerprint, team, keyword, erasure, handling);
    }

    /** This envelope, whose message is also the consent keyword {@code action}. */
    private InboundEnvelope withKeyword(ConsentEvent.Action action) {
        return new InboundEnvelope(channel, externalId, thread, identities, name, subject, category, turns,
                fingerprint, team, action, erasure, handling);
    }

    /** This envelope, whose message also asks for the sender's data to be erased. */
    private InboundEnvelope asErasure() {
        return new InboundEnvelope(channel, externalId, thread, identities, name, subject, category, turns,
                fingerprint, team, keyword, true, handling);
    }
}
