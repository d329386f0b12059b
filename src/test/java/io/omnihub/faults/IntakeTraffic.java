package io.omnihub.faults;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Inbound messages as the web and app adapters send them (alternately), each on a new thread with its own external id
 * ({@code <scenario>-<run>-<i>}), so that every acknowledged request, every retry and every duplicate can be found by
 * it. As in the benchmark's mix, half come from new customers and half from customers seen just before on the same
 * channel (each customer writes twice). The same index always gives the same body, byte for byte: a retry is the same
 * request.
 */
final class IntakeTraffic {

    private static final String TEXT = "Hello, my order has not arrived yet and the tracking page shows no update"
            + " since Monday. Could you check where it is?";
    private static final AtomicLong PERSONAS = new AtomicLong(new SplittableRandom().nextInt(100_000_000));

    private final String prefix;
    private final long personas = PERSONAS.getAndAdd(10_000_000);
    private final Map<String, String> adapterKeys;
    private final Map<Integer, String> bodies = new ConcurrentHashMap<>();

    /** @param adapterKeys an adapter key for each of {@code web} and {@code app} */
    IntakeTraffic(String scenario, Map<String, String> adapterKeys) {
        this.prefix = scenario + "-" + Long.toString(System.currentTimeMillis(), 36);
        this.adapterKeys = adapterKeys;
    }

    static String channel(int i) {
        return i % 2 == 0 ? "web" : "app";
    }

    /** {@code channel/externalId}: how the store checks find request {@code i}. */
    String key(int i) {
        return channel(i) + "/" + prefix + "-" + i;
    }

    /** Request {@code i} to one replica or, in order, to several (a client that retries elsewhere). */
    ConstantRateLoad.Call call(int i, List<URI> replicas) {
        String body = body(i);
        return new ConstantRateLoad.Call(key(i), replicas.stream()
                .map(hub -> HubCalls.intake(hub, adapterKeys.get(channel(i)), body)).toList());
    }

    HttpRequest request(int i, URI hub) {
        return HubCalls.intake(hub, adapterKeys.get(channel(i)), body(i));
    }

    /** A mobile number no other customer of the run has. */
    static String newPhone() {
        return phone(PERSONAS.incrementAndGet());
    }

    private static String phone(long persona) {
        return "+79" + String.format("%09d", 100_000_000 + persona % 800_000_000);
    }

    private String body(int i) {
        return bodies.computeIfAbsent(i, n -> {
            long persona = personas + (n / 4) * 2L + n % 2; // 0 and 2 share a customer, 1 and 3 another, …
            String channel = channel(n);
            ObjectNode customer = HubCalls.JSON.createObjectNode().put("phone", phone(persona));
            if (channel.equals("web")) {
                customer.put("email", "faults" + persona + "@example.org").put("webVisitorId", "visitor-" + persona);
            } else {
                customer.put("appUserId", "app-" + persona);
            }
            ObjectNode message = HubCalls.JSON.createObjectNode().put("channel", channel)
                    .put("externalId", prefix + "-" + n).put("thread", "thread-" + prefix + "-" + n).put("text", TEXT)
                    .put("subject", "Order " + n);
            message.set("customer", customer);
            return message.toString();
        });
    }
}
