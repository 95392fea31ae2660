package io.quintet.objectstore.monitoring;

import static io.quintet.objectstore.monitoring.MetricFamily.counter;
import static io.quintet.objectstore.monitoring.MetricFamily.gauge;
import static io.quintet.objectstore.monitoring.MetricFamily.histogram;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every metric of section 8 under its ObjectBox name, so existing dashboards work. Cluster metrics
 * describe this suite's replicas (no Raft roles: peer state 0, no peers, nothing forwarded); the
 * MongoDB family reports a connector that is not configured (section 10 is out of scope).
 */
public final class MetricCatalogue {

    /** Seconds: 0.1 s, 1 s, 10 s, 60 s, 1 h, 1 d (section 8), then +Inf. */
    static final double[] TX_AGE_BUCKETS = {0.1, 1, 10, 60, 3600, 86400};

    static final double[] TASK_TIME_BUCKETS = {0.0001, 0.001, 0.01, 0.1, 1, 10};

    public static final List<MetricFamily> FAMILIES = List.of(
            counter("obx_uptime", "Seconds since this server process started"),
            gauge("obx_connected_clients", "Clients connected now (logged in or not)"),
            counter("obx_connects", "WebSocket connections accepted"),
            counter("obx_login_successes", "Successful logins"),
            counter("obx_heartbeats_received", "Heartbeats (PING) received from clients"),
            counter(
                    "obx_client_failures",
                    "Client failures by cause",
                    "type",
                    "login",
                    "login_auth_unavailable",
                    "login_user_bad_credentials",
                    "login_user_no_permission",
                    "msg_sent",
                    "heartbeat",
                    "disconnect"),
            counter("obx_errors", "Protocol and handler errors", "type", "protocol", "in_handler"),
            counter("obx_messages", "OSP messages received and sent", "type", "recv", "sent"),
            counter("obx_message_bytes", "OSP message bytes received and sent", "type", "recv", "sent"),
            counter("obx_full_syncs", "Full syncs started"),
            counter("obx_txs_applied", "TXs applied to the server's data", "from", "client", "local"),
            counter("obx_client_tx_ops_applied", "Operations of client TXs applied"),
            counter("obx_client_tx_bytes_applied", "Bytes of client TXs applied"),
            counter("obx_skipped_tx_dups", "Client TXs recognised as duplicates and skipped"),
            counter("obx_txs_sent", "TXs pushed to clients", "type", "historic", "historic_merged", "new"),
            counter("obx_async_db_commits", "Database commits of the TX group writer"),
            gauge("obx_client_txs_behind", "History entries the most-behind connected client has yet to receive"),
            gauge("obx_tx_history_sequence", "Newest history sequence (hseq) this server has seen committed"),
            histogram(
                    "obx_tx_log_age",
                    "Age of client TXs from creation on the client to apply on the server, seconds",
                    null,
                    List.of(""),
                    TX_AGE_BUCKETS),
            gauge(
                    "obx_queue_length",
                    "Queued work: client TXs waiting for the group writer, async writes",
                    "type",
                    "tasks",
                    "async"),
            counter("obx_task_counts", "TX apply tasks by result", "type", "completed", "failed", "continued"),
            histogram(
                    "obx_task_time",
                    "TX apply task time, seconds, waiting in the queue and processing",
                    "place",
                    List.of("in_queue", "processing"),
                    TASK_TIME_BUCKETS),
            counter("obx_cache", "History reads by where they were served from", "from", "memory", "database"),
            gauge("obx_cache_size", "Entries held by the in-memory history cache", "from", "history"),
            gauge(
                    "obx_cluster_peer_state",
                    "Cluster role: 0 unknown, 1 leader (holds the cluster lease in PostgreSQL), 2 follower"),
            gauge("obx_connected_peers", "Other replicas alive on the same database (heartbeat in the replicas table)"),
            counter("obx_forwarded_messages", "Messages forwarded between cluster peers", "type", "recv", "sent"),
            counter(
                    "obx_mongodb_changes",
                    "MongoDB connector changes (no connector configured)",
                    "type",
                    "by_others",
                    "by_us",
                    "filtered_out",
                    "unknown_operation",
                    "skipped_without_doc"),
            counter(
                    "obx_mongodb_errors",
                    "MongoDB connector errors (no connector configured)",
                    "type",
                    "mongodb",
                    "objectbox",
                    "objectbox_change_prepare",
                    "objectbox_change_apply"),
            counter("obx_mongodb_warnings", "MongoDB connector warnings (no connector configured)"),
            counter("obx_mongodb_change_stream_opens", "MongoDB change stream opens (no connector configured)"),
            gauge(
                    "obx_mongodb_connector_state",
                    "MongoDB connector state: 0 created, 1 running, 2 connected, 3 failure, 4 stopped"),
            gauge("obx_mongodb_connector_running", "1 when the MongoDB connector runs"),
            gauge("obx_mongodb_change_stream_open", "1 when a MongoDB change stream is open"),
            gauge("obx_mongodb_full_sync_active", "1 while a MongoDB full sync runs"),
            gauge("obx_mongodb_initial_import_required", "1 when the MongoDB connector waits for an initial import"));

    public static final Map<String, MetricFamily> BY_NAME =
            FAMILIES.stream().collect(Collectors.toUnmodifiableMap(MetricFamily::name, Function.identity()));

    private MetricCatalogue() {}
}
