package io.omnihub.adapter.common;

import java.util.function.Function;

/** Runs a reference adapter from the command line, with a plain message instead of a stack trace. */
public final class Adapters {

    private Adapters() {
    }

    public static void run(String channel, Function<AdapterSettings, AutoCloseable> start) {
        try {
            AutoCloseable adapter = start.apply(AdapterSettings.fromEnvironment(channel));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    adapter.close();
                } catch (Exception e) {
                    // stopping anyway
                }
            }));
            System.out.println("[" + channel + " adapter] running: submitting to Omnihub, delivering omnihub.replies."
                    + channel + "; Ctrl-C stops");
            Thread.currentThread().join();
        } catch (AdapterException e) {
            System.err.println("[" + channel + " adapter] " + e.getMessage());
            System.exit(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
