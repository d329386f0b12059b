package io.omnihub.bench;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The progress line: once a second, what the running phase says about itself. On a terminal the line is
 * rewritten in place; in a log (Maven, CI) it is printed every few seconds instead.
 */
final class Progress implements AutoCloseable {

    private final AtomicReference<Supplier<String>> status = new AtomicReference<>();
    private final boolean terminal = System.console() != null;
    private final long started = System.nanoTime();
    private final Thread thread;
    private volatile boolean running = true;

    Progress() {
        thread = new Thread(this::loop, "bench-progress");
        thread.setDaemon(true);
        thread.start();
    }

    /** What to show while a phase runs; {@code null} when it is over. */
    void track(Supplier<String> what) {
        Supplier<String> before = status.getAndSet(what);
        if (what == null && before != null && terminal) {
            System.out.print("\r\033[K");
        }
    }

    /** A line that stays. */
    void say(String line) {
        System.out.println((terminal ? "\r\033[K" : "") + "[bench] " + line);
    }

    private void loop() {
        int tick = 0;
        while (running) {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            }
            Supplier<String> what = status.get();
            if (what != null && (terminal || ++tick % 3 == 0)) {
                String line = String.format("[bench %4ds] %s", (System.nanoTime() - started) / 1_000_000_000, what.get());
                System.out.print(terminal ? "\r\033[K" + line : line + System.lineSeparator());
                System.out.flush();
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
