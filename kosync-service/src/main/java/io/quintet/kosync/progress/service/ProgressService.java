package io.quintet.kosync.progress.service;

import io.quintet.kosync.auth.Account;
import io.quintet.kosync.config.KosyncConfig;
import io.quintet.kosync.error.KosyncError;
import io.quintet.kosync.error.KosyncException;
import io.quintet.kosync.metrics.KosyncMetrics;
import io.quintet.kosync.progress.DocumentIds;
import io.quintet.kosync.progress.Position;
import io.quintet.kosync.progress.ProgressPush;
import io.quintet.kosync.progress.repository.ProgressRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Push and pull of reading positions: last write wins, the server stamps the time. */
@ApplicationScoped
public class ProgressService {

    private final ProgressRepository positions;
    private final KosyncConfig config;
    private final KosyncMetrics metrics;

    public ProgressService(ProgressRepository positions, KosyncConfig config, KosyncMetrics metrics) {
        this.positions = positions;
        this.config = config;
        this.metrics = metrics;
    }

    /** The stored timestamp. */
    public Uni<Long> push(Account account, ProgressPush push) {
        return positions
                .push(account.id(), push, config.storeHistory())
                // the account was deleted between authentication and the write: its credentials are gone
                .onFailure(ProgressService::isMissingAccount)
                .transform(e -> new KosyncException(KosyncError.UNAUTHORIZED))
                .invoke(metrics::push);
    }

    /** As {@link #push}, without Mutiny (the hot route). */
    public Future<Long> pushNow(Account account, ProgressPush push) {
        return positions
                .pushNow(account.id(), push, config.storeHistory())
                .recover(e ->
                        Future.failedFuture(isMissingAccount(e) ? new KosyncException(KosyncError.UNAUTHORIZED) : e))
                .onSuccess(stamp -> metrics.push());
    }

    /** As {@link #pull}, without Mutiny (the hot route): the position or null. */
    public Future<Position> pullNow(Account account, String document) {
        if (!DocumentIds.isValid(document)) {
            return Future.failedFuture(new KosyncException(KosyncError.DOCUMENT_MISSING));
        }
        return positions.findNow(account.id(), document).onSuccess(found -> metrics.pull());
    }

    public Uni<Optional<Position>> pull(Account account, String document) {
        if (!DocumentIds.isValid(document)) {
            return Uni.createFrom().failure(new KosyncException(KosyncError.DOCUMENT_MISSING));
        }
        return positions.find(account.id(), document).invoke(metrics::pull);
    }

    private static boolean isMissingAccount(Throwable e) {
        return e instanceof PgException pg && "23503".equals(pg.getSqlState());
    }
}
