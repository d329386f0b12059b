package io.omnihub.adapter.chatbot;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.omnihub.adapter.common.AdapterException;
import io.omnihub.adapter.common.AdapterSettings;
import io.omnihub.adapter.common.Adapters;
import io.omnihub.adapter.common.Hub;
import io.omnihub.adapter.common.ReplyCommand;
import io.omnihub.adapter.common.ReplyLoop;
import io.omnihub.platform.Signatures;

/**
 * Plays a bot platform: it sends Omnihub signed webhooks (user messages, a hand-off with the transcript, stop
 * commands, closings) and receives Omnihub's signed pushes on {@code POST /push} (replies, and the hand-off notices
 * that tell the bot to stop or resume answering a conversation), refusing any whose signature does not match. It also consumes {@code omnihub.replies.chatbot}; a reply that arrives both ways is shown once.
 */
public class ChatbotPlatform implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AdapterSettings settings;
    private final String botId;
    private final String secret;
    private final HttpClient http = HttpClient.newHttpClient();
    private final HttpServer server;
    private final ReplyLoop loop;
    private final Map<String, List<String>> conversations = new ConcurrentHashMap<>();
    private final Set<String> shown = ConcurrentHashMap.newKeySet();
    private final List<String> refusedPushes = new CopyOnWriteArrayList<>();
    private final Map<String, List<String>> handoffs = new ConcurrentHashMap<>();

    public ChatbotPlatform(AdapterSettings settings, String botId, String secret, int port) throws IOException {
        this.settings = settings;
        this.botId = botId;
        this.secret = secret;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/push", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String ts = exchange.getRequestHeaders().getFirst("X-Omnihub-Timestamp");
            String signature = exchange.getRequestHeaders().getFirst("X-Omnihub-Signature");
            boolean fresh = ts != null && Math.abs(Instant.now().getEpochSecond() - Long.parseLong(ts)) <= 300;
            if (!fresh || !Signatures.matchesAny(signature, List.of(Signatures.chatbot(secret, ts, body)))) {
                refusedPushes.add(new String(body, StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(401, -1);
            } else {
                JsonNode push = JSON.readTree(body);
                String type = push.path("type").asText();
                if (type.startsWith("handoff.")) {
                    // accepted: people have the conversation, the bot stops answering; released: the bot answers again
                    handoffs.computeIfAbsent(push.path("conversationId").asText(), c -> new CopyOnWriteArrayList<>())
                            .add(type);
                } else {
                    show(push.path("messageId").asText(),
                            push.path("conversationId").asText(push.path("userId").asText()), push.path("text").asText());
                }
                exchange.sendResponseHeaders(200, -1);
            }
            exchange.close();
        });
        server.start();
        Hub hub = new Hub(settings);
        this.loop = new ReplyLoop(settings, hub, "adapter-chatbot", this::fromKafka, customerId -> {
        });
    }

    private String fromKafka(ReplyCommand reply) {
        String address = reply.to().value();
        show(reply.messageId(), address.substring(address.indexOf(':') + 1), reply.text());
        return null;
    }

    private void show(String messageId, String conversation, String text) {
        if (shown.add(messageId)) {
            conversations.computeIfAbsent(conversation, c -> new CopyOnWriteArrayList<>()).add(text);
        }
    }

    /** Where Omnihub should push replies: {@code omnihub.bots."<botId>".callback-url}. */
    public URI callbackUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/push");
    }

    /** Posts an event (message, handoff, command) to Omnihub's webhook, signed. */
    public JsonNode send(Object event) {
        try {
            byte[] body = event instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(event);
            String ts = Long.toString(Instant.now().getEpochSecond());
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(settings.hubUrl().resolve("/webhooks/chatbot/"
                    + botId)).header("Content-Type", "application/json").header("X-Omnihub-Timestamp", ts)
                    .header("X-Omnihub-Signature", Signatures.chatbot(secret, ts, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() >= 400) {
                throw new AdapterException("Omnihub refused the chatbot event (HTTP " + answer.statusCode() + "): "
                        + answer.body());
            }
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new AdapterException("Cannot reach Omnihub's chatbot webhook: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdapterException("Interrupted");
        }
    }

    /** What the bot user sees in a conversation, replies included. */
    public List<String> conversation(String conversationId) {
        return List.copyOf(conversations.getOrDefault(conversationId, List.of()));
    }

    /** The hand-off notices received for a conversation, in order ({@code handoff.accepted}, {@code handoff.released}). */
    public List<String> handoffs(String conversationId) {
        return List.copyOf(handoffs.getOrDefault(conversationId, List.of()));
    }

    /** Whether people have the conversation now, so the bot must not answer it. */
    public boolean withPeople(String conversationId) {
        List<String> notices = handoffs(conversationId);
        return !notices.isEmpty() && notices.get(notices.size() - 1).equals("handoff.accepted");
    }

    public List<String> refusedPushes() {
        return List.copyOf(refusedPushes);
    }

    @Override
    public void close() {
        loop.close();
        server.stop(0);
    }

    public static void main(String[] args) {
        Adapters.run("chatbot", settings -> {
            try {
                return new ChatbotPlatform(settings, Adapters.env("BOT_ID", "demo-bot"),
                        Adapters.env("BOT_SECRET", ""), Integer.parseInt(Adapters.env("BOT_PORT", "8091")));
            } catch (IOException e) {
                throw new AdapterException("Cannot listen for pushes: " + e.getMessage());
            }
        });
    }
}
