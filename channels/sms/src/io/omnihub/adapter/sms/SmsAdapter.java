package io.omnihub.adapter.sms;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.omnihub.adapter.common.AdapterException;
import io.omnihub.adapter.common.AdapterSettings;
import io.omnihub.adapter.common.Adapters;
import io.omnihub.adapter.common.Hub;
import io.omnihub.adapter.common.ReplyCommand;
import io.omnihub.adapter.common.ReplyLoop;
import io.omnihub.platform.Signatures;

/**
 * Reference adapter of the SMS channel. Outbound, it speaks the Twilio Messages API to a configurable provider
 * ({@code SMS_PROVIDER_URL}); the provider's status callbacks go straight to Omnihub. Inbound, the provider posts
 * to Omnihub's webhook itself; {@link #customerSends} plays that part for tests and the demo.
 */
public class SmsAdapter implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AdapterSettings settings;
    private final URI provider;
    private final String accountSid;
    private final String authToken;
    private final String number;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ReplyLoop loop;

    public SmsAdapter(AdapterSettings settings, URI provider, String accountSid, String authToken, String number) {
        this.settings = settings;
        this.provider = provider;
        this.accountSid = accountSid;
        this.authToken = authToken;
        this.number = number;
        Hub hub = new Hub(settings);
        hub.preflight();
        this.loop = new ReplyLoop(settings, hub, "adapter-sms", this::send, customerId -> {
        });
    }

    /** Sends a reply through the provider; answers the provider's message SID. */
    String send(ReplyCommand reply) throws Exception {
        String to = reply.onThread() ? SmsThread.parse(reply.to().value()).customer() : reply.to().value();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", to);
        form.put("From", number);
        form.put("Body", reply.text());
        form.put("StatusCallback", settings.hubUrl().resolve("/webhooks/sms/status?messageId="
                + reply.messageId() + "&attempt=" + reply.attempt()).toString());
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(provider.resolve("/2010-04-01/Accounts/"
                + accountSid + "/Messages.json"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((accountSid + ":" + authToken)
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException("the SMS provider answered " + answer.statusCode());
        }
        return JSON.readTree(answer.body()).path("sid").asText(null);
    }

    /** What the provider does when a customer texts our number: a signed webhook to Omnihub. */
    public int customerSends(String sid, String from, String body) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", sid);
        form.put("AccountSid", accountSid);
        form.put("From", from);
        form.put("To", number);
        form.put("Body", body);
        String url = settings.hubUrl().resolve("/webhooks/sms").toString();
        String signature = Signatures.twilio(authToken, url, form.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))));
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-Twilio-Signature", signature)
                    .POST(HttpRequest.BodyPublishers.ofString(encode(form))).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (Exception e) {
            throw new AdapterException("Cannot reach Omnihub's SMS webhook: " + e.getMessage());
        }
    }

    static String encode(Map<String, String> form) {
        return form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    @Override
    public void close() {
        loop.close();
    }

    public static void main(String[] args) {
        Adapters.run("sms", settings -> new SmsAdapter(settings,
                URI.create(Adapters.env("SMS_PROVIDER_URL", "https://api.twilio.com")),
                Adapters.env("SMS_ACCOUNT_SID", ""), Adapters.env("SMS_AUTH_TOKEN", ""),
                Adapters.env("SMS_NUMBER", "")));
    }
}
