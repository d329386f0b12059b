package io.omnihub.privacy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Every statement on the {@code erasure_log_position} table: how far this database has applied the erasure log, per
 * partition (the offset of the next record to read). On the caller's session and transaction.
 */
@ApplicationScoped
@WithSession
class ErasureLogPositions {

    /** Partition to the offset of the next record this database has not applied; a partition never read is absent. */
    Uni<Map<Integer, Long>> all() {
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT log_partition, next_offset"
                + " FROM erasure_log_position", Object[].class).getResultList())
                .map(ErasureLogPositions::byPartition);
    }

    /** The record at {@code offset} of {@code partition} is applied: the next one to read follows it. */
    Uni<Void> applied(int partition, long offset, Instant at) {
        return Panache.getSession().chain(s -> s.createNativeQuery("INSERT INTO erasure_log_position (log_partition,"
                + " next_offset, updated_at) VALUES (?1, ?2, ?3) ON CONFLICT (log_partition) DO UPDATE SET"
                + " next_offset = greatest(erasure_log_position.next_offset, EXCLUDED.next_offset),"
                + " updated_at = EXCLUDED.updated_at").setParameter(1, partition).setParameter(2, offset + 1)
                .setParameter(3, at).executeUpdate()).replaceWithVoid();
    }

    private static Map<Integer, Long> byPartition(List<Object[]> rows) {
        Map<Integer, Long> positions = new HashMap<>();
        for (Object[] row : rows) {
            positions.put(((Number) row[0]).intValue(), ((Number) row[1]).longValue());
        }
        return positions;
    }
}
