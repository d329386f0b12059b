package io.omnihub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The sample payloads of {@code channels/<id>/samples}, with unique ids and identifiers per use so that tests
 * sharing one database never see each other's customers.
 */
public final class Samples {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong SEQUENCE = new AtomicLong(System.nanoTime() % 1_000_000);

    private Samples() {
    }

    public static ObjectNode json(String channel, String name) {
        try {
            return (ObjectNode) JSON.readTree(Files.readString(path(channel, name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String channel, String name) {
        try {
            return Files.readString(path(channel, name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A unique suffix. */
    public static String unique() {
        return Long.toString(SEQUENCE.incrementAndGet(), 36)
                + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }

    /** A valid, unique Russian mobile number in E.164. */
    public static String phone() {
        return "+7916" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
    }

    public static String email() {
        return "customer-" + unique() + "@example.org";
    }

    private static Path path(String channel, String name) {
        return Path.of("channels", channel, "samples", name);
    }
}
