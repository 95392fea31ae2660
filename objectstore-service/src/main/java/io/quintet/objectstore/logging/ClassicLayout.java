package io.quintet.objectstore.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logmanager.ExtFormatter;
import org.jboss.logmanager.ExtLogRecord;

/**
 * The classic text layout of 7.1: {@code TTT-HH:MM:SS.ffff [LEVEL] [Tag   ] message}. Threads are
 * numbered per process in the order they first log (001 = main); time is UTC with 0.1 ms; the tag is
 * the component's six-character name (the logger's last segment for our own loggers).
 */
public final class ClassicLayout extends ExtFormatter {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSSS").withZone(ZoneOffset.UTC);
    private static final String OWN = "io.quintet.objectstore.";
    private static final Map<String, String> FOREIGN_TAGS = Map.of(
            "io.quarkus", "Quarks",
            "io.vertx", "Vertx ",
            "io.netty", "Netty ",
            "org.hibernate", "Hibern",
            "org.flywaydb", "Flyway",
            "io.smallrye", "SmlRye",
            "io.micrometer", "Mcrmtr",
            "io.quintet.protocol", "Shared");

    private final Map<Long, Integer> threadNumbers = new ConcurrentHashMap<>();
    private final AtomicInteger nextThread = new AtomicInteger(2);

    @Override
    public String format(ExtLogRecord record) {
        StringBuilder line = new StringBuilder(128);
        line.append(String.format("%03d", threadNumber(record))).append('-');
        TIME.formatTo(record.getInstant(), line);
        line.append(" [").append(level(record.getLevel().intValue())).append("] ");
        String tag = tag(record.getLoggerName());
        if (tag != null) line.append('[').append(tag).append("] ");
        line.append(formatMessage(record));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append('\n').append(trace.toString().stripTrailing());
        }
        return line.append('\n').toString();
    }

    private int threadNumber(ExtLogRecord record) {
        long id = record.getLongThreadID();
        if ("main".equals(record.getThreadName())) return 1;
        return threadNumbers.computeIfAbsent(id, k -> {
            int n = nextThread.getAndIncrement() % 1000;
            return n < 2 ? n + 2 : n;
        });
    }

    /** Five characters (7.1): TRACE, VERB (our finer level), DEBUG, INFO, WARN, ERROR. */
    static String level(int value) {
        if (value >= 1000) return "ERROR";
        if (value >= 900) return "WARN ";
        if (value >= 800) return "INFO ";
        if (value >= 500) return "DEBUG";
        if (value > 400) return "VERB ";
        return "TRACE";
    }

    static String tag(String logger) {
        if (logger == null) return null;
        if (logger.startsWith(OWN)) {
            String last = logger.substring(logger.lastIndexOf('.') + 1);
            if (!last.isEmpty() && Character.isUpperCase(last.charAt(0))) return pad(last);
            return "ObjStr";
        }
        for (Map.Entry<String, String> e : FOREIGN_TAGS.entrySet()) {
            if (logger.startsWith(e.getKey())) return e.getValue();
        }
        return null;
    }

    private static String pad(String tag) {
        return tag.length() >= 6 ? tag.substring(0, 6) : String.format("%-6s", tag);
    }
}
