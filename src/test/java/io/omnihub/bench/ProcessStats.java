package io.omnihub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Omnihub process's resident memory and CPU while a phase runs, from {@code /proc/<pid>/status} (VmRSS) and
 * {@code /proc/<pid>/stat} (utime + stime). CPU is in percent of one core; this machine has
 * {@link Runtime#availableProcessors()} of them.
 */
final class ProcessStats implements AutoCloseable {

    /** CPU time per wall time in percent of one core; the largest RSS seen, in MiB. */
    record Usage(double cpuPercent, double rssMaxMib, double rssEndMib, double cpuSeconds) {

        /** CPU milliseconds per operation, for {@code operations} done while measured. */
        double cpuMsPer(long operations) {
            return operations == 0 ? Double.NaN : cpuSeconds * 1000 / operations;
        }
    }

    /** Linux's USER_HZ: the unit of utime and stime. */
    static final double TICKS_PER_SECOND = 100;

    private final long pid;
    private final long ticks0;
    private final long wall0 = System.nanoTime();
    private final Thread sampler;
    private volatile long rssMaxKib;
    private volatile boolean running = true;

    ProcessStats(long pid) {
        this.pid = pid;
        this.ticks0 = cpuTicks();
        this.sampler = new Thread(() -> {
            while (running) {
                rssMaxKib = Math.max(rssMaxKib, rssKib());
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-proc-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    static boolean supported(long pid) {
        return Files.isReadable(Path.of("/proc", Long.toString(pid), "stat"));
    }

    Usage usage() {
        double seconds = (System.nanoTime() - wall0) / 1e9;
        long rss = rssKib();
        double cpu = (cpuTicks() - ticks0) / TICKS_PER_SECOND;
        return new Usage(100 * cpu / seconds, Math.max(rssMaxKib, rss) / 1024.0, rss / 1024.0, cpu);
    }

    private long cpuTicks() {
        String[] f = stat(pid);
        if (f == null) {
            throw new IllegalStateException("Cannot read /proc/" + pid + "/stat");
        }
        return cpuTicks(f);
    }

    /** The fields of /proc/PID/stat after the command name (state first, then the parent), or null when it is gone. */
    static String[] stat(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name is in parentheses and may hold spaces
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException e) {
            return null;
        }
    }

    /** User and system time, in ticks, from {@link #stat} fields. */
    static long cpuTicks(String[] stat) {
        return Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
    }

    private long rssKib() {
        return read("status").lines().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(0L);
    }

    private String read(String file) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), file));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read /proc/" + pid + "/" + file, e);
        }
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
