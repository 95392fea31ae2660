package io.quintet.kora.session;

/** Server session states of kora.md 6. */
public enum SessionState {
    CONNECTED,
    AUTHENTICATED,
    SYNCING,
    STREAMING,
    CLOSED;

    /** Whether a handshake was accepted (operations, presence and relays are allowed). */
    public boolean isHandshaken() {
        return this == SYNCING || this == STREAMING;
    }
}
