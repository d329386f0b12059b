package io.omnihub.platform;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.reactive.mutiny.impl.MutinySessionImpl;
import org.hibernate.reactive.pool.ReactiveConnection;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

/**
 * A hot path's plain statements, run by the Vert.x client on the connection of the caller's session, in its
 * transaction (DESIGN.md: one connection owns the transaction, each feature owns its statements). Hibernate's native
 * query around a statement cost the JVM about three times the statement's own client work once warm, and far more
 * before the JIT had compiled it (the README, "Where the code departs from DESIGN.md"). Nothing of Hibernate's query
 * layer runs: no plan, no result mapping, no entity. The session's pending changes are flushed first, as Hibernate's
 * own query does before a native statement, so the statement sees them; the flush of a clean session writes nothing.
 * A job that runs every few seconds reads on it too: Hibernate's native select leaves a plan behind in its cache at
 * every run, under a key equal to no other ({@code JobPlansTest}).
 * <p>
 * The text keeps Hibernate's ordinal placeholders ({@code ?1}, a number each, reused where the value is), sent as
 * PostgreSQL's ({@code $1}). Values are bound as the client wants them: a {@code byte[]} as a buffer ({@code bytea}),
 * an {@link Instant} as a UTC offset date-time ({@code timestamptz}), an enum by its name; an array is passed as a
 * Java array of its elements' type ({@code UUID[]} for {@code uuid[]}, {@code Instant[]} for {@code timestamptz[]},
 * {@code byte[][]} for {@code bytea[]}),
 * which an empty one needs.
 * Row values come back as the client reads them, a {@code bytea} as a {@code byte[]}.
 */
public final class SessionSql {

    private static final Pattern ORDINAL = Pattern.compile("\\?(\\d+)");
    private static final int TEXTS_KEPT = 1_000;
    private static final Map<String, String> TEXTS = new ConcurrentHashMap<>();

    private SessionSql() {
    }

    /** Runs a statement that answers no rows; its count of rows written. */
    public static Uni<Integer> update(String sql, Object... values) {
        String text = postgres(sql);
        Object[] bound = bound(values);
        return connection().chain(c -> Uni.createFrom().completionStage(() -> c.update(text, bound)));
    }

    /** Runs a statement and answers its rows, each as its columns' values in order. */
    public static Uni<List<Object[]>> select(String sql, Object... values) {
        String text = postgres(sql);
        Object[] bound = bound(values);
        return connection().chain(c -> Uni.createFrom().completionStage(() -> c.select(text, bound))).map(result -> {
            List<Object[]> rows = new ArrayList<>(result.size());
            result.forEachRemaining(row -> {
                for (int i = 0; i < row.length; i++) {
                    if (row[i] instanceof Buffer buffer) {
                        row[i] = buffer.getBytes();
                    }
                }
                rows.add(row);
            });
            return rows;
        });
    }

    /** One field of these rows as the typed array a statement's {@code unnest} takes (see the class comment). */
    public static <E, T> T[] column(List<E> rows, Function<E, T> field, IntFunction<T[]> array) {
        return rows.stream().map(field).toArray(array);
    }

    private static Uni<ReactiveConnection> connection() {
        return Panache.getSession().chain(s -> s.flush().replaceWith(() -> connectionOf(s)));
    }

    private static ReactiveConnection connectionOf(Mutiny.Session session) {
        // Hibernate Reactive's session implementation hands out its connection; the Mutiny interface does not
        return ((MutinySessionImpl) session).getReactiveConnection();
    }

    /** PostgreSQL's text of a statement, rewritten once: the rewriting showed in a flight recording of the intake. */
    static String postgres(String sql) {
        String text = TEXTS.get(sql);
        if (text == null) {
            text = ORDINAL.matcher(sql).replaceAll("\\$$1");
            if (TEXTS.size() < TEXTS_KEPT) { // the texts are the code's, but a few vary with a count of rows
                TEXTS.put(sql, text);
            }
        }
        return text;
    }

    private static Object[] bound(Object[] values) {
        Object[] bound = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            bound[i] = value(values[i]);
        }
        return bound;
    }

    private static Object value(Object value) {
        if (value instanceof byte[] bytes) {
            return Buffer.buffer(bytes);
        }
        if (value instanceof byte[][] arrays) {
            return Arrays.stream(arrays).map(Buffer::buffer).toArray(Buffer[]::new);
        }
        if (value instanceof Instant instant) {
            return instant.atOffset(ZoneOffset.UTC);
        }
        if (value instanceof Instant[] instants) {
            return Arrays.stream(instants).map(i -> i == null ? null : i.atOffset(ZoneOffset.UTC))
                    .toArray(OffsetDateTime[]::new);
        }
        if (value instanceof Enum<?> constant) {
            return constant.name();
        }
        return value;
    }
}
