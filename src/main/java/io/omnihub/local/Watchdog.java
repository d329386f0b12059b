package io.omnihub.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure local server processes never outlive the JVM that started them, even when it is killed without
 * running its shutdown hooks: a small shell waits for this JVM to end and then stops every process named in the
 * given pid files.
 */
final class Watchdog {

    private static final String SCRIPT = """
            trap '' INT HUP
            jvm=$1; shift
            while kill -0 "$jvm" 2>/dev/null; do sleep 1; done
            for f in "$@"; do [ -f "$f" ] && kill "$(head -n 1 "$f")" 2>/dev/null; done
            exit 0
            """;

    private Watchdog() {
    }

    static void guard(List<String> pidFiles) {
        List<String> command = new ArrayList<>(List.of("sh", "-c", SCRIPT, "omnihub-watchdog",
                Long.toString(ProcessHandle.current().pid())));
        command.addAll(pidFiles);
        try {
            new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            // no POSIX shell: the shutdown hooks still stop the servers on a normal exit
        }
    }

    /** Sends a signal ({@code STOP}, {@code CONT}, …) to the process named in a pid file, and waits for kill. */
    static void signal(Path pidFile, String signal) {
        try {
            String pid = Files.readString(pidFile).lines().findFirst().orElse("").trim();
            int exit = new ProcessBuilder("kill", "-" + signal, pid).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the process named in a pid file and waits up to ten seconds for it to end. */
    static void terminate(Path pidFile) {
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readString(pidFile).lines().findFirst().orElse("").trim());
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroy();
                try {
                    p.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    p.destroyForcibly();
                }
            });
            Files.deleteIfExists(pidFile);
        } catch (IOException | NumberFormatException e) {
            // nothing left to stop
        }
    }
}
