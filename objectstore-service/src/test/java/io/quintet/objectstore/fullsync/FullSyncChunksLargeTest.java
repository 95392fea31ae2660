package io.quintet.objectstore.fullsync;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Item 38 with {@code fullSyncMessageSplitMb: 5.5} (a fraction of a MiB, as ObjectBox allows). */
@QuarkusTest
@TestProfile(FullSyncChunksLargeTest.Split.class)
class FullSyncChunksLargeTest {

    public static class Split implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("objectstore.full-sync-message-split-mb", "5.5");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    @DisplayName(
            "C38 full sync chunks stay within fullSyncMessageSplitMb 5.5 (5.5 MiB); types without dependencies first; links after both ends")
    void c38FiveAndAHalfMiB() throws Exception {
        FullSyncChunks.check(base, (long) (5.5 * (1 << 20)));
    }
}
