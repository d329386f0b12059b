package io.omnihub.delivery.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.omnihub.platform.Ids;
import io.omnihub.platform.OutboxEntry;

/** Which claimed entries may go now, so that each key's entries are published in the order they were created. */
class OutboxOrderTest {

    private final List<Object[]> pending = new ArrayList<>();

    private OutboxEntry entry(String key) {
        OutboxEntry e = new OutboxEntry();
        e.id = Ids.next();
        e.messageKey = key;
        pending.add(new Object[] { key, e.id });
        return e;
    }

    private static List<UUID> ids(List<OutboxEntry> entries) {
        return entries.stream().map(e -> e.id).toList();
    }

    @Test
    void everyClaimedEntryGoesWhenNothingOlderIsPending() {
        OutboxEntry a1 = entry("a");
        OutboxEntry b1 = entry("b");
        OutboxEntry a2 = entry("a");

        assertThat(ids(OutboxOrder.heads(List.of(a1, b1, a2), pending))).containsExactly(a1.id, b1.id, a2.id);
    }

    @Test
    void anOlderEntryAnotherReplicaHoldsHoldsBackItsKeyOnly() {
        OutboxEntry a1 = entry("a"); // claimed elsewhere, or waiting for its time
        OutboxEntry b1 = entry("b");
        OutboxEntry a2 = entry("a");
        OutboxEntry a3 = entry("a");

        assertThat(ids(OutboxOrder.heads(List.of(b1, a2, a3), pending))).containsExactly(b1.id);
    }

    @Test
    void aGapInTheMiddleHoldsBackWhatFollowsIt() {
        OutboxEntry a1 = entry("a");
        OutboxEntry a2 = entry("a"); // not claimed
        OutboxEntry a3 = entry("a");

        assertThat(ids(OutboxOrder.heads(List.of(a1, a3), pending))).containsExactly(a1.id);
    }
}
