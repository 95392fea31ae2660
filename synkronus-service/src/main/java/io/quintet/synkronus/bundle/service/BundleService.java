package io.quintet.synkronus.bundle.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import io.quintet.protocol.feed.ChangeFeed;
import io.quintet.protocol.oplog.OperationLog;
import io.quintet.synkronus.bundle.BundleVersion;
import io.quintet.synkronus.bundle.repository.BundleRepository;
import io.quintet.synkronus.bundle.repository.BundleRepository.FileContent;
import io.quintet.synkronus.bundle.repository.BundleRepository.NewVersion;
import io.quintet.synkronus.config.SynkronusConfig;
import io.quintet.synkronus.error.SynkronusError;
import io.quintet.synkronus.error.SynkronusException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** App bundles (synkronus.md 10): push, switch, manifest, files, versions, changes. */
@Singleton
public class BundleService {

    public static final String NO_VERSION = "current";

    /**
     * A computed manifest for one (active version, switch time): cached until either changes, with
     * its JSON already encoded (a burst of devices asking for it costs no encoding either).
     */
    public record Manifest(String active, OffsetDateTime switchedAt, String version, byte[] json, String hash) {
        /** The manifest's {@code ETag} (and what an {@code If-None-Match} must repeat for a 304). */
        public String etag() {
            return "\"" + hash + "\"";
        }
    }

    private final BundleRepository bundles;
    private final ObjectMapper mapper;
    private final BundleValidator validator;
    private final Vertx vertx;
    private final int keep;
    private final AtomicReference<Manifest> cached = new AtomicReference<>();

    /** The notify-only stream on which a switch tells every replica to forget its cached state. */
    static final String SWITCHES = "synkronus-bundle-switch";
    /** How long a replica trusts its cached state without a notice (a lost announcement costs at most this). */
    static final long STATE_TTL_NANOS = Duration.ofSeconds(5).toNanos();

    private record CachedState(BundleRepository.State state, long fetchedAt) {}

    private final AtomicReference<CachedState> state = new AtomicReference<>();
    /** The refresh of {@link #state} in flight, if any. */
    private final AtomicReference<Uni<BundleRepository.State>> refreshing = new AtomicReference<>();
    /** Bumped by every invalidation, so a read that began before one cannot put back what it replaced. */
    private final AtomicLong invalidations = new AtomicLong();

    private final OperationLog log;

    public BundleService(
            BundleRepository bundles,
            ObjectMapper mapper,
            Vertx vertx,
            SynkronusConfig config,
            OperationLog log,
            ChangeFeed feed) {
        this.bundles = bundles;
        this.mapper = mapper;
        this.validator = new BundleValidator(mapper);
        this.vertx = vertx;
        this.keep = config.bundles().maxVersionsKept() > 0 ? config.bundles().maxVersionsKept() : 5;
        this.log = log;
        // every notice (and every reconnection of the feed) drops the cached state
        feed.notices(SWITCHES).subscribe().with(n -> invalidate(), e -> invalidate());
    }

    void start(@Observes StartupEvent start) {
        // created at start, so its notice subscription is in place before the first switch anywhere
    }

    /**
     * The active version and switch time, from this replica's cache: the manifest burst of many
     * devices costs no database round trip. A switch on any replica invalidates it through the
     * change feed; the cache also expires after a few seconds in case a notice was lost.
     */
    Uni<BundleRepository.State> currentState() {
        CachedState c = state.get();
        if (c != null && System.nanoTime() - c.fetchedAt() < STATE_TTL_NANOS) {
            return Uni.createFrom().item(c.state());
        }
        // one refresh at a time: a burst that finds the cache expired shares one query rather than
        // sending the pool a query per request
        Uni<BundleRepository.State> shared = refreshing.get();
        if (shared == null) {
            long seen = invalidations.get();
            Uni<BundleRepository.State> fetch = bundles.state()
                    .invoke(fresh -> {
                        if (invalidations.get() == seen) {
                            state.set(new CachedState(fresh, System.nanoTime()));
                        }
                    })
                    .eventually(() -> refreshing.set(null))
                    .memoize()
                    .indefinitely();
            shared = refreshing.compareAndExchange(null, fetch);
            if (shared == null) {
                shared = fetch;
            }
        }
        // answered on the caller's own event loop, whichever request's query it was
        Context caller = io.vertx.core.Vertx.currentContext();
        return caller == null ? shared : shared.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }

