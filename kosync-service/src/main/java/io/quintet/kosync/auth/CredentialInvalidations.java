package io.quintet.kosync.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import io.quintet.protocol.feed.ChangeFeed;
import io.quintet.protocol.oplog.LogEntry;
import io.quintet.protocol.oplog.LogTransaction;
import io.quintet.protocol.oplog.NewOperation;
import io.quintet.protocol.oplog.OperationLog;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Keeps every replica's verification cache honest: a key change or an account deletion appends
 * {@code {"user": name}} to the stream {@code auth-invalidations} in the same transaction as the
 * change, and every replica (this one included) follows that stream through the change feed and
 * forgets the name's cached verifications.
 */
@ApplicationScoped
public class CredentialInvalidations {

    static final String STREAM = "auth-invalidations";
    private static final Logger LOG = Logger.getLogger(CredentialInvalidations.class);
    private static final Duration START_WAIT = Duration.ofSeconds(30);

    private final OperationLog log;
    private final ChangeFeed feed;
    private final VerifiedCredentials cache;
    private final ObjectMapper mapper;

    public CredentialInvalidations(OperationLog log, ChangeFeed feed, VerifiedCredentials cache, ObjectMapper mapper) {
        this.log = log;
        this.feed = feed;
        this.cache = cache;
        this.mapper = mapper;
    }

    /**
     * Follow from the current head: older invalidations concern verifications this replica never
     * made. The start waits for the head, so a change committed after start-up is never missed.
     */
    void follow(@Observes StartupEvent start) {
        feed.followFromHead(STREAM, this::apply).awaitStarted(START_WAIT);
    }

    /**
     * Runs {@code work} in one transaction whose invalidations ({@link #publish}) are announced to
     * every replica after the commit, and forgets {@code username} here at once.
     */
    public <T> Uni<T> inTransaction(String username, Function<LogTransaction, Uni<T>> work) {
        return log.inTransaction(work).invoke(() -> cache.forget(username));
    }

    /** Records the invalidation inside the caller's transaction; it takes effect everywhere on commit. */
    public Uni<Void> publish(LogTransaction tx, String username) {
        String payload;
        try {
            payload = mapper.writeValueAsString(Map.of("user", username));
        } catch (Exception e) {
            return Uni.createFrom().failure(e);
        }
        return tx.append(STREAM, List.of(new NewOperation(UUID.randomUUID().toString(), payload)))
                .replaceWithVoid();
    }

    private void apply(LogEntry entry) {
        try {
            JsonNode user = mapper.readTree(entry.payloadJson()).get("user");
            if (user != null && user.isTextual()) {
                cache.forget(user.asText());
            }
        } catch (Exception e) {
            LOG.warnf("unreadable auth invalidation %d: %s", entry.sequence(), e.getMessage());
        }
    }
}
