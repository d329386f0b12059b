package io.omnihub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pauses and the heap left, as read from a GC log in the JVM's own words. */
class GcPausesTest {

    @Test
    void readsPausesAndTheMostHeapACollectionLeft(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("gc.log");
        Files.writeString(log, """
                [0.007s] Using G1
                [0.845s] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 19M->7M(380M) 17.306ms
                [3.223s] GC(6) Pause Remark 20M->20M(74M) 8.147ms
                [703.895s] GC(433) Pause Cleanup 159M->159M(259M) 0.278ms
                [7235.589s] GC(656) Pause Young (Normal) (G1 Evacuation Pause) 196M->120M(226M) 14.095ms
                [7237.620s] GC(657) Pause Young (Normal) (G1 Evacuation Pause) 197M->96M(226M) 16.610ms
                """);
        GcPauses gc = GcPauses.of(log);
        assertThat(gc.count()).isEqualTo(5);
        assertThat(gc.maxMs()).isEqualTo(17.306);
        assertThat(gc.runSeconds()).isEqualTo(7237.62);
        assertThat(gc.maxAfterMb()).as("a cleanup's heap in use is not what survived").isEqualTo(120);
    }
}
