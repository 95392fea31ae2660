package io.quintet.objectstore.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Size values of 5.1: a number with an optional unit K, M, G or T, 1024-based; no unit means bytes. */
public final class Sizes {

    private static final Pattern SIZE = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*([KMGT]?)(?:I?B)?\\s*");

    private Sizes() {}

    public static long parse(String text, String key) {
        Matcher m = SIZE.matcher(text.toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ConfigException(key + ": not a size (number with unit K, M, G or T): \"" + text + "\"");
        }
        int shift = switch (m.group(2)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
        };
        return (long) (Double.parseDouble(m.group(1)) * (1L << shift));
    }
}
