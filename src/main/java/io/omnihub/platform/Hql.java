package io.omnihub.platform;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hibernate.reactive.mutiny.Mutiny;

/**
 * An HQL query whose lists are spread over single values: {@code x in ?1} bound to a list becomes
 * {@code x in (?1, ?2, ?3, ?4)}. Hibernate keeps no plan for a query with a list parameter and translates it anew at
 * every run (a flight recording of the benchmark on 4 December put 4.7% of Omnihub's samples in that translation); a
 * query of single values is planned once. A list is padded with its last value to the next power of two, so that a
 * query has a handful of texts, and of plans, whatever the sizes of its lists. A single value is spread over two:
 * Hibernate keeps no plan for {@code x in (?1)} either. An empty list stays a list: Hibernate answers {@code in} over
 * it with no row, uncached, which is rare.
 * <p>
 * The text keeps Hibernate's ordinal placeholders, a number each; a list's must follow {@code in}. The numbers are
 * renumbered to make room for the lists' values.
 */
public record Hql(String text, Object[] values) {

    private static final Pattern ORDINAL = Pattern.compile("(\\bin\\s+)?\\?(\\d+)", Pattern.CASE_INSENSITIVE);

    /** The query with its lists spread; {@code values} are the ordinals' values in order, {@code ?1} first. */
    public static Hql of(String text, Object... values) {
        int[] first = new int[values.length];
        List<Object> spread = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            first[i] = spread.size() + 1;
            if (values[i] instanceof Collection<?> list && !list.isEmpty()) {
                Object last = null;
                for (Object v : list) {
                    spread.add(v);
                    last = v;
                }
                for (int n = list.size(); n < padded(list.size()); n++) {
                    spread.add(last);
                }
            } else {
                spread.add(values[i]);
            }
        }
        Matcher m = ORDINAL.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int ordinal = Integer.parseInt(m.group(2));
            if (ordinal < 1 || ordinal > values.length) {
                throw new IllegalArgumentException("?" + ordinal + " has no value in: " + text);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(placeholder(m.group(1), ordinal, first[ordinal - 1],
                    values[ordinal - 1], text)));
        }
        m.appendTail(out);
        return new Hql(out.toString(), spread.toArray());
    }

    /** The query on this session, its values bound. */
    public <R> Mutiny.SelectionQuery<R> on(Mutiny.Session session, Class<R> resultType) {
        Mutiny.SelectionQuery<R> query = session.createSelectionQuery(text, resultType);
        for (int i = 0; i < values.length; i++) {
            query.setParameter(i + 1, values[i]);
        }
        return query;
    }

    private static String placeholder(String in, int ordinal, int first, Object value, String text) {
        if (!(value instanceof Collection<?> list) || list.isEmpty()) {
            return (in == null ? "" : in) + "?" + first;
        }
        if (in == null) {
            throw new IllegalArgumentException("A list's ?" + ordinal + " must follow 'in', in: " + text);
        }
        StringBuilder spread = new StringBuilder(in).append('(');
        for (int i = 0; i < padded(list.size()); i++) {
            spread.append(i == 0 ? "" : ", ").append('?').append(first + i);
        }
        return spread.append(')').toString();
    }

    /** The next power of two from {@code size}, and at least two. */
    static int padded(int size) {
        return size <= 2 ? 2 : Integer.highestOneBit(size - 1) << 1;
    }
}
