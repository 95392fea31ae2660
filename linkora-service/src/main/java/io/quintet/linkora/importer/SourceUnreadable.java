package io.quintet.linkora.importer;

/** The source database cannot be opened or is not a Linkora reference database. */
public final class SourceUnreadable extends RuntimeException {

    public SourceUnreadable(String message, Throwable cause) {
        super(message, cause);
    }
}
