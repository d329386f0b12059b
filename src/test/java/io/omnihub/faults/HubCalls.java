package io.omnihub.faults;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.omnihub.platform.Signatures;

/**
 * The calls the suite makes to Omnihub, built as HTTP requests that any replica can be sent, and sent with a client
 * timeout ({@value #TIMEOUT_SECONDS} s unless said otherwise) so that a hang is recorded as a hang. Sending never
 * throws: a timeout or a refused connection is an {@link Answer} like any other.
 */
final class HubCalls {

    static final int TIMEOUT_SECONDS = 5;
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(TIMEOUT_SECONDS))
            .executor(Executors.newFixedThreadPool(8, r -> {
                Thread t = new Thread(r, "faults-http");
                t.setDaemon(true);
                return t;
            })).build();

    private HubCalls() {
    }

    static HttpRequest intake(URI hub, String adapterKey, String json) {
        return json(hub, "/api/v1/inbound/messages", json).header("X-Omnihub-Key", adapterKey).build();
    }

    static HttpRequest reply(URI hub, String token, String requestId, String text) {
        return json(hub, "/api/v1/requests/" + requestId + "/replies", JSON.createObjectNode().put("text", text)
                .toString()).header("Authorization", "Bearer " + token).build();
    }

    static HttpRequest preview(URI hub, String token, String requestId) {
        return json(hub, "/api/v1/requests/" + requestId + "/replies/preview", "{}")
                .header("Authorization", "Bearer " + token).build();
    }

    /** Withdraws (or grants) the customer's SERVICE consent on a channel, as an operator records it. */
    static HttpRequest consent(URI hub, String token, String customerId, String channel, String action) {
        var body = JSON.createObjectNode().put("channel", channel).put("purpose", "SERVICE").put("action", action)
                .put("textVersion", "faults-1");
        body.putObject("evidence").put("source", "fault suite");
        return json(hub, "/api/v1/customers/" + customerId + "/consents", body.toString())
                .header("Authorization", "Bearer " + token).build();
    }

    /** An inbound SMS through the Twilio-compatible webhook, signed with the account's token. */
    static HttpRequest sms(URI hub, String account, String authToken, String sid, String from, String text) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", sid);
        form.put("AccountSid", account);
        form.put("From", from);
        form.put("To", "+74950000000");
        form.put("Body", text);
        URI url = hub.resolve("/webhooks/sms");
        String signature = Signatures.twilio(authToken, url.toString(), form.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))));
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(TIMEOUT_SECONDS))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .header("X-Twilio-Signature", signature).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** Readiness, with its own (shorter) client timeout. */
    static HttpRequest ready(URI hub, Duration timeout) {
        return HttpRequest.newBuilder(hub.resolve("/q/health/ready")).timeout(timeout).GET().build();
    }

    /** A token of the local issuer, for every team. */
    static String token(URI hub, String subject, String role) {
        var body = JSON.createObjectNode().put("subject", subject);
        body.putArray("roles").add(role);
        body.putArray("teams").add("*");
        return setup(json(hub, "/api/v1/local/tokens", body.toString()).build(), "token");
    }

    /** A new adapter credential for a channel. */
    static String adapterKey(URI hub, String adminToken, String adapter, String channel) {
        return setup(json(hub, "/api/v1/admin/adapters/" + adapter + "/credentials",
                JSON.createObjectNode().put("channel", channel).toString())
                .header("Authorization", "Bearer " + adminToken).build(), "key");
    }

    static Answer send(HttpRequest request) {
        return sendAsync(request).join();
    }

    /** Sends; the future always completes, at the latest a second after the request's own timeout. */
    static CompletableFuture<Answer> sendAsync(HttpRequest request) {
        long start = System.nanoTime();
        long limit = request.timeout().orElse(Duration.ofSeconds(TIMEOUT_SECONDS)).toMillis() + 1000;
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .orTimeout(limit, TimeUnit.MILLISECONDS)
                .handle((response, failure) -> {
                    double millis = (System.nanoTime() - start) / 1e6;
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause()
                                : failure;
                        boolean timeout = cause instanceof HttpTimeoutException || cause instanceof TimeoutException;
                        return new Answer(0, timeout ? Answer.TIMEOUT : Answer.CONNECTION, false, millis, null);
                    }
                    int status = response.statusCode();
                    boolean retryAfter = response.headers().firstValue("Retry-After").isPresent();
                    return new Answer(status, status / 100 == 2 ? Answer.OK : "HTTP " + status, retryAfter, millis,
                            status / 100 == 2 ? parse(response.body()) : null);
                });
    }

    private static HttpRequest.Builder json(URI hub, String path, String json) {
        return HttpRequest.newBuilder(hub.resolve(path)).timeout(Duration.ofSeconds(TIMEOUT_SECONDS))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }

    /**
     * A setup call, sent again as a 503 with {@code Retry-After} asks, for up to 30 s: a fresh replica on a loaded
     * machine may answer so while its database probe catches up (a clean-clone CI run failed on exactly that). Such
     * an answer stored nothing, so sending again is safe.
     */
    private static String setup(HttpRequest request, String field) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Answer answer = send(request);
        while (answer.status() == 503 && answer.retryAfter() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            answer = send(request);
        }
        return required(answer, field);
    }

    private static String required(Answer answer, String field) {
        if (!answer.ok() || answer.field(field) == null) {
            throw new IllegalStateException("Omnihub did not answer the setup call: " + answer.kind());
        }
        return answer.field(field);
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() || !body.strip().startsWith("{") ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
