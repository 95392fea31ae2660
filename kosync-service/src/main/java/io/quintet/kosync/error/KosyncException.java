package io.quintet.kosync.http;

/**
 * A request answered with one of the protocol's errors. Carries no stack trace: it is an answer,
 * not a fault. {@code detail} (admin API only) replaces the catalogue message.
 */
public final class KosyncException extends RuntimeException {

    public final KosyncError error;
    public final String detail;

    public KosyncException(KosyncError error) {
        this(error, null);
    }

    public KosyncException(KosyncError error, String detail) {
        super(detail == null ? error.message : detail, null, false, false);
        this.error = error;
        this.detail = detail;
    }

    public String message() {
        return detail == null ? error.message : detail;
    }
}
