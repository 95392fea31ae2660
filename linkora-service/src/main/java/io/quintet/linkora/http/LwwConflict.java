package io.quintet.linkora.http;

/**
 * A last-write-wins refusal (spec 6.2): the row is newer than the client's edit. Answered 409 with a
 * short text (issue decision on D3; the reference's 500 with a stack trace is not copied). Thrown
 * inside the write transaction, so nothing is stored and no event is sent.
 */
public final class LwwConflict extends RuntimeException {

    public static final String MESSAGE = "This row already contains the latest data.";

    public LwwConflict() {
        super(MESSAGE, null, false, false);
    }
}
