package io.quintet.objectstore.logging;

import io.quarkus.runtime.StartupEvent;
import io.quintet.objectstore.config.SyncServerSettings;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.logging.Handler;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * Before anything else starts: the console prints the classic layout of 7.1 (unless JSON logs are
 * on, QUINTET_LOG_JSON=true, for log shippers), and the configured {@code logLevel} applies.
 */
@ApplicationScoped
public class LogSetup {

    void start(@Observes @Priority(-1000) StartupEvent event, SyncServerSettings settings) {
        installClassicLayout();
        LogLevels.set(settings.logLevel());
    }

    /** Replaces the text formatter of every console handler (a JSON formatter is left alone). */
    public static void installClassicLayout() {
        for (Handler h : LogContext.getLogContext().getLogger("").getHandlers()) install(h);
    }

    private static void install(Handler handler) {
        if (handler instanceof ConsoleHandler console) {
            if (console.getFormatter() == null
                    || !console.getFormatter()
                            .getClass()
                            .getName()
                            .toLowerCase()
                            .contains("json")) console.setFormatter(new ClassicLayout());
        }
        if (handler instanceof ExtHandler ext) {
            for (Handler child : ext.getHandlers()) install(child);
        }
    }
}
