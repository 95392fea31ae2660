package io.quintet.kora.operation;

import java.util.Locale;

/**
 * ECMAScript Number-to-String for finite doubles, as {@code JSON.stringify} writes numbers:
 * shortest round-trip digits, no fraction for integers, exponent form only below 1e-6 or from
 * 1e21 up. Java's {@code Double.toString} differs ({@code 5.0}, {@code 1.0E21}).
 */
public final class JsNumber {

    private JsNumber() {}

    /** The JSON text of {@code value}; {@code null} for NaN and the infinities, as JavaScript. */
    public static String format(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "null";
        }
        if (value == 0) {
            return "0"; // also -0
        }
        if (value < 0) {
            return "-" + format(-value);
        }
        if (value < 9.007199254740992E15 && value == Math.rint(value)) {
            // an integer below 2^53 (the common case: times, counters): JavaScript prints its exact digits
            return Long.toString((long) value);
        }
        String[] parts = shortestDigits(value);
        String digits = parts[0];
        int k = digits.length();
        int n = Integer.parseInt(parts[1]) + 1; // value = 0.digits × 10^n
        if (k <= n && n <= 21) {
            return digits + "0".repeat(n - k);
        }
        if (0 < n && n <= 21) {
            return digits.substring(0, n) + "." + digits.substring(n);
        }
        if (-6 < n && n <= 0) {
            return "0." + "0".repeat(-n) + digits;
        }
        int e = n - 1;
        String exponent = (e >= 0 ? "+" : "-") + Math.abs(e);
        return k == 1 ? digits + "e" + exponent : digits.charAt(0) + "." + digits.substring(1) + "e" + exponent;
    }

    /**
     * The fewest significant digits that read back as {@code value}, correctly rounded (the
     * closest such string), and the decimal exponent of the first digit.
     */
    private static String[] shortestDigits(double value) {
        for (int precision = 1; precision <= 17; precision++) {
            String text = String.format(Locale.ROOT, "%." + (precision - 1) + "e", value);
            if (Double.parseDouble(text) == value) {
                int e = text.indexOf('e');
                String mantissa = text.substring(0, e).replace(".", "");
                String digits = stripTrailingZeros(mantissa);
                return new String[] {digits, String.valueOf(Integer.parseInt(text.substring(e + 1)))};
            }
        }
        throw new IllegalStateException("no round-trip representation for " + value);
    }

    private static String stripTrailingZeros(String digits) {
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        return digits.substring(0, end);
    }
}
