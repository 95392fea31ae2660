package io.quintet.kora.validation;

import io.quintet.kora.auth.AuthContext;
import io.quintet.kora.operation.Operation;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * An application validator for the tests: it only judges collection {@code validated}, by the
 * operation's {@code verdict} field, so the other tests' operations are untouched.
 */
@ApplicationScoped
public class TestValidator implements OperationValidator {

    @Override
    public Uni<Verdict> validate(Operation operation, AuthContext auth) {
        if (!operation.collection().equals("validated") || operation.data() == null)
            return Uni.createFrom().item(Verdict.accept());
        return switch (operation.data().path("verdict").asText("")) {
            case "reject" -> Uni.createFrom().item(Verdict.reject("TITLE_TAKEN", "title is taken"));
            case "reject-retriable" -> Uni.createFrom().item(Verdict.reject("BUSY", "try later", true));
            case "throw" -> throw new IllegalStateException("validator exploded");
            case "fail" -> Uni.createFrom().failure(new IllegalArgumentException("async failure"));
            case "ignore" -> Uni.createFrom().item(Verdict.ignore());
            default -> Uni.createFrom().item(Verdict.accept());
        };
    }
}
