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

    /** Every pending entry, in id order, as the database holds them. */
    private final List<OutboxEntry> pending = new ArrayList<>();

    private OutboxEntry entry(String key) {
        OutboxEntry e = new OutboxEntry();
        e.id = Ids.next();
        e.messageKey = key;
        pending.add(e);
        return e;
    }

    /** What the claim answers for these entries: each with its count of older pending entries with its key. */
    private List<OutboxOrder.Claimed> claimed(OutboxEntry... entries) {
        return java.util.Arrays.stream(entries).map(e -> new OutboxOrder.Claimed(e, pending.stream()
                .filter(p -> p.messageKey.equals(e.messageKey) && pending.indexOf(p) < pending.indexOf(e)).count())).toList();
    }

    private static List<UUID> ids(List<OutboxEntry> entries) {
        return entries.stream().map(e -> e.id).toList();
    }

    @Test
    void everyClaimedEntryGoesWhenNothingOlderIsPending() {
        OutboxEntry a1 = entry("a");
        OutboxEntry b1 = entry("b");
        OutboxEntry a2 = entry("a");

        assertThat(ids(OutboxOrder.heads(claimed(a1, b1, a2)))).containsExactly(a1.id, b1.id, a2.id);
    }

    @Test
    void anOlderEntryAnotherReplicaHoldsHoldsBackItsKeyOnly() {
        OutboxEntry a1 = entry("a"); // claimed elsewhere, or waiting for its time
        OutboxEntry b1 = entry("b");
        OutboxEntry a2 = entry("a");
        OutboxEntry a3 = entry("a");

        assertThat(ids(OutboxOrder.heads(claimed(b1, a2, a3)))).containsExactly(b1.id);
    }

    @Test
    void aGapInTheMiddleHoldsBackWhatFollowsIt() {
        OutboxEntry a1 = entry("a");
        OutboxEntry a2 = entry("a"); // not claimed
        OutboxEntry a3 = entry("a");

        assertThat(ids(OutboxOrder.heads(claimed(a1, a3)))).containsExactly(a1.id);
    }
}
