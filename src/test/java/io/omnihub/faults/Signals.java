package io.omnihub.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Operating-system processes by pid, as the scenarios treat them: {@code kill -STOP}, {@code -CONT}, {@code -TERM},
 * {@code -KILL}, and waiting until a process is really gone. A zombie (exited, not yet reaped) counts as dead.
 */
final class Signals {

    private Signals() {
    }

    /** Sends a signal ({@code STOP}, {@code CONT}, {@code TERM}, {@code INT}, {@code KILL}) to these processes. */
    static void send(String signal, Collection<Long> pids) {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes()).strip();
            // a process that ended meanwhile (a backend that finished) is not an error; any other refusal is
            boolean refused = output.lines().anyMatch(line -> !line.contains("No such process"));
            if (kill.waitFor() != 0 && refused) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run kill: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void send(String signal, long pid) {
        send(signal, List.of(pid));
    }

    /** Whether the process exists and has not exited. */
    static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the process is stopped by a signal (state T). */
    static boolean stopped(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'T';
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until the process has exited (or was never there); answers false if it still runs after the timeout. */
    static boolean awaitDead(long pid, Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        while (alive(pid)) {
            if (System.nanoTime() > until) {
                return false;
            }
            sleep(50);
        }
        return true;
    }

    /** Waits until the process is reaped too: no {@code /proc} entry left (a pid file check sees zombies as alive). */
    static void awaitReaped(long pid, Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        while (Files.exists(Path.of("/proc", Long.toString(pid))) && System.nanoTime() < until) {
            sleep(50);
        }
    }

    /** The process and every process below it, parent first. */
    static List<Long> withDescendants(long pid) {
        List<Long> pids = new ArrayList<>(List.of(pid));
        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
        return pids;
    }

    /** The pid in the first line of a pid file ({@code postmaster.pid}, {@code redis.pid}). */
    static long readPid(Path pidFile) {
        try {
            return Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("No pid in " + pidFile + ": " + e.getMessage(), e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
