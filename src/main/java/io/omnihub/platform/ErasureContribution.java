package io.omnihub.platform;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * A feature's part of an erasure. Each feature that owns tables contributes one: it classifies its tables (personal
 * data and what an erasure does to it, or why there is none), and erases the subject's rows in them, inside the
 * erasure's transaction. The privacy feature runs every contribution; a test reads the schema from the database and
 * fails on a table that no contribution classifies, or that two do, so a new table cannot be forgotten.
 */
public interface ErasureContribution {

    /** This feature's tables, each with what an erasure does to a customer's rows in it, or why it holds none. */
    Map<String, Table> tables();

    /**
     * Erases the subject's rows in this feature's tables, on the erasure's session and inside its transaction. First
     * it extracts what the destruction act keeps of them (ids, actions and times, never personal data).
     */
    Uni<Erased> erase(Mutiny.Session session, Subject subject);

    /** How a table is classified for erasure. */
    record Table(boolean personal, String treatment) {

        /** A table that holds personal data, and what an erasure does to it. */
        public static Table personal(String treatment) {
            return new Table(true, treatment);
        }

        /** A table that holds none, and why. */
        public static Table none(String why) {
            return new Table(false, why);
        }
    }

    /** Whom an erasure reaches: the customer and the profiles merged into it; and when it happens. */
    record Subject(UUID customerId, List<UUID> customerIds, Instant at) {
    }

    /** What a contribution erased: counts of records for the act, and entries for its log extract. */
    record Erased(Map<String, Integer> counts, List<LogEntry> log) {

        public static final Erased NOTHING = new Erased(Map.of(), List.of());

        public static Erased counted(Map<String, Integer> counts) {
            return new Erased(counts, List.of());
        }

        /** This and {@code other} together: both counts (the other's win on a shared name), both logs in time order. */
        public Erased and(Erased other) {
            Map<String, Integer> both = new TreeMap<>(counts);
            both.putAll(other.counts());
            return new Erased(both, Stream.concat(log.stream(), other.log().stream())
                    .sorted(Comparator.comparing(LogEntry::at)).toList());
        }
    }

    /** One line of the act's log extract: who did what to the subject, when; no personal data. */
    @RegisterForReflection
    record LogEntry(Instant at, String actor, String action, String subject) {
    }

    /** A statement of an erasure: {@code ?1} stands for the subject's customer ids, {@code ?2} for its time. */
    record Statement(String count, String sql) {

        /** A statement whose number of rows the act reports under {@code count}. */
        public static Statement counted(String count, String sql) {
            return new Statement(count, sql);
        }

        public static Statement of(String sql) {
            return new Statement(null, sql);
        }
    }

    /** Runs the statements one after the other; answers the counts of those that are counted. */
    static Uni<Map<String, Integer>> run(Mutiny.Session session, Subject subject, Statement... statements) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Statement statement : statements) {
            chain = chain.chain(() -> {
                var query = session.createNativeQuery(statement.sql()).setParameter(1, subject.customerIds());
                if (statement.sql().contains("?2")) {
                    query.setParameter(2, subject.at());
                }
                return query.executeUpdate();
            }).invoke(rows -> {
                if (statement.count() != null) {
                    counts.put(statement.count(), rows);
                }
            }).replaceWithVoid();
        }
        return chain.replaceWith(() -> Map.copyOf(counts));
    }

    /**
     * The log entries a query selects about the subject: its columns are {@code at, actor, action, subject}, and
     * {@code ?1} stands for the subject's customer ids.
     */
    static Uni<List<LogEntry>> log(Mutiny.Session session, Subject subject, Json json, String select) {
        return session.createNativeQuery("SELECT coalesce(json_agg(e), '[]')::text FROM (" + select + ") e",
                String.class).setParameter(1, subject.customerIds()).getSingleResult()
                .map(text -> List.of(json.read(text, LogEntry[].class)));
    }
}
