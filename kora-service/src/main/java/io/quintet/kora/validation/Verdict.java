package io.quintet.kora.validation;

/**
 * An application validator's answer for one operation (kora.md 6.3 step 5). {@code retriable}
 * may be null: the reference then derives it from the code (only {@code RATE_LIMIT} is retriable).
 */
public record Verdict(Kind kind, String code, String message, Boolean retriable) {

    public enum Kind {
        ACCEPT,
        REJECT,
        IGNORE
    }

    private static final Verdict ACCEPT = new Verdict(Kind.ACCEPT, null, null, null);
    private static final Verdict IGNORE = new Verdict(Kind.IGNORE, null, null, null);

    public static Verdict accept() {
        return ACCEPT;
    }

    /** Not stored, not relayed; the client drops it when the batch is acknowledged. */
    public static Verdict ignore() {
        return IGNORE;
    }

    /** Refused with an {@code operation-rejected} carrying this code and message. */
    public static Verdict reject(String code, String message) {
        return new Verdict(Kind.REJECT, code, message, null);
    }

    public static Verdict reject(String code, String message, boolean retriable) {
        return new Verdict(Kind.REJECT, code, message, retriable);
    }

    public boolean isRetriable() {
        return retriable != null ? retriable : "RATE_LIMIT".equals(code);
    }
}
