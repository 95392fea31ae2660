package io.quintet.linkora.importer;

/** An import that cannot start: the service already holds data and no replace was asked for. */
public final class ImportRefused extends RuntimeException {

    public ImportRefused(String message) {
        super(message, null, false, false);
    }
}
