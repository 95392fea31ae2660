package io.quintet.objectstore.events;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** A persistent log event (7.2; the fields of 6.1): a plain record, so Panache holds it. */
@Entity
@Table(name = "log_events", schema = "objectstore")
public class LogEvent extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "ts_ns")
    public long timestampNs;

    @Column(name = "last_ts_ns")
    public long lastTimestampNs;

    @Column(name = "repeat_count")
    public int repeatCount;

    public String type;
    public String message;
    public String component;

    @Column(name = "peer_id")
    public String peerId;

    public String thread;
    public String subject;

    @Column(name = "stack_trace")
    public String stackTrace;

    @Column(name = "parent_id")
    public UUID parentId;

    @Column(name = "client_id")
    public String clientId;

    /** Extra key/values as a JSON object text. */
    public String extra;

    @Column(name = "server_version")
    public String serverVersion;
}
