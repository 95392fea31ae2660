package io.quintet.kora.message;

/** {@code error} (S→C, kora.md 5.5 and 8.1). */
public record ErrorMessage(String messageId, String code, String message, boolean retriable) implements KoraMessage {

    public static final String TYPE = "error";

    @Override
    public String type() {
        return TYPE;
    }
}
