package io.quintet.objectstore.client;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** One login credential (4.1), built for the server's nonce and this client's ID. */
@FunctionalInterface
public interface Credentials {

    ObjectNode build(byte[] nonce, String clientId);

    static Credentials none() {
        return (nonce, id) -> JsonNodeFactory.instance.objectNode().put("type", "NONE");
    }

    /** The secret never travels: HMAC-SHA256(secret, nonce ‖ clientId) (4.2). */
    static Credentials sharedSecret(String secret) {
        return (nonce, id) -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                mac.update(nonce);
                byte[] proof = mac.doFinal(id.getBytes(StandardCharsets.UTF_8));
                return JsonNodeFactory.instance
                        .objectNode()
                        .put("type", "SHARED_SECRET_SIPPED")
                        .put("proof", Base64.getEncoder().encodeToString(proof));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    static Credentials adminUser(String user, String password) {
        return (nonce, id) -> JsonNodeFactory.instance
                .objectNode()
                .put("type", "OBX_ADMIN_USER")
                .put("user", user)
                .put("password", password);
    }

    /** {@code type}: JWT_ID, JWT_ACCESS, JWT_REFRESH, JWT_CUSTOM or GOOGLE_AUTH. */
    static Credentials token(String type, String token) {
        return (nonce, id) ->
                JsonNodeFactory.instance.objectNode().put("type", type).put("token", token);
    }
}
