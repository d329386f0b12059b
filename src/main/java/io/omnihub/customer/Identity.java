package io.omnihub.customer;

import io.omnihub.channel.ContactKind;

/** A normalised identifier a channel knows the customer by. */
public record Identity(ContactKind kind, String value) {
}
