package io.omnihub.faults;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;

/**
 * What every replica and every restart of the suite shares, generated once per run: the personal-data keysets (a
 * Tink AEAD master keyset and a PRF lookup keyset, base64 JSON), the local token issuer's RSA key pair (PEM), a
 * chatbot secret and an SMS account's auth token.
 */
record Secrets(String masterKeyset, String lookupKeyset, String jwtPublicKey, String jwtSignKey, String botSecret,
        String smsToken) {

    static final String BOT = "faults-bot";
    static final String SMS_ACCOUNT = "ACfaults";

    static Secrets generate() {
        try {
            AeadConfig.register();
            PrfConfig.register();
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            KeyPair issuer = rsa.generateKeyPair();
            return new Secrets(keyset(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)),
                    keyset(KeysetHandle.generateNew(PredefinedPrfParameters.HMAC_SHA256_PRF)),
                    pem("PUBLIC KEY", issuer.getPublic().getEncoded()),
                    pem("PRIVATE KEY", issuer.getPrivate().getEncoded()), random(), random());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate the suite's keys", e);
        }
    }

    private static String keyset(KeysetHandle handle) throws GeneralSecurityException {
        String json = TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get());
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----";
    }

    private static String random() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
