package io.quintet.kora.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.kora.codec.JsonCodec;
import io.quintet.kora.codec.ProtobufCodec;
import io.quintet.kora.message.Acknowledgment;
import io.quintet.kora.testing.KoraTestClient;
import io.quintet.kora.testing.KoraTestSupport;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URL;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Binary values (kora.md 1.4): both tagged forms are stored and relayed as received. */
@QuarkusTest
class BinaryValuesTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    Pool pool;

    private KoraTestClient client() {
        return KoraTestClient.connect(KoraTestSupport.ws(base, "/"));
    }

    @Test
    @DisplayName(
            "C45 $koraBytes and __kora_bytes__ values survive storage and relay unchanged, to JSON and protobuf peers, both ways")
    void c45BinaryValues() throws Exception {
        try (KoraTestClient a = client();
                KoraTestClient json = client();
                KoraTestClient pb = client()) {
            a.handshakeAndSync(0);
            json.handshakeAndSync(0);
            pb.handshakeAndSync(0);
            // the protobuf peer switches to binary with its first binary frame
            pb.sendBinary(ProtobufCodec.encode(JsonCodec.decode(pb.batch().toString())));
            pb.await(m -> m.path("type").asText().equals("acknowledgment"), 5);

            ObjectNode data = KoraTestClient.JSON.createObjectNode();
            data.putObject("body").put("$koraBytes", "AAEC/w==");
            data.putObject("raw").put("__kora_bytes__", "3q2+7w==");
            data.putObject("nested").putArray("list").addObject().put("$koraBytes", "");
            ObjectNode op = a.insert("binaries", "b-" + System.nanoTime(), data);
            op.putObject("previousData").putObject("body").put("__kora_bytes__", "AQ==");
            a.send(a.batch(op));
            a.next("acknowledgment");

            String stored = pool.preparedQuery("SELECT data, previous_data FROM kora.operations WHERE id = $1")
                    .execute(Tuple.of(op.get("id").asText()))
                    .await()
                    .indefinitely()
                    .iterator()
                    .next()
                    .getString(0);
            assertEquals(data, KoraTestClient.JSON.readTree(stored));

            JsonNode toJson = json.await(
                    m -> m.path("type").asText().equals("operation-batch")
                            && m.get("operations").size() > 0,
                    5);
            assertEquals(data, toJson.get("operations").get(0).get("data"));
            assertEquals(op.get("previousData"), toJson.get("operations").get(0).get("previousData"));
            JsonNode toPb = pb.await(
                    m -> m.path("type").asText().equals("operation-batch")
                            && m.get("operations").size() > 0,
                    5);
            assertTrue(toPb.path("binary").asBoolean());
            assertEquals(data, toPb.get("operations").get(0).get("data"));
            pb.sendBinary(ProtobufCodec.encode(new Acknowledgment(
                    "ack",
                    toPb.get("messageId").asText(),
                    0,
                    toPb.get("maxDeliverySequence").asLong())));

            // and from a protobuf writer to a JSON reader
            ObjectNode back = pb.insert("binaries", "pb-" + System.nanoTime(), data.deepCopy());
            pb.sendBinary(ProtobufCodec.encode(JsonCodec.decode(pb.batch(back).toString())));
            JsonNode relayed = a.await(
                    m -> m.path("type").asText().equals("operation-batch")
                            && m.get("operations").size() > 0
                            && m.get("operations")
                                    .get(0)
                                    .get("id")
                                    .asText()
                                    .equals(back.get("id").asText()),
                    5);
            assertEquals(data, relayed.get("operations").get(0).get("data"));
        }
    }
}
