package io.omnihub.adapter.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.omnihub.adapter.common.AdapterException;

/** What an operator (or an admin) does through Omnihub's API, with a token from the local issuer. */
public class Operator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI hub;
    private final String token;
    private final HttpClient http = HttpClient.newHttpClient();

    public Operator(URI hub, String subject, List<String> roles) {
        this.hub = hub;
        this.token = call("POST", "/api/v1/local/tokens", Map.of("subject", subject, "roles", roles, "teams",
                List.of("*")), null).path("token").asText();
    }

    public JsonNode get(String path) {
        return call("GET", path, null, token);
    }

    public JsonNode post(String path, Object body) {
        return call("POST", path, body, token);
    }

    public JsonNode put(String path, Object body) {
        return call("PUT", path, body, token);
    }

    private JsonNode call(String method, String path, Object body, String bearer) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(hub.resolve(path)).header("Content-Type",
                    "application/json").method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() >= 400) {
                throw new AdapterException(method + " " + path + " answered " + answer.statusCode() + ": "
                        + answer.body());
            }
            return answer.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new AdapterException("Cannot reach Omnihub at " + hub + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdapterException("Interrupted");
        }
    }
}
