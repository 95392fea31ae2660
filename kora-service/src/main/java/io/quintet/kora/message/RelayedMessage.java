package io.quintet.kora.message;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A side-channel message the server relays rather than interprets (presence, richtext, blob
 * chunks), kept as the received JSON object so it can be forwarded verbatim. Always sent as JSON.
 */
public record RelayedMessage(String type, String messageId, ObjectNode json) implements KoraMessage {

    public static final String AWARENESS_UPDATE = "awareness-update";
    public static final String YJS_DOC_UPDATE = "yjs-doc-update";
    public static final String BLOB_CHUNK_REQUEST = "blob-chunk-request";
    public static final String BLOB_CHUNK_RESPONSE = "blob-chunk-response";
    public static final String BLOB_CHUNK_PUSH = "blob-chunk-push";
}
