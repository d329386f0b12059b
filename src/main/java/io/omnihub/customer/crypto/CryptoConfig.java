package io.omnihub.customer.crypto;

import io.smallrye.config.ConfigMapping;

/**
 * Keys protecting personal data. Both are Tink keysets in Tink's JSON format, base64-encoded, and come from a
 * Kubernetes Secret in production. In dev mode and tests fresh ones are generated together with the local
 * database.
 */
@ConfigMapping(prefix = "omnihub.crypto")
public interface CryptoConfig {

    /**
     * The master keyset (AEAD) that wraps every customer's data key (env {@code OMNIHUB_CRYPTO_MASTER_KEYSET}). To
     * rotate, add a new key, make it primary, and run the re-wrap; older keys keep unwrapping until removed.
     */
    String masterKeyset();

    /**
     * The keyset (PRF) of the keyed hash contacts are looked up by (env {@code OMNIHUB_CRYPTO_LOOKUP_KEYSET}).
     * Changing it makes every stored hash unmatchable: it is not rotated.
     */
    String lookupKeyset();
}
