package io.omnihub.customer.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Singleton;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.prf.PrfSet;

import io.omnihub.channel.ContactKind;

/**
 * Encryption of personal data at rest (Google Tink). Every customer has a data key (AES-256-GCM); it is stored
 * only wrapped by the master key. A sealed value carries the id of the customer whose key sealed it, so data keeps
 * its key through merges and is shredded with it.
 * <p>
 * Format of a sealed value: {@code 0x01 | owner uuid (16 bytes) | Tink ciphertext}, with associated data
 * {@code owner uuid | field name}, so a value cannot be moved to another customer or field unnoticed.
 */
@Singleton
public class PersonalDataCipher {

    private static final byte VERSION = 1;
    private static final int MAX_CACHED_KEYS = 50_000;

    private final Aead master;
    private final PrfSet lookup;
    /** Unwrapped data keys, least recently used evicted first: a key just loaded stays for the request using it. */
    private final Map<UUID, Aead> keys = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(1024,
            0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Aead> eldest) {
            return size() > MAX_CACHED_KEYS;
        }
    });

    public PersonalDataCipher(CryptoConfig config) {
        try {
            AeadConfig.register();
            PrfConfig.register();
            this.master = parse(config.masterKeyset(), "omnihub.crypto.master-keyset")
                    .getPrimitive(RegistryConfiguration.get(), Aead.class);
            this.lookup = parse(config.lookupKeyset(), "omnihub.crypto.lookup-keyset")
                    .getPrimitive(RegistryConfiguration.get(), PrfSet.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The configured keysets cannot be used: " + e.getMessage(), e);
        }
    }

    /** A new data key for a customer, wrapped by the master key, ready to be stored. */
    public byte[] newWrappedKey(UUID owner) {
        try {
            KeysetHandle handle = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
            keys.put(owner, handle.getPrimitive(RegistryConfiguration.get(), Aead.class));
            return TinkProtoKeysetFormat.serializeEncryptedKeyset(handle, master, bytes(owner));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot create a data key", e);
        }
    }

    /** Makes a stored wrapped key usable; called with what the database holds. */
    public void load(UUID owner, byte[] wrappedKey) {
        if (!keys.containsKey(owner)) {
            keys.put(owner, unwrap(owner, wrappedKey));
        }
    }

    /** The wrapped key re-encrypted with the current primary master key (master key rotation). */
    public byte[] rewrap(UUID owner, byte[] wrappedKey) {
        try {
            KeysetHandle handle = TinkProtoKeysetFormat.parseEncryptedKeyset(wrappedKey, master, bytes(owner));
            return TinkProtoKeysetFormat.serializeEncryptedKeyset(handle, master, bytes(owner));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot re-wrap the data key of a customer", e);
        }
    }

    public boolean isLoaded(UUID owner) {
        return keys.containsKey(owner);
    }

    /** Which of these owners still need {@link #load}. */
    public Set<UUID> missing(Collection<UUID> owners) {
        return owners.stream().filter(o -> keys.get(o) == null).collect(java.util.stream.Collectors.toSet());
    }

    /** Forgets a key (after erasure, or when another replica destroyed it). */
    public void forget(UUID owner) {
        keys.remove(owner);
    }

    public byte[] seal(UUID owner, String field, String plaintext) {
        if (plaintext == null) {
            return null;
        }
        Aead aead = key(owner);
        try {
            byte[] ct = aead.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), associatedData(owner, field));
            return ByteBuffer.allocate(17 + ct.length).put(VERSION).put(bytes(owner)).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt", e);
        }
    }

    /** The owner whose key sealed a value. */
    public static UUID ownerOf(byte[] sealed) {
        ByteBuffer buffer = ByteBuffer.wrap(sealed, 1, 16);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    /** The plaintext; {@code null} for nothing, or for a value emptied by erasure. */
    public String open(String field, byte[] sealed) {
        if (sealed == null || sealed.length == 0) {
            return null;
        }
        if (sealed.length < 18 || sealed[0] != VERSION) {
            throw new IllegalStateException("Unknown sealed value format");
        }
        UUID owner = ownerOf(sealed);
        Aead aead = keys.get(owner);
        if (aead == null) {
            throw new IllegalStateException("Data key not loaded for a sealed value");
        }
        try {
            byte[] ct = java.util.Arrays.copyOfRange(sealed, 17, sealed.length);
            return new String(aead.decrypt(ct, associatedData(owner, field)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot decrypt a sealed value", e);
        }
    }

    /** The keyed hash a contact point is looked up by: equal for equal normalised values of one kind. */
    public byte[] lookupHash(ContactKind kind, String normalized) {
        return keyedHash(kind.name() + '\u0000' + normalized);
    }

    /** A keyed hash of any text, for equality checks without storing the text. */
    public byte[] keyedHash(String text) {
        try {
            return lookup.computePrimary(text.getBytes(StandardCharsets.UTF_8), 32);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot hash", e);
        }
    }

    private Aead key(UUID owner) {
        Aead aead = keys.get(owner);
        if (aead == null) {
            throw new IllegalStateException("Data key not loaded");
        }
        return aead;
    }

    private Aead unwrap(UUID owner, byte[] wrappedKey) {
        try {
            return TinkProtoKeysetFormat.parseEncryptedKeyset(wrappedKey, master, bytes(owner))
                    .getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot unwrap the data key of a customer", e);
        }
    }

    private static KeysetHandle parse(String base64Json, String name) throws GeneralSecurityException {
        String json;
        try {
            json = new String(Base64.getDecoder().decode(base64Json.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " must be a base64-encoded Tink JSON keyset");
        }
        return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
    }

    private static byte[] associatedData(UUID owner, String field) {
        byte[] f = field.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(16 + f.length).put(bytes(owner)).put(f).array();
    }

    static byte[] bytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits())
                .array();
    }
}
