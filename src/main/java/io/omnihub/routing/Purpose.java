package io.omnihub.routing;

/** Why a message is sent; consent is given per channel and purpose. */
public enum Purpose {
    /** Answers to the customer's own requests. */
    SERVICE,
    /** Offers and news. */
    MARKETING
}
