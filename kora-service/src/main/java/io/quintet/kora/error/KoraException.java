package io.quintet.kora.error;

/** A refused request: one {@link KoraError} and its filled-in text; mapped to HTTP or the wire at the edge. */
public class KoraException extends RuntimeException {

    private final KoraError error;

    public KoraException(KoraError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public KoraError error() {
        return error;
    }
}
