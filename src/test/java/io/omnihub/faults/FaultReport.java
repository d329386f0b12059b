package io.omnihub.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * {@code target/faults/report.md} and {@code report.json}: for each scenario that ran, its verdict, why it failed, and
 * the figures it measured; and {@code requests/<scenario>-<load>.csv}, every request with what it got. Rewritten after every
 * scenario, so a run that dies half-way still leaves what it measured.
 */
final class FaultReport {

    /** One scenario's entry; {@code figures} is filled while it runs. */
    record Entry(String name, String title, Map<String, Object> figures, List<String> failures, Path dir) {

        /** Writes every request of one of the scenario's loads, a CSV line each, to {@code requests/<name>-<load>.csv}. */
        void requests(String load, List<Outcome> outcomes) {
            List<String> lines = new ArrayList<>(List.of(Outcome.CSV_HEADER));
            outcomes.forEach(o -> lines.add(o.csv()));
            try {
                Files.createDirectories(dir.resolve("requests"));
                Files.write(dir.resolve("requests").resolve(name + "-" + load + ".csv"), lines);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the requests of " + name, e);
            }
        }
    }

    private final Path dir;
    private final Map<String, Object> run = new LinkedHashMap<>();
    private final List<Entry> entries = new ArrayList<>();

    FaultReport(Path dir, FaultSettings settings) {
        this.dir = dir;
        run.put("startedAt", Instant.now().toString());
        run.put("soak", settings.soak());
        run.put("only", settings.only());
        run.put("machine", Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version"));
        run.put("app", settings.app().toString());
    }

    synchronized Entry begin(String name, String title) {
        Entry entry = new Entry(name, title, new LinkedHashMap<>(), new ArrayList<>(), dir);
        entries.add(entry);
        return entry;
    }

    /** Records the end of a scenario: its wall time and, if it failed, why. */
    synchronized void end(Entry entry, double seconds, Throwable failure) {
        entry.figures().put("wallSeconds", Figures.round(seconds));
        if (failure != null) {
            entry.failures().add(failure.getMessage() == null ? failure.toString() : failure.getMessage().strip());
        }
        write();
    }

    synchronized void finish(double seconds) {
        run.put("wallSeconds", Figures.round(seconds));
        write();
    }

    private void write() {
        try {
            Files.createDirectories(dir);
            Map<String, Object> json = new LinkedHashMap<>(run);
            List<Map<String, Object>> scenarios = new ArrayList<>();
            for (Entry e : entries) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("name", e.name());
                s.put("title", e.title());
                s.put("verdict", verdict(e));
                s.put("failures", e.failures());
                s.put("figures", e.figures());
                scenarios.add(s);
            }
            json.put("scenarios", scenarios);
            HubCalls.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("report.json")
                    .toFile(), json);
            Files.writeString(dir.resolve("report.md"), markdown());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the fault report", e);
        }
    }

    private String markdown() {
        StringBuilder md = new StringBuilder("# Omnihub fault suite\n\n");
        run.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append("\n| scenario | verdict | wall time |\n| --- | --- | --- |\n");
        entries.forEach(e -> md.append("| ").append(e.name()).append(" | ").append(verdict(e)).append(" | ")
                .append(e.figures().getOrDefault("wallSeconds", "")).append(" s |\n"));
        for (Entry e : entries) {
            md.append("\n## ").append(e.name()).append(": ").append(e.title()).append("\n\n**")
                    .append(verdict(e)).append("**\n");
            e.failures().forEach(f -> md.append("\n```\n").append(f).append("\n```\n"));
            md.append("\n| figure | value |\n| --- | --- |\n");
            flatten("", e.figures(), md);
        }
        return md.toString();
    }

    /** Nested figures become dotted names; counts by kind (sorted maps) stay on one line. */
    private static void flatten(String prefix, Map<?, ?> figures, StringBuilder md) {
        figures.forEach((k, v) -> {
            if (v instanceof Map<?, ?> nested && !(v instanceof SortedMap) && !nested.isEmpty()) {
                flatten(prefix + k + ".", nested, md);
            } else {
                md.append("| ").append(prefix).append(k).append(" | ").append(String.valueOf(v).replace("|", "\\|"))
                        .append(" |\n");
            }
        });
    }

    private static String verdict(Entry e) {
        return e.failures().isEmpty() ? (e.figures().containsKey("wallSeconds") ? "PASS" : "RUNNING") : "FAIL";
    }
}
