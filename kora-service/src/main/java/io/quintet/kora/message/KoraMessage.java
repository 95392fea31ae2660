package io.quintet.kora.message;

/** One message of the Kora sync protocol (kora.md section 5); every message has a type and an id. */
public sealed interface KoraMessage
        permits Handshake,
                HandshakeResponse,
                OperationBatch,
                Acknowledgment,
                ErrorMessage,
                OperationRejected,
                RelayedMessage {

    String type();

    String messageId();
}
