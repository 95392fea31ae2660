package io.quintet.kora.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quintet.kora.codec.JsonCodec;
import io.quintet.kora.operation.CanonicalJson;
import io.quintet.kora.operation.Operation;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The counted operation size (step 4 of 6.3) equals the length of the operation's JSON text. */
class OperationSizeTest {

    @Test
    @DisplayName("jsonSize equals the UTF-8 length of the written operation, optional members included")
    void countsTheWrittenOperation() throws Exception {
        String[] samples = {
            "{\"id\":\"a\",\"nodeId\":\"n\",\"type\":\"insert\",\"collection\":\"todos\",\"recordId\":\"r\","
                    + "\"data\":{\"title\":\"x\"},\"previousData\":null,\"timestamp\":{\"wallTime\":1700000000000,\"logical\":0,\"nodeId\":\"n\"},"
                    + "\"sequenceNumber\":1,\"causalDeps\":[],\"schemaVersion\":1}",
            "{\"id\":\"é\\\"\",\"nodeId\":\"n\\u00e9\",\"type\":\"update\",\"collection\":\"todos\",\"recordId\":\"r\\ud83d\\ude00\","
                    + "\"data\":{\"n\":2.5,\"deep\":[1,{\"z\":null}],\"neg\":-3},\"previousData\":{\"n\":1e21},"
                    + "\"timestamp\":{\"wallTime\":1700000000000.0,\"logical\":12,\"nodeId\":\"n\"},"
                    + "\"sequenceNumber\":123456,\"causalDeps\":[\"x\",\"y\\n\"],\"schemaVersion\":3,"
                    + "\"atomicOps\":{\"count\":{\"op\":\"increment\",\"by\":1}},\"transactionId\":\"t-1\",\"mutationName\":\"bump\"}",
            "{\"id\":\"d\",\"nodeId\":\"n\",\"type\":\"delete\",\"collection\":\"todos\",\"recordId\":\"r\",\"data\":null,"
                    + "\"previousData\":null,\"timestamp\":{\"wallTime\":1,\"logical\":0,\"nodeId\":\"n\"},\"sequenceNumber\":2147483647,"
                    + "\"causalDeps\":[\"a\"],\"schemaVersion\":1}",
        };
        for (String sample : samples) {
            Operation op = JsonCodec.operation(JsonCodec.mapper().readTree(sample));
            int written = CanonicalJson.write(JsonCodec.operation(op)).getBytes(StandardCharsets.UTF_8).length;
            assertEquals(written, IngestService.jsonSize(op), sample);
        }
    }
}
