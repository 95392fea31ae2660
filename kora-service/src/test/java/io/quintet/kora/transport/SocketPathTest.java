package io.quintet.kora.transport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.kora.testing.KoraTestClient;
import io.quintet.kora.testing.KoraTestSupport;
import java.net.URL;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SocketPathTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    @DisplayName(
            "C8 C16 the sync socket answers at /kora (no trailing slash, also with ?token=), /kora/ and /kora/kora-sync")
    void c8Paths() {
        for (String path : new String[] {"", "?token=ignored", "/", "/kora-sync"}) {
            try (KoraTestClient c = KoraTestClient.connect(KoraTestSupport.ws(base, path))) {
                JsonNode response = c.handshakeAndSync(0);
                assertTrue(response.get("accepted").asBoolean(), path);
            }
        }
    }
}
