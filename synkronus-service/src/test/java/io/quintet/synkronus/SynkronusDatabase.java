package io.quintet.synkronus;

import io.quintet.protocol.testing.PostgresTestResource;

import java.util.HashMap;
import java.util.Map;

/** The embedded PostgreSQL for every test of the module (database synkronus), declared once. */
public class SynkronusDatabase extends PostgresTestResource {

    @Override
    public void init(Map<String, String> initArgs) {
        Map<String, String> args = new HashMap<>(initArgs);
        args.putIfAbsent("database", "synkronus");
        super.init(args);
    }
}
