package io.quintet.kora.validation;

import io.quintet.kora.auth.AuthContext;
import io.quintet.kora.operation.Operation;
import io.smallrye.mutiny.Uni;

/**
 * The application validator of the reference's {@code validateOperation} hook (kora.md 6.3 step
 * 5, 8.2): every CDI bean implementing it is asked, in {@code @Priority} order, and the first
 * answer other than accept decides. A failure (thrown or as a failed Uni) becomes an
 * {@code operation-rejected} with code {@code VALIDATION_ERROR}, retriable.
 */
public interface OperationValidator {

    /** {@code auth} is null on a server without authentication. Must not block. */
    Uni<Verdict> validate(Operation operation, AuthContext auth);
}
