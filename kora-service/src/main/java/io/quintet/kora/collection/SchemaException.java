package io.quintet.kora.collection;

/** An app schema, query or field reference that cannot be honoured; reported as a 400 by the admin API. */
public class SchemaException extends RuntimeException {

    public SchemaException(String message) {
        super(message);
    }
}
