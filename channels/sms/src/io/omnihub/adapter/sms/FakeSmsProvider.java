package io.omnihub.adapter.sms;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpServer;

import io.omnihub.platform.Signatures;

/**
 * A stand-in for an SMS provider we cannot reach: the Twilio Messages API on loopback. It records every message
 * it is asked to send, answers with a message SID, and reports delivery to the message's status callback, signed
 * like the real provider.
 */
public class FakeSmsProvider implements AutoCloseable {

    /** A message the provider was asked to send. */
    public record Sent(String sid, String to, String from, String body) {
    }

    private final HttpServer server;
    private final String authToken;
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    public FakeSmsProvider(String authToken) throws IOException {
        this.authToken = authToken;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/2010-04-01/Accounts/", exchange -> {
            Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String account = exchange.getRequestURI().getPath().split("/")[3];
            String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
            sent.add(new Sent(sid, form.get("To"), form.get("From"), form.get("Body")));
            byte[] answer = ("{\"sid\":\"" + sid + "\",\"status\":\"queued\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
            if (form.get("StatusCallback") != null) {
                new Thread(() -> callback(form.get("StatusCallback"), account, sid, form)).start();
            }
        });
        server.start();
    }

    private void callback(String url, String account, String sid, Map<String, String> message) {
        Map<String, String> status = new LinkedHashMap<>();
        status.put("MessageSid", sid);
        status.put("AccountSid", account);
        status.put("MessageStatus", "delivered");
        status.put("To", message.get("To"));
        status.put("From", message.get("From"));
        String signature = Signatures.twilio(authToken, url, status.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))));
        try {
            Thread.sleep(300); // the handset reports a little later
            http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type",
                    "application/x-www-form-urlencoded").header("X-Twilio-Signature", signature)
                    .POST(HttpRequest.BodyPublishers.ofString(SmsAdapter.encode(status))).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            // the provider gives up on a callback that fails
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    private static Map<String, String> parse(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
