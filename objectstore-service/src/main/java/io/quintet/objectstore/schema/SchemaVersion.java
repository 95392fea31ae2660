package io.quintet.objectstore.schema;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One registered model (2.14): a plain record, so Panache holds it. */
@Entity
@Table(name = "schema_versions", schema = "objectstore")
public class SchemaVersion extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "version_id")
    public Integer versionId;

    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    public String source;

    @Column(name = "model_json")
    public String modelJson;

    @Column(name = "model_size_bytes")
    public int modelSizeBytes;

    @Column(name = "base_hash")
    public String baseHash;

    @Column(name = "full_hash")
    public String fullHash;

    @Column(name = "clients_allowed")
    public boolean clientsAllowed;

    @Column(name = "is_current")
    public boolean current;
}
