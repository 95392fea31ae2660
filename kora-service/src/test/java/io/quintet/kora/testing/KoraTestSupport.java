package io.quintet.kora.testing;

import io.vertx.mutiny.sqlclient.Pool;
import java.net.URI;
import java.net.URL;

/** Shared helpers of the Quarkus tests. */
public final class KoraTestSupport {

    private KoraTestSupport() {}

    /** The WebSocket URI of the service prefix, from the test's HTTP URL (http://host:port/kora/). */
    public static URI ws(URL base, String path) {
        String http = base.toString();
        String root = http.endsWith("/") ? http.substring(0, http.length() - 1) : http;
        return URI.create(root.replaceFirst("^http", "ws") + path);
    }

    /** Empties the operation log, as on a fresh server. */
    public static void emptyLog(Pool pool) {
        pool.query("TRUNCATE kora.operations, kora.sync_state; UPDATE kora.delivery_counter SET value = 0 WHERE id = 1")
                .execute()
                .await()
                .indefinitely();
    }
}
