package io.omnihub.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The top of a JFR recording of Omnihub: where execution samples fall by layer, the methods most often on top of the
 * stack, and Omnihub's own methods most often anywhere in the stack.
 */
final class Hotspots {

    private Hotspots() {
    }

    /** Layers by package prefix, in the order a frame is matched; the JDK is not a layer of its own here. */
    private static final Map<String, List<String>> LAYERS = layers();

    private static Map<String, List<String>> layers() {
        Map<String, List<String>> l = new java.util.LinkedHashMap<>();
        l.put("ORM (Hibernate, Panache)", List.of("org.hibernate.", "io.quarkus.hibernate."));
        l.put("database driver (Vert.x PostgreSQL client)", List.of("io.vertx.pgclient.", "io.vertx.sqlclient."));
        l.put("crypto (Tink, JCE)", List.of("com.google.crypto.tink.", "javax.crypto.", "com.sun.crypto.",
                "sun.security."));
        l.put("JSON (Jackson)", List.of("com.fasterxml.jackson."));
        l.put("Kafka client and messaging", List.of("org.apache.kafka.", "io.smallrye.reactive.messaging."));
        l.put("Redis client", List.of("io.vertx.redis.", "io.quarkus.redis."));
        l.put("reactive plumbing (Mutiny, Vert.x, Netty, context propagation)", List.of("io.smallrye.mutiny.",
                "io.vertx.", "io.netty.", "io.smallrye.context.", "io.quarkus.vertx.", "io.smallrye.common."));
        l.put("HTTP and REST (Quarkus REST)", List.of("org.jboss.resteasy.", "io.quarkus.resteasy."));
        l.put("our code", List.of("io.omnihub."));
        return l;
    }

    static Map<String, List<String>> of(Path recording) throws IOException {
        Map<String, Integer> top = new HashMap<>();
        Map<String, Integer> ours = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null
                    || e.getStackTrace().getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            top.merge(name(frames.get(0)), 1, Integer::sum);
            // self: the layer of the first frame from the top that is not the JDK's (a HashMap lookup counts for
            // whoever called it); inclusive: every layer anywhere on the stack
            String owner = frames.stream().map(f -> layer(name(f))).filter(l -> l != null).findFirst()
                    .orElse("JDK and other");
            self.merge(owner, 1, Integer::sum);
            frames.stream().map(f -> layer(name(f))).filter(l -> l != null).distinct()
                    .forEach(l -> inclusive.merge(l, 1, Integer::sum));
            Set<String> seen = new LinkedHashSet<>();
            frames.stream().map(Hotspots::name).filter(n -> n.startsWith("io.omnihub.")).forEach(seen::add);
            seen.forEach(n -> ours.merge(n, 1, Integer::sum));
        }
        Map<String, List<String>> report = new java.util.LinkedHashMap<>();
        report.put("samples by layer (the first frame from the top outside the JDK)", ranked(self, samples));
        report.put("samples with the layer anywhere on the stack", ranked(inclusive, samples));
        report.put("top frames", ranked(top, samples));
        report.put("Omnihub's methods anywhere on the stack", ranked(ours, samples));
        return report;
    }

    private static String layer(String frame) {
        for (Map.Entry<String, List<String>> l : LAYERS.entrySet()) {
            if (l.getValue().stream().anyMatch(frame::startsWith)) {
                return l.getKey();
            }
        }
        return null;
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static List<String> ranked(Map<String, Integer> counts, int samples) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer> comparingByValue().reversed()).limit(12)
                .map(e -> String.format("%5.1f%% %s", 100.0 * e.getValue() / Math.max(samples, 1), e.getKey()))
                .toList();
    }
}
