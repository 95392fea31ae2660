package io.quintet.kosync.admin.imports;

/** The file is not in a format the importer reads, or is damaged. */
public final class UnreadableImportException extends RuntimeException {

    public UnreadableImportException(String message) {
        super(message, null, false, false);
    }
}
