package io.omnihub.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Stands in for a bot platform we cannot reach: a real HTTP server on loopback that records every push it receives
 * and answers with the status codes a test queues (200 once the queue is empty).
 */
public class BotPlatformStub implements QuarkusTestResourceLifecycleManager {

    private static HttpServer server;
    /** A free port reserved for the chatbot reference adapter's push endpoint (ChannelAdaptersTest). */
    public static final int E2E_BOT_PORT = freePort();
    private static final List<Push> RECEIVED = new CopyOnWriteArrayList<>();
    private static final ConcurrentLinkedDeque<Integer> ANSWERS = new ConcurrentLinkedDeque<>();

    /** One request as received. */
    public record Push(Map<String, List<String>> headers, String body, int answered) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    @Override
    public synchronized Map<String, String> start() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/bot-callback", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Integer queued = ANSWERS.poll();
                int status = queued == null ? 200 : queued;
                RECEIVED.add(new Push(Map.copyOf(exchange.getRequestHeaders()), body, status));
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        }
        String callback = "http://127.0.0.1:" + server.getAddress().getPort() + "/bot-callback";
        return Map.of("omnihub.bots.\"test-bot\".callback-url", callback,
                "omnihub.bots.\"console-bot\".callback-url", callback,
                "omnihub.bots.\"handoff-bot\".callback-url", callback,
                "omnihub.bots.\"day-bot\".callback-url", callback,
                "omnihub.bots.\"week-bot\".callback-url", callback,
                "omnihub.bots.\"e2e-bot\".callback-url", "http://127.0.0.1:" + E2E_BOT_PORT + "/push");
    }

    @Override
    public void stop() {
        // shared by every test of the run; the JVM's exit ends it
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void answerNext(Integer... statuses) {
        ANSWERS.addAll(List.of(statuses));
    }

    public static List<Push> received() {
        return RECEIVED;
    }
}
