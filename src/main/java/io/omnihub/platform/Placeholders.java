package io.omnihub.platform;

import java.util.regex.Pattern;

/** The ordinal placeholders ({@code ?1}) of a statement's text, when it joins another statement's. */
public final class Placeholders {

    private static final Pattern ORDINAL = Pattern.compile("\\?(\\d+)");

    private Placeholders() {
    }

    /** {@code sql} with each placeholder's number raised by {@code offset}, to follow {@code offset} others. */
    static String shifted(String sql, int offset) {
        return offset == 0 ? sql : ORDINAL.matcher(sql).replaceAll(m -> "?" + (Integer.parseInt(m.group(1)) + offset));
    }

    /**
     * {@code sql} with its placeholder {@code ?n}, a value of {@code type}, out of the planner's sight: every plan of
     * the statement then costs what its generic plan does, so a connection's prepared statement keeps the generic one
     * from its sixth run. For an array that is one element at one call and a batch at another: a plan that sees one
     * element costs a tenth of the generic one (an unseen array counts as ten), and PostgreSQL went on planning again
     * at every run. A reply's read of its facts with the customer's policy spent 0.57 ms planning for 0.14 ms running.
     */
    public static String unseen(String sql, int n, String type) {
        return Pattern.compile("\\?" + n + "(?!\\d)").matcher(sql)
                .replaceAll(java.util.regex.Matcher.quoteReplacement("CAST((SELECT CAST(?" + n + " AS " + type + "))"
                        + " AS " + type + ")"));
    }
}
