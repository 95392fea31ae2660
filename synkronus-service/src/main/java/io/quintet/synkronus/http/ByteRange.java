package io.quintet.synkronus.http;

import java.util.Optional;

/**
 * One satisfiable byte range of a {@code Range: bytes=...} request header (RFC 9110 14.1.2) over
 * a representation of {@code size} bytes; {@code end} inclusive.
 */
public record ByteRange(long start, long end) {

    /** The answer to a Range header: the whole representation, one range (206), or none satisfiable (416). */
    public sealed interface Outcome permits Whole, Partial, Unsatisfiable {}

    public record Whole() implements Outcome {}

    public record Partial(ByteRange range) implements Outcome {}

    public record Unsatisfiable() implements Outcome {}

    public long length() {
        return end - start + 1;
    }

    /** {@code Content-Range} of a 206. */
    public String contentRange(long size) {
        return "bytes " + start + "-" + end + "/" + size;
    }

    /**
     * Reads the header. Absent, not in bytes, malformed, or asking for several ranges: the whole
     * representation (a server may ignore Range). A single range that starts past the end: 416.
     */
    public static Outcome of(String header, long size) {
        if (header == null || !header.startsWith("bytes=")) {
            return new Whole();
        }
        String spec = header.substring("bytes=".length()).trim();
        if (spec.contains(",")) {
            return new Whole();
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new Whole();
        }
        Optional<Long> first = number(spec.substring(0, dash).trim());
        Optional<Long> last = number(spec.substring(dash + 1).trim());
        if (first.isEmpty() && last.isEmpty()) {
            return new Whole();
        }
        if (first.isEmpty()) {
            // suffix range: the last N bytes
            long n = last.get();
            if (n == 0 || size == 0) {
                return new Unsatisfiable();
            }
            return new Partial(new ByteRange(Math.max(0, size - n), size - 1));
        }
        long start = first.get();
        if (last.isPresent() && last.get() < start) {
            return new Whole();
        }
        if (start >= size) {
            return new Unsatisfiable();
        }
        long end = last.map(l -> Math.min(l, size - 1)).orElse(size - 1);
        return new Partial(new ByteRange(start, end));
    }

    private static Optional<Long> number(String digits) {
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(digits));
    }
}
