package io.omnihub.customer;

import java.nio.ByteBuffer;
import java.util.Map;

import io.omnihub.platform.ReadAfter;

/**
 * A message's identifiers by their keyed hashes, and the read that resolving them starts with
 * ({@link IdentityService#question}, then {@link IdentityService#resolve} with what the read answered).
 */
public final class IdentityQuestion {

    private final Map<ByteBuffer, Identity> byHash;
    private final ReadAfter<ContactPointRepository.Lookup> read;

    IdentityQuestion(Map<ByteBuffer, Identity> byHash, ReadAfter<ContactPointRepository.Lookup> read) {
        this.byHash = byHash;
        this.read = read;
    }

    Map<ByteBuffer, Identity> byHash() {
        return byHash;
    }

    /**
     * The contacts the identifiers match, with the profile they prove locked, or else the one the read is given (the
     * conversation's owner): alone, or after the thread's lock, in its statement.
     */
    public ReadAfter<ContactPointRepository.Lookup> read() {
        return read;
    }
}
