package io.omnihub.local;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;

/**
 * Fresh keys for {@link LocalInfrastructure}: personal-data keysets (only ever with a fresh local database) and the
 * local token issuer's key pair.
 */
final class LocalKeys {

    static final String MASTER_KEYSET = "omnihub.crypto.master-keyset";
    static final String LOOKUP_KEYSET = "omnihub.crypto.lookup-keyset";
    static final String JWT_PUBLIC_KEY = "mp.jwt.verify.publickey";
    static final String JWT_SIGN_KEY = "smallrye.jwt.sign.key";

    private LocalKeys() {
    }

    /** Personal-data keysets: the master keyset that wraps customers' keys, and the keyed-hash (lookup) one. */
    static Map<String, String> personalData() {
        try {
            AeadConfig.register();
            PrfConfig.register();
            return Map.of(
                    MASTER_KEYSET, keyset(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)),
                    LOOKUP_KEYSET, keyset(KeysetHandle.generateNew(PredefinedPrfParameters.HMAC_SHA256_PRF)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not generate local keysets", e);
        }
    }

    /** An RSA key pair for the local token issuer: the public half verifies, the private half signs. */
    static Map<String, String> issuer() {
        try {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            java.security.KeyPair pair = generator.generateKeyPair();
            return Map.of(
                    JWT_PUBLIC_KEY, pem("PUBLIC KEY", pair.getPublic().getEncoded()),
                    JWT_SIGN_KEY, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not generate the local issuer's keys", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----";
    }

    private static String keyset(KeysetHandle handle) throws GeneralSecurityException {
        String json = TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get());
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
