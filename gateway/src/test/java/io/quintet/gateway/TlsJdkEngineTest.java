package io.quintet.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every TLS check of {@link TlsTest} again with the JDK's engine ({@code quintet.gateway.tls.engine=jdk}). */
@QuarkusTest
@QuarkusTestResource(TestUpstreams.class)
@TestProfile(TlsJdkEngineTest.JdkEngine.class)
class TlsJdkEngineTest extends TlsTest {

    public static class JdkEngine implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quintet.gateway.tls.engine", "jdk");
        }
    }

    @Override
    @Test
    void theBundledBoringSslServesHttps() {
        assertFalse(listeners.usesOpenSsl());
    }
}