    /** After the active version changed (a switch, an import): this replica at once, the others by notice. */
    public void switched() {
        cached.set(null);
        invalidate();
        log.announce(SWITCHES, System.currentTimeMillis());
    }

    private void invalidate() {
        invalidations.incrementAndGet();
        state.set(null);
    }

    public Uni<Manifest> manifest() {
        return currentState().flatMap(state -> {
            Manifest m = cached.get();
            String active = state.active();
            if (m != null
                    && java.util.Objects.equals(m.active(), active)
                    && m.switchedAt().equals(state.switchedAt())) {
                return Uni.createFrom().item(m);
            }
            Uni<List<BundleRepository.FileInfo>> files =
                    active == null ? Uni.createFrom().item(List.of()) : bundles.files(active);
            return files.map(list -> {
                String version = active == null ? NO_VERSION : active;
                String generatedAt =
                        state.switchedAt().withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_INSTANT);
                StringBuilder digest = new StringBuilder();
                List<Map<String, Object>> entries = new ArrayList<>();
                for (BundleRepository.FileInfo f : list) {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("path", f.path());
                    e.put("size", f.size());
                    e.put("hash", f.sha256());
                    e.put("mimeType", MimeTypes.of(f.path()));
                    e.put("modTime", f.modTime().toInstant().toString());
                    entries.add(e);
                    digest.append(f.path()).append(f.sha256()).append(f.size());
                }
                digest.append(version).append(generatedAt);
                String hash = BundleValidator.sha256(digest.toString().getBytes(StandardCharsets.UTF_8));
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("files", entries);
                body.put("version", version);
                body.put("generatedAt", generatedAt);
                body.put("hash", hash);
                byte[] json;
                try {
                    json = mapper.writeValueAsBytes(body);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                Manifest fresh = new Manifest(active, state.switchedAt(), version, json, hash);
                cached.set(fresh);
                return fresh;
            });
        });
    }

    /** A file of the active version, or of the newest version when previewing. */
    public Uni<FileContent> file(String rawPath, boolean preview) {
        String path = cleanPath(rawPath);
        Uni<String> version = preview
                ? bundles.versions().map(v -> v.isEmpty() ? null : v.get(0).version)
                : currentState().map(BundleRepository.State::active);
        return version.flatMap(
                        v -> v == null ? Uni.createFrom().item(Optional.<FileContent>empty()) : bundles.file(v, path))
                .map(found -> found.orElseThrow(
                        () -> SynkronusError.BUNDLE_FILE_NOT_FOUND.exception("file not found: " + path)));
    }

