package io.quintet.kosync.admin.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quintet.kosync.admin.imports.ImportFile;
import io.quintet.kosync.admin.imports.ImportedAccount;
import io.quintet.kosync.admin.imports.ImportedPosition;
import io.quintet.kosync.admin.imports.KosyncDatabaseFile;
import io.quintet.kosync.admin.imports.RedisDumpFile;
import io.quintet.kosync.admin.imports.UnreadableImportException;
import io.quintet.kosync.admin.repository.AdminRepository;
import io.quintet.kosync.auth.AccountRules;
import io.quintet.kosync.auth.KeyHasher;
import io.quintet.kosync.auth.Text;
import io.quintet.kosync.error.KosyncError;
import io.quintet.kosync.error.KosyncException;
import io.quintet.kosync.progress.DocumentIds;
import io.quintet.kosync.progress.ProgressPush;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Imports a KOsync {@code database.json} or the official server's Redis dump. Keys are hashed on
 * the way in (bcrypt, in parallel on worker threads) and everything is written in one
 * transaction: an import that fails leaves nothing behind. Existing names are never overwritten.
 */
@ApplicationScoped
public class ImportService {

    private static final int HASHING_CONCURRENCY =
            Math.max(1, Runtime.getRuntime().availableProcessors());

    private final Pool pool;
    private final AdminRepository repository;
    private final KeyHasher hasher;
    private final ObjectMapper mapper;

    public ImportService(Pool pool, AdminRepository repository, KeyHasher hasher, ObjectMapper mapper) {
        this.pool = pool;
        this.repository = repository;
        this.hasher = hasher;
        this.mapper = mapper;
    }

    /** @param format {@code kosync}, {@code redis}, or empty to recognise the file by its content */
    public Uni<ImportReport> importFile(byte[] data, Optional<String> format, int redisDatabase) {
        ImportFile file;
        try {
            file = parse(data, format, redisDatabase);
        } catch (UnreadableImportException e) {
            return Uni.createFrom().failure(new KosyncException(KosyncError.ADMIN_UNREADABLE_IMPORT, e.getMessage()));
        }
        List<String> skipped = new ArrayList<>(file.skipped());
        List<ImportedAccount> accounts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ImportedAccount account : file.accounts()) {
            if (!seen.add(account.username())) {
                skipped.add("user " + account.username() + ": listed twice, first kept");
                continue;
            }
            sanitized(account, skipped).ifPresent(accounts::add);
        }
        return Multi.createFrom()
                .iterable(accounts)
                .onItem()
                .transformToUni(a -> hasher.hash(a.key()).map(hash -> new Hashed(a, hash)))
                .merge(HASHING_CONCURRENCY)
                .collect()
                .asList()
                .chain(hashed -> pool.withTransaction(tx -> write(tx, hashed)))
                .map(written -> new ImportReport(
                        file.format(),
                        written.users,
                        written.existing,
                        written.documents,
                        written.history,
                        skipped,
                        file.settings()));
    }

    private ImportFile parse(byte[] data, Optional<String> format, int redisDatabase) {
        String kind = format.orElseGet(() -> RedisDumpFile.looksLikeOne(data) ? "redis" : "kosync");
        switch (kind) {
            case "redis":
                return RedisDumpFile.read(data, redisDatabase);
            case "kosync":
                JsonNode root;
                try {
                    root = mapper.readTree(data);
                } catch (Exception e) {
                    throw new UnreadableImportException("neither a Redis dump nor readable JSON");
                }
                return KosyncDatabaseFile.read(root);
            default:
                throw new UnreadableImportException("unknown format " + kind + " (kosync or redis)");
        }
    }

    /** The account with only the records this service can serve back, or empty when the account itself cannot be kept. */
    private static Optional<ImportedAccount> sanitized(ImportedAccount account, List<String> skipped) {
        if (!AccountRules.isValidName(account.username())) {
            skipped.add("user " + account.username() + ": name not allowed here");
            return Optional.empty();
        }
        if (!AccountRules.isValidKey(account.key())) {
            skipped.add("user " + account.username() + ": unusable key");
            return Optional.empty();
        }
        List<ImportedPosition> positions = servable(account, account.positions(), skipped);
        List<ImportedPosition> history = servable(account, account.history(), skipped);
        return Optional.of(new ImportedAccount(account.username(), account.key(), positions, history));
    }

    private static List<ImportedPosition> servable(
            ImportedAccount account, List<ImportedPosition> records, List<String> skipped) {
        List<ImportedPosition> kept = new ArrayList<>(records.size());
        for (ImportedPosition p : records) {
            boolean ok = DocumentIds.isValid(p.document())
                    && Double.isFinite(p.percentage())
                    && Text.isStorable(p.progress())
                    && AccountRules.utf8Length(p.progress()) <= ProgressPush.MAX_PROGRESS_BYTES
                    && Text.isStorable(p.device())
                    && AccountRules.utf8Length(p.device()) <= AccountRules.MAX_BYTES
                    && (p.deviceId() == null
                            || (Text.isStorable(p.deviceId())
                                    && AccountRules.utf8Length(p.deviceId()) <= AccountRules.MAX_BYTES));
            if (ok) {
                kept.add(p);
            } else {
                skipped.add("user " + account.username() + ", document " + p.document() + ": not storable here");
            }
        }
        return kept;
    }

    private Uni<Written> write(SqlConnection tx, List<Hashed> hashed) {
        String[] names = hashed.stream().map(h -> h.account.username()).toArray(String[]::new);
        String[] hashes = hashed.stream().map(h -> h.hash).toArray(String[]::new);
        return repository.insertUsers(tx, names, hashes).chain(ids -> {
            List<String> existing = new ArrayList<>();
            List<Long> positionOwners = new ArrayList<>();
            List<ImportedPosition> positions = new ArrayList<>();
            List<Long> historyOwners = new ArrayList<>();
            List<ImportedPosition> history = new ArrayList<>();
            for (Hashed h : hashed) {
                Long id = ids.get(h.account.username());
                if (id == null) {
                    existing.add(h.account.username());
                    continue;
                }
                for (ImportedPosition p : h.account.positions()) {
                    positionOwners.add(id);
                    positions.add(p);
                }
                for (ImportedPosition p : h.account.history()) {
                    historyOwners.add(id);
                    history.add(p);
                }
            }
            return repository
                    .insertPositions(tx, "progress", positionOwners, positions)
                    .chain(documents -> repository
                            .insertPositions(tx, "progress_history", historyOwners, history)
                            .map(historyRows -> new Written(ids.size(), existing, documents, historyRows)));
        });
    }

    private record Hashed(ImportedAccount account, String hash) {}

    private record Written(int users, List<String> existing, int documents, int history) {}
}
