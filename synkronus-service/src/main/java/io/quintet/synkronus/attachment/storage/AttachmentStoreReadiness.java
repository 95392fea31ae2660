package io.quintet.synkronus.attachment.storage;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the attachment store (/q/health/ready): with {@code SYNKRONUS_ATTACHMENT_STORE=s3},
 * whether the bucket answers a HEAD request (a replica that cannot reach it would fail every upload
 * and download, so it should get no traffic); with PostgreSQL, the datasource's own check covers it.
 */
@Readiness
@ApplicationScoped
public class AttachmentStoreReadiness implements AsyncHealthCheck {

    static final String NAME = "synkronus attachment store";
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final BlobStore store;

    public AttachmentStoreReadiness(BlobStore store) {
        this.store = store;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (!(store instanceof S3BlobStore s3)) {
            return Uni.createFrom()
                    .item(HealthCheckResponse.named(NAME)
                            .withData("store", "postgres")
                            .up()
                            .build());
        }
        return s3.reachable()
                .ifNoItem()
                .after(TIMEOUT)
                .recoverWithItem(false)
                .map(reachable -> HealthCheckResponse.named(NAME)
                        .withData("store", "s3")
                        .withData("bucket", s3.bucket())
                        .status(reachable)
                        .build());
    }
}
