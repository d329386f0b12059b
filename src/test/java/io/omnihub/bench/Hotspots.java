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
 * The top of a JFR recording of Omnihub: the methods most often on top of the stack in execution samples, and
 * Omnihub's own methods most often anywhere in the stack.
 */
final class Hotspots {

    private Hotspots() {
    }

    static Map<String, List<String>> of(Path recording) throws IOException {
        Map<String, Integer> top = new HashMap<>();
        Map<String, Integer> ours = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null
                    || e.getStackTrace().getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            top.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new LinkedHashSet<>();
            frames.stream().map(Hotspots::name).filter(n -> n.startsWith("io.omnihub.")).forEach(seen::add);
            seen.forEach(n -> ours.merge(n, 1, Integer::sum));
        }
        return Map.of("topFrames", ranked(top, samples), "omnihubInclusive", ranked(ours, samples));
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
