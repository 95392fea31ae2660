package io.quintet.linkora.http;

/**
 * A request the reference's decoder refuses (spec 4.1): malformed JSON, a wrong type, a missing
 * non-nullable field, an unknown enum name. Answered 400 with an empty body; no stack trace is
 * captured because it is an answer, not a failure.
 */
public final class BadRequest extends RuntimeException {

    public BadRequest(String reason) {
        super(reason, null, false, false);
    }
}
