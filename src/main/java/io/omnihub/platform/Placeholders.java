package io.omnihub.platform;

import java.util.regex.Pattern;

/** The ordinal placeholders ({@code ?1}) of a statement's text, when it joins another statement's. */
final class Placeholders {

    private static final Pattern ORDINAL = Pattern.compile("\\?(\\d+)");

    private Placeholders() {
    }

    /** {@code sql} with each placeholder's number raised by {@code offset}, to follow {@code offset} others. */
    static String shifted(String sql, int offset) {
        return offset == 0 ? sql : ORDINAL.matcher(sql).replaceAll(m -> "?" + (Integer.parseInt(m.group(1)) + offset));
    }
}
