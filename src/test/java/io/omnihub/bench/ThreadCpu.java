package io.omnihub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Omnihub's CPU by kind of thread, from {@code /proc/<pid>/task}: event loops, Kafka's threads, the JIT's compilers,
 * the garbage collector's. Threads are grouped by their name without its closing number (the kernel keeps 15
 * characters of it). A thread started during the phase counts from zero; one that ended during it is lost.
 */
final class ThreadCpu {

    private final long pid;
    private final Map<Long, Thread> before;

    private record Thread(String group, long ticks) {
    }

    ThreadCpu(long pid) {
        this.pid = pid;
        this.before = threads(pid);
    }

    /** CPU milliseconds per operation for each group since the start, for {@code operations} done meanwhile. */
    Map<String, Double> msPer(long operations) {
        Map<String, Double> groups = new TreeMap<>();
        threads(pid).forEach((tid, now) -> {
            Thread then = before.get(tid);
            long spent = now.ticks() - (then == null ? 0 : then.ticks());
            groups.merge(now.group(), spent * 1000 / ProcessStats.TICKS_PER_SECOND / Math.max(1, operations),
                    Double::sum);
        });
        return groups;
    }

    private static Map<Long, Thread> threads(long pid) {
        Map<Long, Thread> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    threads.put(Long.parseLong(task.getFileName().toString()),
                            new Thread(group(name), ProcessStats.cpuTicks(fields)));
                } catch (IOException | RuntimeException e) {
                    // the thread ended while listed
                }
            });
        } catch (IOException e) {
            // the process is gone: nothing to count
        }
        return threads;
    }

    /** "GC Thread#1" as "GC Thread", "executor-thread-12" as "executor-thread": the name without its number. */
    static String group(String name) {
        return name.replaceAll("[#-]?[0-9]+$", "").strip();
    }
}
