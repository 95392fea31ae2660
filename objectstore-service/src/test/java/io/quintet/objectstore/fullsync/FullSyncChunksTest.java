package io.quintet.objectstore.fullsync;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Item 38 at the test configuration's {@code fullSyncMessageSplitMb: 1}. */
@QuarkusTest
class FullSyncChunksTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    @DisplayName(
            "C38 full sync chunks stay within fullSyncMessageSplitMb 1 (1 MiB); types without dependencies first; links after both ends")
    void c38OneMiB() throws Exception {
        FullSyncChunks.check(base, 1L << 20);
    }
}
