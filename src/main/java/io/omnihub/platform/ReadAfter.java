package io.omnihub.platform;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A feature's read that another feature's statement runs after its own work, in the same statement: one round trip
 * where the two were a statement each (DESIGN.md: each feature owns its statements; a use case runs them on one
 * connection). The reading feature gives its SQL, a select of {@code columns} columns whose placeholders are numbered
 * from ?1 for {@code values}, as a function of an SQL expression of what the work before it found; and how its rows
 * are read. Whatever must see what the work waited for (a lock) runs in a {@code VOLATILE} function of the reading
 * feature's, which takes a snapshot of its own: the statement's snapshot is taken before the work. The reading
 * feature's repository runs it alone.
 */
public record ReadAfter<T>(Function<String, String> sql, int columns, Object[] values,
        Function<List<Object[]>, T> rows) {

    /** The read's text on its own: what the work would have found is its last placeholder. */
    public String textAlone() {
        return sql.apply("?" + (values.length + 1));
    }

    /**
     * The read's text inside a statement with {@code before} placeholders of its own, numbered after them. {@code found}
     * must hold no placeholder: it is put in before the read's are renumbered.
     */
    public String textAfter(int before, String found) {
        return Placeholders.shifted(sql.apply(found), before);
    }

    /** The values of {@link #textAlone}'s placeholders: the read's own, then what the work would have found. */
    public Object[] valuesAlone(Object found) {
        Object[] all = Arrays.copyOf(values, values.length + 1);
        all[values.length] = found;
        return all;
    }

    /** The values of {@link #textAfter}'s placeholders, after the statement's own {@code before}. */
    public Object[] valuesAfter(Object... before) {
        Object[] all = Arrays.copyOf(before, before.length + values.length);
        System.arraycopy(values, 0, all, before.length, values.length);
        return all;
    }
}
