package io.omnihub.platform;

/**
 * Something a feature tells the others inside its own transaction, so that it need not know who reacts: a
 * {@link Reaction} of another feature records its part in the same transaction, and follows up after the commit.
 * What must reach other systems is a {@link DomainEvent}, published through the outbox after the commit.
 */
public interface InProcessEvent {
}
