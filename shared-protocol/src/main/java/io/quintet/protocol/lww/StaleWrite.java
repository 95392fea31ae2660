package io.quintet.protocol.lww;

import java.util.regex.Pattern;

/**
 * The stale-write rule of last-write-wins on a stored row: a write stamped {@code incoming} is
 * refused when the stored stamp is <em>strictly</em> newer. An equal stamp is not stale (a client
 * re-sending its edit, or two edits within one clock tick, go through: Linkora spec 6.1).
 *
 * <p>The rule exists in two forms, for Java ({@link #refuses}) and for SQL ({@link #sqlRefuses}),
 * where a service checks it under the row lock in the statement that writes; a test runs both on
 * the same stamps and requires the same answers. Stamps are numbers in one unit per table
 * (Linkora: server seconds; a 64-bit hybrid logical clock works the same way).
 */
public final class StaleWrite {

    /** A column, a qualified column or a bind parameter: nothing that could change the predicate's meaning. */
    private static final Pattern OPERAND = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*|\\$[0-9]+");

    private StaleWrite() {}

    /** True when a write stamped {@code incoming} must not replace a row stamped {@code stored}. */
    public static boolean refuses(long stored, long incoming) {
        return stored > incoming;
    }

    /**
     * The same rule as an SQL predicate over a stored stamp column and the incoming stamp (a bind
     * parameter such as {@code $2}, or another column): true when the write is stale. A missing
     * row (no stored stamp) is never stale; a {@code NULL} stored stamp compares as unknown, so
     * use it inside {@code EXISTS (... WHERE ...)} or {@code NOT}-free filters.
     */
    public static String sqlRefuses(String storedColumn, String incoming) {
        return operand(storedColumn) + " > " + operand(incoming);
    }

    private static String operand(String text) {
        if (!OPERAND.matcher(text).matches()) {
            throw new IllegalArgumentException("not a column or parameter: " + text);
        }
        return text;
    }
}
