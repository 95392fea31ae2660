package io.quintet.objectstore.wire;

/** A frame that is not a well-formed OSP message (code {@code PROTOCOL}). */
public class WireException extends RuntimeException {

    public WireException(String message) {
        super(message);
    }
}
