package io.quintet.objectstore;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Arrays;

/** Entry point: {@code -h/--help} and {@code -v/--version} answer without starting (5.2); everything else starts the server. */
@QuarkusMain
public final class ObjectStoreMain {

    public static final String VERSION = "1.0.0";
    public static final int PROTOCOL_VERSION = 1;

    private ObjectStoreMain() {}

    public static void main(String... args) {
        if (Arrays.asList(args).contains("-h") || Arrays.asList(args).contains("--help")) {
            System.out.println(Help.TEXT);
            return;
        }
        if (Arrays.asList(args).contains("-v") || Arrays.asList(args).contains("--version")) {
            System.out.println("objectstore-service " + VERSION + ", protocol OSP/" + PROTOCOL_VERSION
                    + ", features: sync, filters, jwt, google, shared-secret, admin-users, replicas");
            return;
        }
        Quarkus.run(args);
    }
}