    static String cleanPath(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw SynkronusError.BUNDLE_PATH_INVALID.exception("empty path");
        }
        List<String> parts = new ArrayList<>();
        for (String segment : raw.replace('\\', '/').split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                throw SynkronusError.BUNDLE_PATH_INVALID.exception("path escapes the bundle");
            }
            parts.add(segment);
        }
        if (parts.isEmpty()) {
            throw SynkronusError.BUNDLE_PATH_INVALID.exception("empty path");
        }
        return String.join("/", parts);
    }

    public Uni<FileContent> zip() {
        return currentState()
                .flatMap(state -> state.active() == null
                        ? Uni.createFrom().item(Optional.<FileContent>empty())
                        : bundles.file(state.active(), "bundle.zip"))
                .map(found -> found.orElseThrow(() -> SynkronusError.BUNDLE_ZIP_MISSING.exception()));
    }

    public Uni<List<String>> versions() {
        return Uni.combine()
                .all()
                .unis(bundles.versions(), bundles.state())
                .asTuple()
                .map(t -> {
                    List<String> names = new ArrayList<>();
                    for (BundleVersion v : t.getItem1()) {
                        names.add(v.version.equals(t.getItem2().active()) ? v.version + " *" : v.version);
                    }
                    return names;
                });
    }

    /** Stores an uploaded zip as the next version (not activated); answers its name. */
    public Uni<String> push(Path zipFile) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> read(zipFile)), false)
                .flatMap(files -> bundles.push(
                        version -> activeInfo -> {
                            JsonNode active = null;
                            try {
                                active = activeInfo == null ? null : mapper.readTree(activeInfo);
                            } catch (IOException e) {
                                active = null;
                            }
                            var info = validator.validate(files.entries(), version, active);
                            String infoJson = info.toPrettyString();
                            Map<String, byte[]> stored = new TreeMap<>(files.entries());
                            stored.put("APP_INFO.json", infoJson.getBytes(StandardCharsets.UTF_8));
                            stored.put("bundle.zip", files.zip());
                            return new NewVersion(infoJson, stored);
                        },
                        keep));
    }

    private record Extracted(Map<String, byte[]> entries, byte[] zip) {}

    private static Extracted read(Path zipFile) {
        Map<String, byte[]> entries = new TreeMap<>();
        try (ZipFile zip = new ZipFile(zipFile.toFile())) {
            for (Iterator<? extends ZipEntry> it = zip.entries().asIterator(); it.hasNext(); ) {
                ZipEntry e = it.next();
                String name = e.getName().replace('\\', '/');
                if (e.isDirectory() || name.contains("..") || name.startsWith("/")) {
                    continue;
                }
                entries.put(name, zip.getInputStream(e).readAllBytes());
            }
            return new Extracted(entries, Files.readAllBytes(zipFile));
        } catch (IOException | IllegalArgumentException e) {
            throw SynkronusError.BUNDLE_INVALID.exception("bundle validation failed: not a readable zip file");
        } catch (SynkronusException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    public Uni<Void> activate(String version) {
        if (version == null || version.isEmpty()) {
            throw SynkronusError.BUNDLE_VERSION_REQUIRED.exception();
        }
        return bundles.activate(version).map(ok -> {
            if (!ok) {
                throw SynkronusError.BUNDLE_VERSION_NOT_FOUND.exception("version " + version + " not found");
            }
            switched();
            return null;
        });
    }

    /** The change log between a version and the next newer one (or the newest, when previewing). */
    public Uni<Map<String, Object>> changes(String current, boolean preview) {
        return bundles.versions().flatMap(all -> {
            List<String> names = all.stream().map(v -> v.version).toList();
            if (names.isEmpty()) {
                throw SynkronusError.BUNDLE_CHANGES_FAILED.exception("no app bundle versions");
            }
            String a = current == null || current.isEmpty() ? names.get(names.size() - 1) : current;
            int at = names.indexOf(a);
            if (at < 0) {
                throw SynkronusError.BUNDLE_CHANGES_FAILED.exception("version " + a + " not found");
            }
            String b = preview ? names.get(0) : (at > 0 ? names.get(at - 1) : a);
            if (b.equals(a)) {
                Map<String, Object> same = new LinkedHashMap<>();
                same.put("compare_version_a", a);
                same.put("compare_version_b", b);
                same.put("form_changes", false);
                same.put("ui_changes", false);
                return Uni.createFrom().item(same);
            }
            return Uni.combine()
                    .all()
                    .unis(bundles.appInfo(a), bundles.appInfo(b))
                    .asTuple()
                    .map(t -> ChangeLog.between(mapper, a, b, parse(t.getItem1()), parse(t.getItem2())));
        });
    }

    private JsonNode parse(Optional<String> json) {
        try {
            return mapper.readTree(
                    json.orElseThrow(() -> SynkronusError.BUNDLE_CHANGES_FAILED.exception("APP_INFO.json missing")));
        } catch (IOException e) {
            throw SynkronusError.BUNDLE_CHANGES_FAILED.exception("APP_INFO.json unreadable");
        }
    }

    public static boolean truthy(String value) {
        return value != null
                && switch (value) {
                    case "1", "t", "T", "TRUE", "true", "True" -> true;
                    default -> false;
                };
    }
}
