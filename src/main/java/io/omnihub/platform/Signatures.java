package io.omnihub.platform;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook signatures, written here because each is a few lines over the JDK's {@link Mac} and the vendors' SDKs
 * would bring large dependencies for one function. Comparisons are constant-time.
 * <ul>
 * <li>Chatbot: hex HMAC-SHA256 of {@code timestamp + "." + raw body}, header {@code X-Omnihub-Signature: v1=<hex>}.</li>
 * <li>SMS (Twilio-compatible): base64 HMAC-SHA1 of the full URL followed by every POST parameter, sorted by name,
 * as name then value; header {@code X-Twilio-Signature}.</li>
 * </ul>
 */
public final class Signatures {

    private Signatures() {
    }

    public static String chatbot(String secret, String timestamp, byte[] body) {
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        return "v1=" + HexFormat.of().formatHex(hmac("HmacSHA256", secret, signed));
    }

    public static String twilio(String authToken, String url, Map<String, List<String>> params) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((name, values) -> values.forEach(v -> data.append(name).append(v)));
        return Base64.getEncoder().encodeToString(
                hmac("HmacSHA1", authToken, data.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether {@code given} equals any of the expected signatures, in constant time per comparison. */
    public static boolean matchesAny(String given, List<String> expected) {
        if (given == null) {
            return false;
        }
        byte[] g = given.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (String e : expected) {
            match |= MessageDigest.isEqual(g, e.getBytes(StandardCharsets.UTF_8));
        }
        return match;
    }

    private static byte[] hmac(String algorithm, String secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }
}
