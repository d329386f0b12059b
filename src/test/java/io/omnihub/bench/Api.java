package io.omnihub.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Omnihub's API, one call at a time: for setting a run up and for the consent probe, never for the load. */
final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI hub;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Api(URI hub) {
        this.hub = hub;
    }

    /** A token from the local issuer, which the run command enables when no identity provider is configured. */
    String token(String subject, String role) {
        return post("/api/v1/local/tokens", null, Map.of("subject", subject, "roles", List.of(role), "teams",
                List.of("*"))).path("token").asText();
    }

    /** A new adapter credential for a channel. */
    String adapterKey(String adminToken, String channel) {
        // the adapters play backends that authenticated their customers: they vouch for what they send
        List<String> vouches = switch (channel) {
            case "web" -> List.of("email", "phone", "web_visitor");
            case "app" -> List.of("app_user", "email", "phone");
            case "office" -> List.of("office_card", "email", "phone");
            default -> List.of();
        };
        return post("/api/v1/admin/adapters/bench-" + channel + "/credentials", "Bearer " + adminToken,
                Map.of("channel", channel, "vouches", vouches)).path("key").asText();
    }

    JsonNode post(String path, String authorization, Object body) {
        return call("POST", path, authorization, body, null);
    }

    JsonNode submit(String adapterKey, Object message) {
        return call("POST", "/api/v1/inbound/messages", null, message, adapterKey);
    }

    JsonNode get(String path, String authorization) {
        return call("GET", path, authorization, null, null);
    }

    private JsonNode call(String method, String path, String authorization, Object body, String adapterKey) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(hub.resolve(path)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            if (adapterKey != null) {
                request.header("X-Omnihub-Key", adapterKey);
            }
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            // an answer 503 with Retry-After stored nothing: sent again as it asks, for up to 30 s
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (answer.statusCode() == 503 && answer.headers().firstValue("Retry-After").isPresent()
                    && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            }
            if (answer.statusCode() >= 400) {
                throw new IllegalStateException(method + " " + path + " answered " + answer.statusCode() + ": "
                        + answer.body());
            }
            return answer.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot reach Omnihub at " + hub + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
