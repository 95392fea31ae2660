package io.quintet.synkronus;

import io.quintet.synkronus.config.SynkronusConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;

/** A {@link SynkronusConfig} built from properties, for plain unit tests. */
public final class ConfigFixture {

    private ConfigFixture() {}

    public static SynkronusConfig of(Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>();
        props.put("synkronus.jwt-secret", Jwts.SECRET);
        props.put("synkronus.trusted-proxies", "127.0.0.0/8");
        props.put("synkronus.auth.hash-cost", "4");
        props.putAll(overrides);
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(SynkronusConfig.class)
                .withSources(new PropertiesConfigSource(props, "test", 500))
                .build();
        return config.getConfigMapping(SynkronusConfig.class);
    }
}
