package io.omnihub.request;

/** Who handles the conversation an inbound message belongs to. */
public enum Handling {
    /** People: every channel but a bot's. */
    PEOPLE,
    /** A chatbot, until the conversation is handed off: out of the operators' queue. */
    BOT,
    /** The chatbot hands the conversation off to people now. */
    HANDOFF,
    /** The customer asked the chatbot for a person (a hand-off keyword). */
    ASKED_FOR_PERSON;

    /** Whether this message hands a bot's conversation off to people. */
    public boolean handsOff() {
        return this == HANDOFF || this == ASKED_FOR_PERSON;
    }

    /** Who handed off, in the request's history. */
    String actor() {
        return this == HANDOFF ? "bot" : "customer";
    }
}
