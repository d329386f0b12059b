package io.omnihub.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps every server process the suite starts from outliving it. Each process is tracked as a pid file in one folder;
 * a small shell waits for this JVM to end and then kills ({@code CONT}, then {@code KILL}) whatever those files still
 * name, so nothing is left behind even when the JVM is killed without running its hooks (as
 * {@code io.omnihub.local.Watchdog} does for the local servers). A normal end stops everything through
 * {@link #stopAll()} first, from {@code @AfterAll} or, failing that, a shutdown hook.
 */
final class OrphanGuard {

    private static final String SCRIPT = """
            trap '' INT HUP
            jvm=$1; dir=$2
            while kill -0 "$jvm" 2>/dev/null; do sleep 1; done
            for f in "$dir"/*.pid; do
              [ -f "$f" ] || continue
              p=$(head -n 1 "$f"); kill -CONT "$p" 2>/dev/null; kill -KILL "$p" 2>/dev/null; rm -f "$f"
            done
            exit 0
            """;

    private final Path dir;
    private final Process watcher;
    private final Map<String, Runnable> stops = new ConcurrentHashMap<>();

    private OrphanGuard(Path dir, Process watcher) {
        this.dir = dir;
        this.watcher = watcher;
    }

    static OrphanGuard start(Path dir) {
        try {
            Files.createDirectories(dir);
            try (var old = Files.list(dir)) {
                for (Path stale : old.toList()) {
                    Files.delete(stale); // from an earlier run whose watcher already acted
                }
            }
            Process watcher = new ProcessBuilder("sh", "-c", SCRIPT, "omnihub-faults-guard",
                    Long.toString(ProcessHandle.current().pid()), dir.toAbsolutePath().toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            OrphanGuard guard = new OrphanGuard(dir, watcher);
            Runtime.getRuntime().addShutdownHook(new Thread(guard::stopAll, "omnihub-faults-stop"));
            return guard;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the orphan guard", e);
        }
    }

    /** Remembers a running process, and how to stop it properly at the end. */
    void track(String name, long pid, Runnable stop) {
        try {
            Files.writeString(dir.resolve(name + ".pid"), pid + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        stops.put(name, stop);
    }

    /** Forgets a process that ended. */
    void untrack(String name) {
        stops.remove(name);
        try {
            Files.deleteIfExists(dir.resolve(name + ".pid"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops every tracked process (the application first, the servers last), then the watcher. */
    synchronized void stopAll() {
        List<String> names = stops.keySet().stream()
                .sorted(Comparator.comparing((String name) -> !name.startsWith("hub-"))).toList();
        for (String name : names) {
            Runnable stop = stops.get(name);
            try {
                if (stop != null) {
                    stop.run();
                }
            } catch (RuntimeException e) {
                System.err.println("[faults] stopping " + name + ": " + e.getMessage());
            }
            untrack(name);
        }
        watcher.destroyForcibly();
    }
}
