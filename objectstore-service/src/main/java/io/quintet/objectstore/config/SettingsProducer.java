package io.quintet.objectstore.config;

import io.quarkus.runtime.annotations.CommandLineArguments;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.eclipse.microprofile.config.Config;

/** The effective settings, read once from CLI arguments, {@code objectstore.*} properties and the config file. */
public class SettingsProducer {

    @Produces
    @Singleton
    SyncServerSettings settings(@CommandLineArguments String[] args, Config config) {
        return ServerConfigLoader.load(
                args == null ? new String[0] : args,
                name -> config.getOptionalValue(name, String.class),
                Path.of("").toAbsolutePath());
    }
}
