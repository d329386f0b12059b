package io.omnihub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SignaturesTest {

    @Test
    void chatbotSignatureIsHexHmacSha256OfTimestampDotBody() {
        // echo -n '1700000000.{"a":1}' | openssl dgst -sha256 -hmac secret
        assertThat(Signatures.chatbot("secret", "1700000000", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("v1=49f24e537407743fa4a0242bb63b94b9a47ee99cbbe071ccd8a22550ae411686");
    }

    @Test
    void twilioSignatureMatchesTheVendorsDocumentedExample() {
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("CallSid", List.of("CA1234567890ABCDE"));
        params.put("Caller", List.of("+12349013030"));
        params.put("Digits", List.of("1234"));
        params.put("From", List.of("+12349013030"));
        params.put("To", List.of("+18005551212"));
        assertThat(Signatures.twilio("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", params))
                .isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
    }

    @Test
    void twilioSignatureSortsParametersByName() {
        Map<String, List<String>> a = new LinkedHashMap<>();
        a.put("To", List.of("+18005551212"));
        a.put("From", List.of("+12349013030"));
        Map<String, List<String>> b = new LinkedHashMap<>();
        b.put("From", List.of("+12349013030"));
        b.put("To", List.of("+18005551212"));
        String url = "https://example.com/webhooks/sms";
        assertThat(Signatures.twilio("token", url, a)).isEqualTo(Signatures.twilio("token", url, b));
        assertThat(Signatures.twilio("token", url, a)).isNotEqualTo(Signatures.twilio("token", url + "?x=1", a))
                .isNotEqualTo(Signatures.twilio("other", url, a));
    }

    @Test
    void constantTimeMatchAcceptsAnyConfiguredSecret() {
        assertThat(Signatures.matchesAny("v1=ab", List.of("v1=cd", "v1=ab"))).isTrue();
        assertThat(Signatures.matchesAny("v1=ab", List.of("v1=cd"))).isFalse();
        assertThat(Signatures.matchesAny(null, List.of("v1=ab"))).isFalse();
    }
}
