package io.quintet.linkora.error;

/**
 * A {@link LinkoraError} on its way to the edge. No stack trace is captured: it is an answer, not
 * a failure.
 */
public final class LinkoraException extends RuntimeException {

    private final LinkoraError error;

    LinkoraException(LinkoraError error, String detail) {
        super(detail, null, false, false);
        this.error = error;
    }

    public LinkoraError error() {
        return error;
    }
}
