package io.omnihub.platform;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What a batch of {@link Outbox#batched} holds back for its last statement: the outbox entries it recorded, and the
 * writes other features asked to be carried ({@link Outbox#carry}). Both go into a data-modifying {@code WITH} in front
 * of that statement, which saves each a statement of its own; a batch that ends without one writes them at its end.
 */
final class HeldWrites {

    /** The columns of an outbox entry's row, each bound as an array. */
    private static final int COLUMNS = 9;
    /**
     * Every entry of a batch, whatever their number, in one statement of constant text: a column's values as an array
     * each, the payloads as texts PostgreSQL reads as JSON once.
     */
    static final String INSERT_ALL = insertAll(0);
    /** A statement that carries a batch's writes, by the statement's own text and those of the writes. */
    private static final Map<String, String> CARRYING = new ConcurrentHashMap<>();

    final List<OutboxEntry> pending = new ArrayList<>();
    final List<OutboxEntry> written;
    private final List<Carried> carried = new ArrayList<>();

    /** A data-modifying {@code WITH}'s items, their placeholders numbered from ?1 for their values. */
    private record Carried(String items, Object[] values) {
    }

    HeldWrites(List<OutboxEntry> written) {
        this.written = written;
    }

    boolean isEmpty() {
        return pending.isEmpty() && carried.isEmpty();
    }

    boolean carriesWrites() {
        return !carried.isEmpty();
    }

    /** Holds a write; its first item's name must be new to the batch (a {@code WITH} names each item once). */
    void carry(String items, Object[] values) {
        String name = items.substring(0, items.indexOf(' '));
        if (carried.stream().anyMatch(c -> c.items().startsWith(name + " "))) {
            throw new IllegalStateException("A batch carries " + name + " once");
        }
        carried.add(new Carried(items, values));
    }

    /** The entries held now, as written: the batch holds none after. */
    List<OutboxEntry> take() {
        List<OutboxEntry> taken = List.copyOf(pending);
        written.addAll(taken);
        pending.clear();
        return taken;
    }

    /** A statement's text and its values. */
    record Statement(String text, Object[] values) {
    }

    /**
     * {@code sql} with everything held written in front of it, in a data-modifying {@code WITH}, and its values after
     * {@code values}: the held entries' {@code columns} (as {@link #INSERT_ALL} takes them), then each carried write's.
     * Nothing is held after.
     */
    Statement carriedBy(String sql, Object[] values, Function<List<OutboxEntry>, Object[]> columns) {
        String text = text(sql, values.length);
        List<Object> all = new ArrayList<>(Arrays.asList(values));
        all.addAll(Arrays.asList(columns.apply(take())));
        carried.forEach(c -> all.addAll(Arrays.asList(c.values())));
        carried.clear();
        return new Statement(text, all.toArray());
    }

    /** The text of {@link #carriedBy}, each carried write's placeholders numbered after those before it. */
    private String text(String sql, int before) {
        StringBuilder key = new StringBuilder(sql).append('\u0000').append(before);
        carried.forEach(c -> key.append('\u0000').append(c.values().length).append(c.items()));
        return CARRYING.computeIfAbsent(key.toString(), k -> {
            StringBuilder with = new StringBuilder("WITH outbox_entries AS (").append(insertAll(before)).append(')');
            int next = before + COLUMNS;
            for (Carried c : carried) {
                with.append(", ").append(Placeholders.shifted(c.items(), next));
                next += c.values().length;
            }
            return sql.startsWith("WITH ") ? with + ", " + sql.substring(5) : with + " " + sql;
        });
    }

    /** The insert of a batch's entries, its placeholders numbered after the first {@code before}. */
    private static String insertAll(int before) {
        StringBuilder casts = new StringBuilder();
        String[] types = { "uuid[]", "text[]", "text[]", "text[]", "text[]", "uuid[]", "text[]", "timestamptz[]",
                "timestamptz[]" };
        for (int i = 0; i < types.length; i++) {
            casts.append(i == 0 ? "" : ", ").append("CAST(?").append(before + i + 1).append(" AS ").append(types[i])
                    .append(')');
        }
        return "INSERT INTO outbox (id, topic, message_key, type, aggregate_type, aggregate_id, payload, created_at,"
                + " available_at) SELECT id, topic, message_key, type, aggregate_type, aggregate_id,"
                + " CAST(payload AS jsonb), created_at, available_at FROM unnest(" + casts + ") AS r(id, topic,"
                + " message_key, type, aggregate_type, aggregate_id, payload, created_at, available_at)";
    }
}
