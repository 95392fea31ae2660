package io.quintet.kosync.progress;

import io.quintet.kosync.auth.AccountRules;
import io.quintet.kosync.auth.Text;

/**
 * The one rule for document ids, on write and on read (spec 6.5): non-empty, no {@code :}, no
 * {@code /}, at most 255 UTF-8 bytes. Anything a PUT accepts, a GET can serve.
 */
public final class DocumentIds {

    private DocumentIds() {}

    public static boolean isValid(String document) {
        return document != null
                && !document.isEmpty()
                && document.indexOf(':') < 0
                && document.indexOf('/') < 0
                && Text.isStorable(document)
                && AccountRules.utf8Length(document) <= AccountRules.MAX_BYTES;
    }
}
