package io.quintet.synkronus;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * A second service start on its own database, with the settings the main run cannot have: recovery
 * variables, image compression level 5 with an 800 px width bound, an 8 MiB upload cap, two bundle
 * versions kept, another admin name (which must not be created: the database is not empty).
 */
public class SecondInstanceProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "synkronus.recovery.user", "rescue",
                "synkronus.recovery.password", "new-secret",
                "synkronus.admin.username", "boss",
                "synkronus.images.compression-level", "5",
                "synkronus.images.max-width-px", "800",
                "synkronus.attachments.max-upload-bytes", Integer.toString(8 * 1024 * 1024),
                "synkronus.bundles.max-versions-kept", "2");
    }
}
