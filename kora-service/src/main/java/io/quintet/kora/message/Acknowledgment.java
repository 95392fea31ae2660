package io.quintet.kora.message;

/** {@code acknowledgment} (both directions, kora.md 5.4); {@code deliverySequence} is C→S only. */
public record Acknowledgment(
        String messageId, String acknowledgedMessageId, long lastSequenceNumber, Long deliverySequence)
        implements KoraMessage {

    public static final String TYPE = "acknowledgment";

    @Override
    public String type() {
        return TYPE;
    }
}
