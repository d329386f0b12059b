package io.omnihub.adapter.common;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Omnihub's adapter API: submit inbound messages, report receipts. */
public class Hub {

    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final AdapterSettings settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Hub(AdapterSettings settings) {
        this.settings = settings;
    }

    /**
     * Checks, before anything else, that Omnihub answers and accepts the key, and says plainly what is wrong if
     * not.
     */
    public void preflight() {
        HttpResponse<String> health = send(HttpRequest.newBuilder(uri("/q/health/live")).GET());
        if (health.statusCode() != 200) {
            throw new AdapterException("Omnihub at " + settings.hubUrl() + " is not healthy (HTTP "
                    + health.statusCode() + ")");
        }
        // any id: 404 means the key is valid, 401 that it is not, 403 that it is not an adapter key
        HttpResponse<String> probe = send(request("/api/v1/outbound/" + UUID.randomUUID()).GET());
        switch (probe.statusCode()) {
            case 404 -> {
            }
            case 401 -> throw new AdapterException("Omnihub refused the adapter key (401): check OMNIHUB_ADAPTER_KEY,"
                    + " or ask an admin whether it was revoked");
            case 403 -> throw new AdapterException("The key is not an adapter credential (403)");
            default -> throw new AdapterException("Unexpected answer from Omnihub: HTTP " + probe.statusCode());
        }
    }

    /** Submits one inbound message; answers Omnihub's result (request id, customer id, outcome). */
    public JsonNode submit(Object message) {
        HttpResponse<String> response = send(request("/api/v1/inbound/messages")
                .header("Content-Type", "application/json").POST(body(message)));
        return answer(response, "submit");
    }

    /**
     * Asks Omnihub to verify a phone or e-mail the customer typed in a conversation of this adapter's channel: a
     * one-time code goes to that contact. Answers the verification (its id, where the code went, until when).
     */
    public JsonNode startVerification(String requestId, String kind, String value) {
        return answer(send(request("/api/v1/verifications").header("Content-Type", "application/json")
                .POST(body(Map.of("requestId", requestId, "kind", kind, "value", value)))), "verification");
    }

    /** The code the customer gave back on this channel; answers the outcome (status VERIFIED). */
    public JsonNode submitCode(String verificationId, String code) {
        return answer(send(request("/api/v1/verifications/" + verificationId + "/code")
                .header("Content-Type", "application/json").POST(body(Map.of("code", code)))), "code");
    }

    /** Reports what happened to a reply. */
    public void receipt(String messageId, String status, int attempt, String externalId) {
        Map<String, Object> receipt = new LinkedHashMap<>();
        receipt.put("messageId", messageId);
        receipt.put("channel", settings.channel());
        receipt.put("status", status);
        receipt.put("attempt", attempt);
        if (externalId != null) {
            receipt.put("externalId", externalId);
        }
        answer(send(request("/api/v1/receipts").header("Content-Type", "application/json").POST(body(receipt))),
                "receipt");
    }

    /** Omnihub answered, and said no: a 4xx is final, a 5xx may pass. */
    public static class Refused extends AdapterException {
        private final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        public boolean isFinal() {
            return status < 500;
        }
    }

    private JsonNode answer(HttpResponse<String> response, String what) {
        try {
            JsonNode body = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
            if (response.statusCode() >= 400) {
                throw new Refused(response.statusCode(), "Omnihub refused the " + what + " (HTTP "
                        + response.statusCode() + "): " + body.path("detail").asText(body.toString()));
            }
            return body;
        } catch (IOException e) {
            throw new AdapterException("Omnihub answered the " + what + " with something that is not JSON");
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).header("X-Omnihub-Key",
                settings.key());
    }

    private URI uri(String path) {
        return settings.hubUrl().resolve(path);
    }

    private static HttpRequest.BodyPublisher body(Object value) {
        try {
            return HttpRequest.BodyPublishers.ofString(value instanceof String s ? s : JSON.writeValueAsString(value));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new AdapterException("Cannot reach Omnihub at " + settings.hubUrl() + ": connection refused."
                    + " Is it running? Check OMNIHUB_URL");
        } catch (IOException e) {
            throw new AdapterException("Cannot reach Omnihub at " + settings.hubUrl() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdapterException("Interrupted");
        }
    }
}
