package io.quintet.linkora.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Logs at start what a reference install's configuration says (never the token): the listener
 * pair it used ({@code hostAddress}, {@code serverPort}, {@code httpsPort}) is not opened by this
 * service, which listens on {@code quarkus.http.port} behind the gateway.
 */
@ApplicationScoped
public class ReferenceSettingsLog {

    private static final Logger LOG = Logger.getLogger(ReferenceSettingsLog.class);

    private final LinkoraConfig config;
    private final ObjectMapper mapper;

    public ReferenceSettingsLog(LinkoraConfig config, ObjectMapper mapper) {
        this.config = config;
        this.mapper = mapper;
    }

    void start(@Observes StartupEvent start) {
        ReferenceSettings settings = ReferenceSettings.read(config.configFile(), System.getenv(), mapper);
        if (settings.present()) {
            LOG.info(settings.describe(config.configFile()));
        }
    }
}
