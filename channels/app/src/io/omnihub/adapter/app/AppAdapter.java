package io.omnihub.adapter.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.omnihub.adapter.common.AdapterSettings;
import io.omnihub.adapter.common.Adapters;
import io.omnihub.adapter.common.InboxAdapter;
import io.omnihub.adapter.common.ReplyCommand;

/**
 * Reference adapter of the mobile app: replies go into the in-app inbox, and a push notification goes to the
 * device. The push service is represented by a local endpoint (POST /push), which records what devices got.
 */
public class AppAdapter extends InboxAdapter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer pushService;
    private final List<Map<String, String>> pushed = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    public AppAdapter(AdapterSettings settings) {
        super(settings);
        try {
            pushService = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        pushService.createContext("/push", exchange -> {
            pushed.add(JSON.readValue(exchange.getRequestBody(), Map.class));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        pushService.start();
    }

    @Override
    protected String deliver(ReplyCommand reply) throws Exception {
        inbox.put(reply);
        String body = JSON.writeValueAsString(Map.of("device", reply.to().value(),
                "title", "New reply", "messageId", reply.messageId()));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + pushService.getAddress().getPort() + "/push")).POST(HttpRequest.BodyPublishers.ofString(body,
                        StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException("push refused: " + answer.statusCode());
        }
        return null;
    }

    /** The notifications devices received. */
    public List<Map<String, String>> pushed() {
        return List.copyOf(pushed);
    }

    @Override
    public void close() {
        super.close();
        pushService.stop(0);
    }

    public static void main(String[] args) {
        Adapters.run("app", AppAdapter::new);
    }
}
