package io.quintet.synkronus.attachment.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.quintet.synkronus.attachment.repository.AttachmentRepository;
import io.quintet.synkronus.attachment.repository.AttachmentRepository.Content;
import io.quintet.synkronus.config.SynkronusConfig;
import io.quintet.synkronus.error.SynkronusError;
import io.quintet.synkronus.error.SynkronusException;
import io.quintet.synkronus.metrics.SynkronusMetrics;
import io.quintet.synkronus.repository.Generation;
import io.quintet.synkronus.repository.RepositoryState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Attachment upload, manifest and lookup (synkronus.md 9). */
@Singleton
public class AttachmentService {

    private static final Logger LOG = Logger.getLogger(AttachmentService.class);

    private final AttachmentRepository attachments;
    private final RepositoryState state;
    private final Pool pool;
    private final ImageProcessor images;
    private final Vertx vertx;
    private final SynkronusMetrics metrics;
    private final long maxBytes;
    private final UploadSlots uploadSlots;
    private final UploadSlots imageSlots;

    public AttachmentService(
            AttachmentRepository attachments,
            RepositoryState state,
            Pool pool,
            ImageProcessor images,
            Vertx vertx,
            SynkronusMetrics metrics,
            SynkronusConfig config) {
        this.attachments = attachments;
        this.state = state;
        this.pool = pool;
        this.images = images;
        this.vertx = vertx;
        this.metrics = metrics;
        this.maxBytes =
                config.attachments().maxUploadBytes() > 0 ? config.attachments().maxUploadBytes() : 134_217_728L;
        this.uploadSlots = new UploadSlots(
                config.attachments().maxConcurrentUploads() > 0
                        ? config.attachments().maxConcurrentUploads()
                        : 4);
        this.imageSlots = new UploadSlots(
                config.images().maxConcurrent() > 0 ? config.images().maxConcurrent() : 2);
    }

    public static void requireValidId(String id) {
        if (!AttachmentIds.valid(id)) {
            throw SynkronusError.ATTACHMENT_ID_INVALID.exception();
        }
    }

    public long maxUploadBytes() {
        return maxBytes;
    }

    /**
     * Stores an upload's file (read by the resource, see {@code MultipartFile}); the caller deletes
     * the file afterwards.
     */
    public Uni<Void> upload(String id, UploadedFile part, String generationHeader) {
        Generation generation = Generation.ofHeader(generationHeader);
        Content upload = new Content(part.file(), part.size());
        return uploadSlots
                .acquire()
                .flatMap(slot -> state.read(pool)
                        .flatMap(snapshot -> {
                            generation.check(snapshot.generation());
                            if (upload.size() > maxBytes) {
                                throw SynkronusError.ATTACHMENT_TOO_LARGE.exception();
                            }
                            return attachments.exists(id);
                        })
                        .flatMap(exists -> {
                            if (exists) {
                                throw SynkronusError.ATTACHMENT_EXISTS.exception();
                            }
                            return blocking(() -> head(upload.file()));
                        })
                        .flatMap(head -> {
                            String contentType = ContentTypes.of(part.contentType(), head);
                            return process(upload, contentType).flatMap(processed -> {
                                Content served = processed.orElse(upload);
                                Content original = processed.isPresent() ? upload : null;
                                return attachments
                                        .store(id, served, original, contentType, generation)
                                        .invoke(() -> metrics.uploaded(upload.size()))
                                        .eventually(() -> processed.ifPresent(p -> deleteQuietly(p.file())));
                            });
                        })
                        .eventually(uploadSlots::release));
    }

    private Uni<Optional<Content>> process(Content upload, String contentType) {
        if (!images.applies(contentType)) {
            return Uni.createFrom().item(Optional.empty());
        }
        return imageSlots
                .acquire()
                .flatMap(slot -> blocking(() -> {
                    try {
                        byte[] bytes = Files.readAllBytes(upload.file());
                        Optional<byte[]> smaller = images.process(bytes, contentType);
                        if (smaller.isEmpty()) {
                            return Optional.<Content>empty();
                        }
                        Path file = Files.createTempFile("synkronus-image", ".out");
                        Files.write(file, smaller.get());
                        return Optional.of(new Content(file, smaller.get().length));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }))
                .eventually(imageSlots::release);
    }

    private <T> Uni<T> blocking(java.util.function.Supplier<T> work) {
        return vertx.executeBlocking(Uni.createFrom().item(work), false);
    }

    private static byte[] head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(512);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    public static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debugf("could not delete %s", file);
        }
    }

    /** The manifest answer of 9.2; {@code base} is this service's external base URL. */
    public Uni<Map<String, Object>> manifest(JsonNode body, String generationHeader, String base, boolean legacy) {
        JsonNode client = body.get("client_id");
        if (client != null && !client.isNull() && !client.isTextual()) {
            throw SynkronusError.INVALID_REQUEST_BODY.exception("client_id must be a string");
        }
        if (client == null || client.isNull() || client.asText().isEmpty()) {
            throw SynkronusError.CLIENT_ID_REQUIRED.exception();
        }
        long since = 0;
        JsonNode sinceNode = body.get("since_version");
        if (sinceNode != null && !sinceNode.isNull()) {
            if (!sinceNode.isIntegralNumber() || !sinceNode.canConvertToLong()) {
                throw SynkronusError.INVALID_REQUEST_BODY.exception("since_version must be an integer");
            }
            since = sinceNode.asLong();
        }
        if (since < 0) {
            throw SynkronusError.SINCE_VERSION_NEGATIVE.exception();
        }
        Generation generation = Generation.of(generationHeader, body);
        String prefix = base + (legacy ? "/attachments/" : "/api/attachments/");
        return attachments
                .manifest(client.asText(), since)
                .map(manifest -> {
                    generation.check(manifest.generation());
                    List<Map<String, Object>> operations = new ArrayList<>();
                    long total = 0;
                    int downloads = 0;
                    int deletes = 0;
                    for (Row row : manifest.rows()) {
                        String id = row.getString(2);
                        if (id == null) {
                            continue;
                        }
                        Map<String, Object> op = new LinkedHashMap<>();
                        boolean delete = "delete".equals(row.getString(3));
                        op.put("operation", delete ? "delete" : "download");
                        op.put("attachment_id", id);
                        if (!delete) {
                            op.put("download_url", prefix + URLEncoder.encode(id, StandardCharsets.UTF_8));
                            Integer size = row.getInteger(5);
                            if (size != null) {
                                op.put("size", size);
                                total += size;
                            }
                            if (row.getString(6) != null) {
                                op.put("content_type", row.getString(6));
                            }
                            downloads++;
                        } else {
                            deletes++;
                        }
                        op.put("version", row.getLong(4));
                        operations.add(op);
                    }
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("current_version", manifest.currentVersion());
                    answer.put("repository_generation", manifest.generation());
                    answer.put("operations", operations);
                    answer.put("total_download_size", total);
                    answer.put("operation_count", Map.of("download", downloads, "delete", deletes));
                    return answer;
                })
                .onFailure(e -> !(e instanceof SynkronusException))
                .transform(e -> {
                    LOG.error("manifest failed", e);
                    return SynkronusError.INTERNAL.exception("Failed to get attachment manifest");
                });
    }

    public static boolean truthy(String value) {
        if (value == null) {
            return false;
        }
        return switch (value) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            default -> value.equalsIgnoreCase("yes") || value.equalsIgnoreCase("true");
        };
    }
}
