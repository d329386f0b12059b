package io.omnihub.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A JDK Flight Recorder recording of the Omnihub process, started and dumped with {@code jcmd}. */
final class Recording implements AutoCloseable {

    private final long pid;
    private final Path file;

    private Recording(long pid, Path file) {
        this.pid = pid;
        this.file = file;
    }

    /** Starts recording the process; {@link #close} writes the recording to {@code file}. */
    static Recording start(long pid, Path file) throws IOException, InterruptedException {
        Recording r = new Recording(pid, file.toAbsolutePath());
        r.jcmd("JFR.start", "name=bench", "settings=profile");
        return r;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        jcmd("JFR.stop", "name=bench", "filename=" + file);
    }

    private void jcmd(String... command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> args = new java.util.ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
        args.addAll(List.of(command));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + String.join(" ", command) + " failed");
        }
    }
}
