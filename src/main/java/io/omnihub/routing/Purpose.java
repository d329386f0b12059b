package io.omnihub.routing;

/** Why a message is sent; consent is given per channel and purpose. */
public enum Purpose {
    /** Answers to the customer's own requests. */
    SERVICE,
    /** Offers and news. */
    MARKETING,
    /**
     * A one-time code the customer asked for, sent to the contact being verified and nowhere else. It needs no prior
     * consent, and never goes through routing: operators cannot send replies for it.
     */
    VERIFICATION,
    /**
     * The satisfaction survey after a request was resolved. It goes where SERVICE answers may, unless the customer
     * withdrew FEEDBACK itself (or everything, with STOP).
     */
    FEEDBACK
}
