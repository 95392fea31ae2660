package io.quintet.kosync;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * A deployment with every operator switch turned, set through the names users already know:
 * KOsync's disable_registration and store_history, and KOSYNC_ACCEPT_MODE.
 */
public class OperatorProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("disable_registration", "true", "store_history", "true", "KOSYNC_ACCEPT_MODE", "strict");
    }
}
