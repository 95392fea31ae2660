package io.quintet.synkronus.bundle;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One uploaded app bundle version (0001, 0002, ...) and its generated APP_INFO.json. */
@Entity
@Table(name = "app_bundle_versions")
public class BundleVersion extends PanacheEntityBase {

    @Id
    public String version;

    @Column(name = "app_info", nullable = false)
    public String appInfo;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
}
