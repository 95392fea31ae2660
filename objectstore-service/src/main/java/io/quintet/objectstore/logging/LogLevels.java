package io.quintet.objectstore.logging;

import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;

/**
 * The log levels of 7.1 (all, trace, verbose, debug, info, warn, error, none) applied to the
 * service's own loggers ({@code io.quintet.objectstore.*}) at run time: a change takes effect with
 * the next log call.
 */
public final class LogLevels {

    public static final List<String> NAMES =
            List.of("all", "trace", "verbose", "debug", "info", "warn", "error", "none");

    /** Between TRACE (400) and DEBUG (500): printed as {@code VERB }. */
    static final Level VERBOSE = new CustomLevel("VERBOSE", 450);

    private static final String CATEGORY = "io.quintet.objectstore";

    private LogLevels() {}

    public static Level level(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "all" -> Level.ALL;
            case "trace" -> org.jboss.logmanager.Level.TRACE;
            case "verbose" -> VERBOSE;
            case "debug" -> org.jboss.logmanager.Level.DEBUG;
            case "info" -> org.jboss.logmanager.Level.INFO;
            case "warn" -> org.jboss.logmanager.Level.WARN;
            case "error" -> org.jboss.logmanager.Level.ERROR;
            case "none" -> Level.OFF;
            default -> throw new IllegalArgumentException("unknown log level \"" + name + "\"; use one of " + NAMES);
        };
    }

    /** Sets the level of the service's loggers; answers the level now in force. */
    public static String set(String name) {
        Level level = level(name);
        logger().setLevel(level);
        return name.toLowerCase(Locale.ROOT);
    }

    public static String current() {
        Level level = logger().getLevel();
        if (level == null) level = LogContext.getLogContext().getLogger("").getLevel();
        int v = level == null ? 800 : level.intValue();
        if (v == Level.ALL.intValue()) return "all";
        if (v == Level.OFF.intValue()) return "none";
        if (v >= 1000) return "error";
        if (v >= 900) return "warn";
        if (v >= 800) return "info";
        if (v >= 500) return "debug";
        if (v > 400) return "verbose";
        return "trace";
    }

    private static Logger logger() {
        return LogContext.getLogContext().getLogger(CATEGORY);
    }

    private static final class CustomLevel extends Level {
        CustomLevel(String name, int value) {
            super(name, value);
        }
    }
}
