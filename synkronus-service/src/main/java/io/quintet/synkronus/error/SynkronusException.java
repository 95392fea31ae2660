package io.quintet.synkronus.error;

/** A protocol error, answered with the standard JSON envelope by {@link ErrorMappers}. */
public class SynkronusException extends RuntimeException {

    private final SynkronusError error;
    private final String errorText;

    public SynkronusException(SynkronusError error, String errorText) {
        super(error.name() + (errorText == null ? "" : ": " + errorText), null, false, false);
        this.error = error;
        this.errorText = errorText;
    }

    public SynkronusError error() {
        return error;
    }

    /** The envelope's {@code error} field: the specific text when there is one. */
    public String errorText() {
        return errorText != null ? errorText : error.error();
    }
}
