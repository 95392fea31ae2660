package io.quintet.objectstore.auth;

import java.util.Map;

/** A login decision: code 20 with the JWT claims (filter variables {@code auth.*}) or a code of 4.6. */
public record AuthResult(int code, String reason, Map<String, String> claims, boolean readOnly, String methods) {

    static AuthResult ok(Map<String, String> claims, boolean readOnly, String methods) {
        return new AuthResult(20, "", claims, readOnly, methods);
    }

    static AuthResult rejected(int code, String reason) {
        return new AuthResult(code, reason, Map.of(), false, "");
    }

    public boolean ok() {
        return code == 20;
    }

    public String codeName() {
        return switch (code) {
            case 20 -> "OK";
            case 43 -> "CREDENTIALS_REJECTED";
            case 53 -> "AUTH_UNREACHABLE";
            default -> "REQ_REJECTED";
        };
    }
}
