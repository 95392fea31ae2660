package io.quintet.kora.message;

import io.quintet.kora.error.KoraError;

/** {@code error} (S→C, kora.md 5.5 and 8.1). */
public record ErrorMessage(String messageId, String code, String message, boolean retriable) implements KoraMessage {

    public static final String TYPE = "error";

    @Override
    public String type() {
        return TYPE;
    }

    /** The catalogue's error with its text filled in. */
    public static ErrorMessage of(KoraError error, Object... args) {
        return new ErrorMessage(Ids.uuidV7(), error.code(), error.text(args), error.retriable());
    }
}
