package io.quintet.kora.codec;

/** A frame that is not a valid Kora message; answered with {@code error SYNC_ERROR}. */
public class MalformedMessageException extends Exception {

    public MalformedMessageException(String message) {
        super(message, null, false, false);
    }
}
