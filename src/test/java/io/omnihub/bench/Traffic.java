package io.omnihub.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.platform.Signatures;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * The intake traffic: a mix of web (30%), app (25%), chatbot (20%, signed webhook), SMS (15%, signed
 * Twilio-compatible webhook) and office (10%) messages, each sent exactly as that channel's adapter or platform
 * sends it. Half come from new customers; the other half from customers seen before, on any channel, recognised by
 * the phone number every channel carries. Follow-ups on a channel the customer used before land in the same thread.
 */
final class Traffic {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] CHANNELS = { "web", "app", "chatbot", "sms", "office" };
    private static final int[] WEIGHTS = { 30, 25, 20, 15, 10 };
    private static final int KNOWN_CAPACITY = 1 << 20;
    private static final String TEXT = "Hello, my order has not arrived yet and the tracking page shows no update"
            + " since Monday. Could you check where it is and when it will be delivered? Thank you.";

    /** Where to send, and the credentials each channel signs or authenticates with. */
    record Endpoints(String hubUrl, Map<String, String> adapterKeys, String botId, String botSecret,
            String smsAccount, String smsToken) {

        /** The same credentials, sent to another replica. */
        Endpoints at(URI hub) {
            return new Endpoints(hub.toString(), adapterKeys, botId, botSecret, smsAccount, smsToken);
        }
    }

    private final Endpoints endpoints;
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final SplittableRandom random = new SplittableRandom(8);
    private final long phoneBase = 100_000_000L + new SplittableRandom().nextInt(300_000_000);
    private final AtomicInteger personas = new AtomicInteger();
    private final AtomicIntegerArray known = new AtomicIntegerArray(KNOWN_CAPACITY);
    private final AtomicInteger knownCount = new AtomicInteger();
    private final AtomicInteger sequence = new AtomicInteger();
    /** Requests started on the web channel, for the reply phase. */
    final ConcurrentLinkedQueue<String> webRequests = new ConcurrentLinkedQueue<>();

    Traffic(Endpoints endpoints) {
        this.endpoints = endpoints;
    }

    /** The next intake request. Called by the load generator's scheduling thread only. */
    OpenLoad.Call next(int ignored) {
        int n = sequence.incrementAndGet();
        int seen = Math.min(knownCount.get(), KNOWN_CAPACITY);
        int persona = seen > 0 && random.nextBoolean() ? known.get(random.nextInt(seen)) : personas.getAndIncrement();
        String channel = channel();
        String id = run + "-" + n;
        OpenLoad.Answer remember = (intended, body) -> {
            known.set(knownCount.getAndIncrement() % KNOWN_CAPACITY, persona);
            if (channel.equals("web")) {
                webRequests.add(field(body, "requestId"));
            }
        };
        return switch (channel) {
            case "chatbot" -> chatbot(id, persona, remember);
            case "sms" -> sms(id, persona, remember);
            default -> adapter(channel, id, persona, remember);
        };
    }

    /** The phone of a customer this traffic created, for lookups. */
    String phone(int persona) {
        return "+79" + String.format("%09d", phoneBase + persona);
    }

    /** A random customer that has written in already, or -1. */
    int knownPersona(SplittableRandom r) {
        int seen = Math.min(knownCount.get(), KNOWN_CAPACITY);
        return seen == 0 ? -1 : known.get(r.nextInt(seen));
    }

    private String channel() {
        int pick = random.nextInt(100);
        for (int i = 0; i < CHANNELS.length; i++) {
            pick -= WEIGHTS[i];
            if (pick < 0) {
                return CHANNELS[i];
            }
        }
        return CHANNELS[0];
    }

    private OpenLoad.Call adapter(String channel, String id, int persona, OpenLoad.Answer answer) {
        ObjectNode customer = JSON.createObjectNode().put("phone", phone(persona));
        switch (channel) {
            case "web" -> customer.put("email", "customer" + persona + "@bench.example.org")
                    .put("webVisitorId", "visitor-" + persona).put("name", "Customer " + persona);
            case "app" -> customer.put("appUserId", "app-" + persona);
            default -> customer.put("officeCard", "CARD-" + persona);
        }
        ObjectNode message = JSON.createObjectNode().put("channel", channel).put("externalId", channel + "-" + id)
                .put("thread", channel + "-thread-" + persona).put("text", TEXT).put("subject", "Order " + id);
        message.set("customer", customer);
        if (channel.equals("office")) {
            message.put("staffAuthor", "staff-" + (persona % 40));
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json")
                .add("X-Omnihub-Key", endpoints.adapterKeys().get(channel));
        return new OpenLoad.Call(HttpMethod.POST, "/api/v1/inbound/messages", headers, Buffer.buffer(message.toString()),
                answer);
    }

    private OpenLoad.Call chatbot(String id, int persona, OpenLoad.Answer answer) {
        ObjectNode event = JSON.createObjectNode().put("type", "message").put("eventId", "evt-" + id)
                .put("conversationId", "conv-" + persona).put("text", TEXT).put("sentAt", Instant.now().toString());
        event.putObject("user").put("id", "user-" + persona).put("phone", phone(persona)).put("name", "Customer");
        byte[] body = event.toString().getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json")
                .add("X-Omnihub-Timestamp", timestamp)
                .add("X-Omnihub-Signature", Signatures.chatbot(endpoints.botSecret(), timestamp, body));
        return new OpenLoad.Call(HttpMethod.POST, "/webhooks/chatbot/" + endpoints.botId(), headers,
                Buffer.buffer(body), answer);
    }

    private OpenLoad.Call sms(String id, int persona, OpenLoad.Answer answer) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", "SM" + id);
        form.put("AccountSid", endpoints.smsAccount());
        form.put("From", phone(persona));
        form.put("To", "+74950000000");
        form.put("Body", TEXT);
        String path = "/webhooks/sms";
        String signature = Signatures.twilio(endpoints.smsToken(), endpoints.hubUrl() + path, form.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))));
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .add("X-Twilio-Signature", signature);
        return new OpenLoad.Call(HttpMethod.POST, path, headers, Buffer.buffer(body), answer);
    }

    static String field(Buffer json, String name) {
        try {
            return JSON.readTree(json.getBytes()).path(name).asText();
        } catch (IOException e) {
            throw new IllegalStateException("Omnihub answered something that is not JSON", e);
        }
    }
}
