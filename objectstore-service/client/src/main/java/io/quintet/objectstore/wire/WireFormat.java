package io.quintet.objectstore.wire;

/** The two OSP/1 subprotocols (12.1). */
public enum WireFormat {
    JSON("osp.v1.json"),
    CBOR("osp.v1.cbor");

    private final String subprotocol;

    WireFormat(String subprotocol) {
        this.subprotocol = subprotocol;
    }

    public String subprotocol() {
        return subprotocol;
    }

    /** Without a subprotocol the server assumes JSON (12.1). */
    public static WireFormat of(String subprotocol) {
        return CBOR.subprotocol.equals(subprotocol) ? CBOR : JSON;
    }
}
