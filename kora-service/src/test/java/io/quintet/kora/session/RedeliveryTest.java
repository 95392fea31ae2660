package io.quintet.kora.session;

import static io.quintet.kora.testing.KoraTestClient.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quintet.kora.testing.KoraTestClient;
import io.quintet.kora.testing.KoraTestSupport;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 (2): a delivery batch the client did not apply is redelivered from its confirmed
 * position at the next push after a short grace, not at a tick (the tick is an hour here, so only
 * the push can be what recovers).
 */
@QuarkusTest
@TestProfile(RedeliveryTest.Profile.class)
class RedeliveryTest {

    private static final Logger LOG = Logger.getLogger(RedeliveryTest.class);

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kora.tick-millis", "3600000", "kora.redelivery-grace", "100ms");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Test
    @DisplayName(
            "one dropped live batch (base=w max=w+1): the next batch restarts at the confirmed position w and carries the dropped operation")
    void droppedBatchRedeliveredAtNextPush() throws Exception {
        try (KoraTestClient writer = KoraTestClient.connect(KoraTestSupport.ws(base, "/"));
                KoraTestClient reader = KoraTestClient.connect(KoraTestSupport.ws(base, "/"))) {
            writer.handshakeAndSync(0);
            reader.handshakeAndSync(0);
            long confirmed = reader.watermark;
            writer.send(writer.batch(writer.insert("redeliver", "r1", data("n", "1"))));
            writer.next("acknowledgment");
            JsonNode dropped = reader.next("operation-batch");
            assertEquals(confirmed, dropped.get("baseDeliverySequence").asLong());
            // the client does not apply it (no acknowledgment); later operations flow after the grace
            Thread.sleep(300);
            long pushed = System.nanoTime();
            writer.send(writer.batch(writer.insert("redeliver", "r2", data("n", "2"))));
            writer.next("acknowledgment");
            JsonNode recovery = reader.next("operation-batch");
            long recoveredMillis = (System.nanoTime() - pushed) / 1_000_000;
            LOG.infof("recovery batch %d ms after the next push", recoveredMillis);
            assertEquals(confirmed, recovery.get("baseDeliverySequence").asLong(), recovery.toString());
            List<String> records = new ArrayList<>();
            recovery.get("operations")
                    .forEach(op -> records.add(op.get("recordId").asText()));
            assertTrue(records.contains("r1"), recovery.toString());
            reader.ack(recovery);
            // whatever follows chains from there and carries r2 exactly once in total
            List<String> seen = new ArrayList<>(records);
            while (!seen.contains("r2")) {
                JsonNode next = reader.next("operation-batch");
                next.get("operations").forEach(op -> seen.add(op.get("recordId").asText()));
                reader.ack(next);
            }
            assertTrue(seen.contains("r1") && seen.contains("r2"), seen.toString());
        }
    }
}
