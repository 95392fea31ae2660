package io.quintet.synkronus.attachment.storage;

import io.quintet.synkronus.config.SynkronusConfig;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The blob store: PostgreSQL by default (every replica sees it, nothing else to run), or an
 * S3-compatible bucket when {@code SYNKRONUS_ATTACHMENT_STORE=s3}.
 */
public class BlobStoreProducer {

    private static final Logger LOG = Logger.getLogger(BlobStoreProducer.class);

    @Produces
    @Singleton
    BlobStore blobStore(Pool pool, Vertx vertx, SynkronusConfig config) {
        String store = config.attachments().store().trim().toLowerCase(java.util.Locale.ROOT);
        return switch (store) {
            case "postgres", "postgresql", "" -> new PostgresBlobStore(pool, vertx);
            case "s3" -> s3(vertx, config.s3());
            default ->
                throw new IllegalStateException("SYNKRONUS_ATTACHMENT_STORE must be postgres or s3, not "
                        + config.attachments().store());
        };
    }

    private static BlobStore s3(Vertx vertx, SynkronusConfig.S3 settings) {
        String bucket = settings.bucket()
                .filter(b -> !b.isBlank())
                .orElseThrow(() -> new IllegalStateException(
                        "SYNKRONUS_ATTACHMENT_STORE=s3 needs SYNKRONUS_S3_BUCKET (the bucket attachments go to)"));
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                // many S3-compatible servers reject the SDK's newer default checksum headers
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        settings.endpoint().filter(e -> !e.isBlank()).ifPresent(e -> builder.endpointOverride(URI.create(e)));
        if (settings.accessKeyId().isPresent() && settings.secretAccessKey().isPresent()) {
            builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    settings.accessKeyId().get(), settings.secretAccessKey().get())));
        } else {
            // AWS_ACCESS_KEY_ID / _SECRET_ACCESS_KEY, profiles, web identity, instance roles
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        String prefix = settings.prefix().isEmpty() || settings.prefix().endsWith("/")
                ? settings.prefix()
                : settings.prefix() + "/";
        LOG.infof(
                "attachments in S3 bucket %s under '%s' (%s)",
                bucket, prefix, settings.endpoint().orElse("AWS endpoint of " + settings.region()));
        return new S3BlobStore(builder.build(), vertx, bucket, prefix);
    }
}
