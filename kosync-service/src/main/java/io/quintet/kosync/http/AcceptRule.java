package io.quintet.kosync.http;

import io.quintet.kosync.error.KosyncError;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The official server's API-version check (spec 3.1), used in strict mode: the whole value must
 * start with {@code application/vnd.koreader.v}, carry a decimal major version and end with
 * {@code +json}. The dots are unescaped on purpose: the reference's pattern lets them match any
 * character, and strict mode exists to reproduce the reference.
 */
public final class AcceptRule {

    private static final Pattern VENDOR = Pattern.compile("^application/vnd.koreader.v(\\d+).*\\+json$");

    private AcceptRule() {}

    /** The error for this {@code Accept} value, empty when it selects version 1. */
    public static Optional<KosyncError> check(String accept) {
        if (accept == null) {
            return Optional.of(KosyncError.ACCEPT_NOT_SET);
        }
        Matcher m = VENDOR.matcher(accept);
        if (!m.matches()) {
            return Optional.of(KosyncError.ACCEPT_INVALID);
        }
        String major = m.group(1).replaceFirst("^0+(?=\\d)", "");
        return major.equals("1") ? Optional.empty() : Optional.of(KosyncError.ACCEPT_UNSUPPORTED_VERSION);
    }
}
