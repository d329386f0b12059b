package io.omnihub.adapter.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.adapter.common.AdapterException;

/** What the demo's story needs besides the adapters: the messages it sends, what it tells, and its waits. */
final class Story {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Story() {
    }

    /** Why the routing decision of a reply passed over {@code channel}, as its reasons' details. */
    static String reasons(JsonNode reply, String channel) {
        for (JsonNode c : reply.path("decision").path("candidates")) {
            if (c.path("channel").asText().equals(channel)) {
                StringBuilder sb = new StringBuilder();
                c.path("reasons").forEach(r -> sb.append(sb.isEmpty() ? "" : ", ").append(r.path("detail").asText()));
                return sb.toString();
            }
        }
        return "not a candidate";
    }

    /** The origin channels of a timeline's requests. */
    static String channels(JsonNode requests) {
        StringBuilder sb = new StringBuilder();
        requests.forEach(r -> sb.append(sb.isEmpty() ? "" : ", ").append(r.path("originChannel").asText()));
        return sb.toString();
    }

    /** A message as an adapter posts it to Omnihub. */
    static ObjectNode message(String channel, String id, String thread, Map<String, String> customer,
            String text) {
        ObjectNode m = JSON.createObjectNode().put("channel", channel).put("externalId", id).put("thread", thread)
                .put("text", text);
        m.set("customer", JSON.valueToTree(customer));
        return m;
    }

    /** The first eight characters of an id in an answer, enough to tell it on screen. */
    static String shortId(JsonNode answer, String field) {
        return answer.path(field).asText().substring(0, 8);
    }

    /** A contact as the narration shows it: its ends only. */
    static String mask(String value) {
        return value.length() <= 4 ? "****" : value.substring(0, 3) + "****" + value.substring(value.length() - 2);
    }

    /** Waits for a message holding a one-time code, and answers the code, as the customer reads it. */
    static String code(String what, Supplier<String> message) {
        String[] found = new String[1];
        await(what, () -> (found[0] = message.get()) != null);
        Matcher m = Pattern.compile("\\b([0-9]{6})\\b").matcher(found[0]);
        if (!m.find()) {
            throw new AdapterException("No code in the message");
        }
        return m.group(1);
    }

    /** An e-mail's text, or empty when it cannot be read. */
    static String body(MimeMessage message) {
        try {
            return String.valueOf(message.getContent());
        } catch (Exception e) {
            return "";
        }
    }

    /** Waits up to 30 seconds until {@code condition} holds, as a user would watch for it. */
    static void await(String what, BooleanSupplier condition) {
        Instant until = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(until)) {
                throw new AdapterException("Timed out waiting until " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AdapterException("Interrupted");
            }
        }
    }
}
