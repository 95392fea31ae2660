package io.quintet.objectstore.monitoring;

import static io.quintet.objectstore.osp.RawClient.NOTE;
import static io.quintet.objectstore.osp.RawClient.props;
import static io.quintet.objectstore.osp.RawClient.put;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.objectstore.osp.RawClient;
import io.quintet.objectstore.wire.WireFormat;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PrometheusTest {

    @io.quarkus.test.common.http.TestHTTPResource(value = "/metrics", management = true)
    java.net.URL micrometerMetrics;

    /** Section 8's names, written out here independently of the server's catalogue. */
    static final List<String> SECTION_8 = List.of(
            "obx_uptime",
            "obx_connected_clients",
            "obx_connects",
            "obx_login_successes",
            "obx_heartbeats_received",
            "obx_client_failures",
            "obx_errors",
            "obx_messages",
            "obx_message_bytes",
            "obx_full_syncs",
            "obx_txs_applied",
            "obx_client_tx_ops_applied",
            "obx_client_tx_bytes_applied",
            "obx_skipped_tx_dups",
            "obx_txs_sent",
            "obx_async_db_commits",
            "obx_client_txs_behind",
            "obx_tx_history_sequence",
            "obx_tx_log_age",
            "obx_queue_length",
            "obx_task_counts",
            "obx_task_time",
            "obx_cache",
            "obx_cache_size",
            "obx_cluster_peer_state",
            "obx_connected_peers",
            "obx_forwarded_messages",
            "obx_mongodb_changes",
            "obx_mongodb_errors",
            "obx_mongodb_warnings",
            "obx_mongodb_change_stream_opens",
            "obx_mongodb_connector_state",
            "obx_mongodb_connector_running",
            "obx_mongodb_change_stream_open",
            "obx_mongodb_full_sync_active",
            "obx_mongodb_initial_import_required");

    static final List<String> LABELLED = List.of(
            "obx_client_failures{type=\"login\"}",
            "obx_client_failures{type=\"login_auth_unavailable\"}",
            "obx_client_failures{type=\"login_user_bad_credentials\"}",
            "obx_client_failures{type=\"login_user_no_permission\"}",
            "obx_client_failures{type=\"msg_sent\"}",
            "obx_client_failures{type=\"heartbeat\"}",
            "obx_client_failures{type=\"disconnect\"}",
            "obx_errors{type=\"protocol\"}",
            "obx_errors{type=\"in_handler\"}",
            "obx_messages{type=\"recv\"}",
            "obx_messages{type=\"sent\"}",
            "obx_message_bytes{type=\"recv\"}",
            "obx_message_bytes{type=\"sent\"}",
            "obx_txs_applied{from=\"client\"}",
            "obx_txs_applied{from=\"local\"}",
            "obx_txs_sent{type=\"historic\"}",
            "obx_txs_sent{type=\"historic_merged\"}",
            "obx_txs_sent{type=\"new\"}",
            "obx_tx_log_age_bucket{le=\"0.1\"}",
            "obx_tx_log_age_bucket{le=\"3600\"}",
            "obx_tx_log_age_bucket{le=\"86400\"}",
            "obx_tx_log_age_bucket{le=\"+Inf\"}",
            "obx_tx_log_age_count",
            "obx_queue_length{type=\"tasks\"}",
            "obx_queue_length{type=\"async\"}",
            "obx_task_counts{type=\"completed\"}",
            "obx_task_counts{type=\"failed\"}",
            "obx_task_counts{type=\"continued\"}",
            "obx_task_time_count{place=\"in_queue\"}",
            "obx_task_time_count{place=\"processing\"}",
            "obx_forwarded_messages{type=\"recv\"}");

    private static final Pattern SAMPLE = Pattern.compile("^(obx_[a-z_]+(?:\\{[^}]*})?) (\\S+) (\\d{13})$");

    @TestHTTPResource("/")
    URI base;

    static Map<String, Double> scrape() {
        var response =
                given().get("/api/sync/prometheus").then().statusCode(200).extract();
        assertTrue(
                response.contentType().startsWith("text/plain")
                        && response.contentType().contains("version=0.0.4"),
                response.contentType());
        Map<String, Double> values = new HashMap<>();
        for (String line : response.asString().split("\n")) {
            if (line.startsWith("#")) continue;
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "every sample line carries a millisecond timestamp: " + line);
            long ts = Long.parseLong(m.group(3));
            assertTrue(Math.abs(System.currentTimeMillis() - ts) < 60_000, line);
            values.put(m.group(1), Double.parseDouble(m.group(2)));
            values.put("@timestamp", (double) ts);
        }
        return values;
    }

    /** The first sample taken after {@code millis} (samples are taken once per second). */
    static Map<String, Double> scrapeAfter(long millis) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            Map<String, Double> now = scrape();
            if (now.get("@timestamp") > millis) return now;
            Thread.sleep(200);
        }
        throw new AssertionError("no new sample within 20 s");
    }

    @Test
    @DisplayName("C77 /api/sync/prometheus: every section 8 metric with timestamps, counters monotonic, live values")
    void c77Prometheus() throws Exception {
        String text = given().get("/api/sync/prometheus").asString();
        for (String name : SECTION_8) {
            assertTrue(text.contains("# TYPE " + name + " "), "missing TYPE of " + name);
        }
        assertTrue(text.contains("# TYPE obx_tx_log_age histogram"));
        assertTrue(text.contains("# TYPE obx_connected_clients gauge"));
        assertTrue(text.contains("# TYPE obx_connects counter"));

        Map<String, Double> before = scrape();
        for (String series : LABELLED) assertTrue(before.containsKey(series), "missing series " + series);
        double uptime = before.get("obx_uptime");
        double jvmSeconds = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
        assertTrue(uptime <= jvmSeconds + 1, "obx_uptime counts from this process's start: " + uptime);

        try (RawClient a = RawClient.connect(base, WireFormat.JSON);
                RawClient b = RawClient.connect(base, WireFormat.JSON)) {
            a.loginOk("AUTO");
            b.loginOk("AUTO");
            a.send(props().put("t", "PING").put("ts", "1"));
            a.expect("PONG");
            var ack = a.apply(put(NOTE, a.gid(1), props().put("title", "metrics")));
            assertEquals("APPLIED", ack.path("status").asText());
            b.expect("PUSH_DATA");
            Map<String, Double> during = scrapeAfter(System.currentTimeMillis() + 1);
            assertTrue(during.get("obx_connected_clients") >= 2, during.toString());
            assertTrue(during.get("obx_connects") >= before.get("obx_connects") + 2);
            assertTrue(during.get("obx_login_successes") >= before.get("obx_login_successes") + 2);
            assertTrue(during.get("obx_heartbeats_received") >= before.get("obx_heartbeats_received") + 1);
            assertTrue(during.get("obx_txs_applied{from=\"client\"}")
                    >= before.get("obx_txs_applied{from=\"client\"}") + 1);
            assertTrue(during.get("obx_client_tx_ops_applied") >= before.get("obx_client_tx_ops_applied") + 1);
            assertTrue(during.get("obx_client_tx_bytes_applied") > before.get("obx_client_tx_bytes_applied"));
            assertTrue(during.get("obx_txs_sent{type=\"new\"}") + during.get("obx_txs_sent{type=\"historic\"}")
                    > before.get("obx_txs_sent{type=\"new\"}") + before.get("obx_txs_sent{type=\"historic\"}"));
            assertTrue(during.get("obx_message_bytes{type=\"sent\"}") > before.get("obx_message_bytes{type=\"sent\"}"));
            assertTrue(during.get("obx_async_db_commits") > before.get("obx_async_db_commits"));
            assertTrue(during.get("obx_tx_history_sequence")
                    >= Double.parseDouble(ack.path("hseq").asText()));
            assertTrue(during.get("obx_tx_log_age_count") > before.get("obx_tx_log_age_count"));
            assertTrue(during.get("obx_task_time_count{place=\"processing\"}")
                    > before.get("obx_task_time_count{place=\"processing\"}"));
            assertTrue(during.get("obx_uptime") >= uptime);
            // counters never go down
            for (var e : before.entrySet()) {
                if (isCounter(e.getKey()) && !e.getKey().startsWith("@"))
                    assertTrue(during.get(e.getKey()) >= e.getValue(), e.getKey() + " decreased");
            }
        }
        // the same data through Micrometer with objectstore_ prefixes
        String micrometer =
                given().get(micrometerMetrics).then().statusCode(200).extract().asString();
        assertTrue(
                micrometer.contains("objectstore_connects_total"),
                "objectstore_connects in the management interface's /q/metrics");
        assertTrue(micrometer.contains("objectstore_connected_clients"));
        assertTrue(micrometer.contains("objectstore_txs_applied_total{from=\"client\""));
    }

    private static boolean isCounter(String series) {
        return !(series.startsWith("obx_connected_clients")
                || series.startsWith("obx_client_txs_behind")
                || series.startsWith("obx_queue_length")
                || series.startsWith("obx_cache_size")
                || series.startsWith("obx_cluster_peer_state")
                || series.startsWith("obx_connected_peers")
                || series.startsWith("obx_mongodb_connector")
                || series.startsWith("obx_mongodb_change_stream_open ")
                || series.startsWith("obx_mongodb_full_sync_active")
                || series.startsWith("obx_mongodb_initial_import_required")
                || series.startsWith("obx_tx_history_sequence"));
    }
}
