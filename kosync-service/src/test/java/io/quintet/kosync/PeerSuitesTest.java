package io.quintet.kosync;

import static io.quintet.kosync.Json.tree;
import static io.quintet.kosync.KosyncClient.auth;
import static io.quintet.kosync.KosyncClient.pull;
import static io.quintet.kosync.KosyncClient.push;
import static io.quintet.kosync.KosyncClient.pushBody;
import static io.quintet.kosync.KosyncClient.register;
import static io.quintet.kosync.KosyncClient.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.protocol.testing.RawHttp;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Spec 13: the official test-suite's seven scenarios, and the third-party verifier in relaxed mode. */
@QuarkusTest
class PeerSuitesTest {

    private static final String USERKEY = "passwd123";
    private static final String DOC = "89isjkdaj9j";

    @Test
    @DisplayName("C61 official #create: adds a new user (201, exactly {username})")
    void officialAddsUser() {
        String name = uniqueName("new-user");
        RawHttp.Reply response = register(name, USERKEY);
        assertEquals(201, response.status());
        assertEquals(tree("{\"username\":\"" + name + "\"}"), tree(response));
    }

    @Test
    @DisplayName("C61 official #create: cannot add a duplicated user (402/2002)")
    void officialDuplicate() {
        String name = uniqueName("new-user");
        assertEquals(201, register(name, USERKEY).status());
        RawHttp.Reply response = register(name, USERKEY);
        assertEquals(402, response.status());
        assertEquals(tree("{\"code\":2002,\"message\":\"Username is already registered.\"}"), tree(response));
    }

    @Test
    @DisplayName("C61 official #auth: empty key and wrong key 401/2001, right key 200 authorized OK")
    void officialAuthorize() {
        String name = uniqueName("user1");
        register(name, USERKEY);
        RawHttp.Reply response = auth(name, "");
        assertEquals(401, response.status());
        assertEquals(tree("{\"code\":2001,\"message\":\"Unauthorized\"}"), tree(response));
        response = auth(name, "wrong_password");
        assertEquals(401, response.status());
        assertEquals(tree("{\"code\":2001,\"message\":\"Unauthorized\"}"), tree(response));
        response = auth(name, USERKEY);
        assertEquals(200, response.status());
        assertEquals("OK", tree(response).get("authorized").asText());
    }

    @Test
    @DisplayName("C61 official #sync: authorizes itself before getting progress")
    void officialGetNeedsAuth() {
        String name = uniqueName("user1");
        register(name, USERKEY);
        RawHttp.Reply response = pull(name, USERKEY + "wrong_pass", DOC);
        assertEquals(401, response.status());
        assertEquals(tree("{\"code\":2001,\"message\":\"Unauthorized\"}"), tree(response));
    }

    @Test
    @DisplayName("C61 official #sync: authorizes itself before updating progress")
    void officialPutNeedsAuth() {
        String name = uniqueName("user1");
        register(name, USERKEY);
        RawHttp.Reply response = push(name, USERKEY + "wrong_pass", pushBody(DOC, 0.32, "56", "my kpw", null));
        assertEquals(401, response.status());
        assertEquals(tree("{\"code\":2001,\"message\":\"Unauthorized\"}"), tree(response));
    }

    @Test
    @DisplayName("C61 official #sync: updates document progress (200, document echoed, timestamp present)")
    void officialUpdates() {
        String name = uniqueName("user1");
        register(name, USERKEY);
        RawHttp.Reply response = push(name, USERKEY, pushBody(DOC, 0.32, "56", "my kpw", null));
        assertEquals(200, response.status());
        assertEquals(DOC, tree(response).get("document").asText());
        assertTrue(tree(response).has("timestamp"));
    }

    @Test
    @DisplayName("C61 official #sync: {} for a non-existent document; exact record; the latest push wins")
    void officialGetProgress() {
        String name = uniqueName("user1");
        register(name, USERKEY);
        push(name, USERKEY, pushBody(DOC, 0.32, "56", "my kpw", null));
        RawHttp.Reply missing = pull(name, USERKEY, DOC + "non_existent");
        assertEquals(200, missing.status());
        assertEquals(tree("{}"), tree(missing));
        JsonNode body = tree(pull(name, USERKEY, DOC));
        ((ObjectNode) body).remove("timestamp");
        assertEquals(
                tree("{\"document\":\"" + DOC + "\",\"percentage\":0.32,\"progress\":\"56\",\"device\":\"my kpw\"}"),
                body);
        push(name, USERKEY, pushBody(DOC, 0.22, "36", "my pb", null));
        JsonNode latest = tree(pull(name, USERKEY, DOC));
        ((ObjectNode) latest).remove("timestamp");
        assertEquals(
                tree("{\"document\":\"" + DOC + "\",\"percentage\":0.22,\"progress\":\"36\",\"device\":\"my pb\"}"),
                latest);
    }

    @Test
    @DisplayName("C62 third-party verifier, relaxed mode with --register and a second account: 0 MUST failures")
    void verifierMust() {
        ConformanceVerifier verifier = relaxedRun();
        assertEquals(List.of(), verifier.mustFailures());
        assertTrue(verifier.checks() > 35);
    }

    @Test
    @DisplayName("C63 third-party verifier, relaxed mode: 0 SHOULD failures (including K-DOC-ID-1)")
    void verifierShould() {
        assertEquals(List.of(), relaxedRun().shouldFailures());
    }

    private static ConformanceVerifier relaxedRun() {
        String second = uniqueName("second");
        register(second, "second-key");
        return new ConformanceVerifier(new ConformanceVerifier.Profile(
                        true, false, false, uniqueName("verifier"), KosyncClient.md5("verifier"), second, "second-key"))
                .run();
    }
}
