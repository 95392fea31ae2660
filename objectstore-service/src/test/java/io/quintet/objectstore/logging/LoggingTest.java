package io.quintet.objectstore.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.objectstore.admin.Admin;
import io.quintet.objectstore.osp.RawClient;
import io.quintet.objectstore.wire.WireFormat;
import io.restassured.http.ContentType;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.regex.Pattern;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LoggingTest {

    /** Item 78's regex, verbatim. */
    static final Pattern LINE =
            Pattern.compile("^\\d{3}-\\d{2}:\\d{2}:\\d{2}\\.\\d{4} \\[(TRACE|VERB |DEBUG|INFO |WARN |ERROR)\\] ");

    @TestHTTPResource("/")
    URI base;

    private final List<ExtLogRecord> captured = new ArrayList<>();
    private Handler capture;

    @BeforeEach
    void attach() {
        capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (captured) {
                    captured.add((ExtLogRecord) record);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        LogContext.getLogContext().getLogger("").addHandler(capture);
    }

    @AfterEach
    void detach() {
        LogContext.getLogContext().getLogger("").removeHandler(capture);
        LogLevels.set("info");
    }

    private static Formatter consoleFormatter() {
        List<Handler> all = new ArrayList<>();
        collect(LogContext.getLogContext().getLogger("").getHandlers(), all);
        return all.stream()
                .filter(h -> h instanceof ConsoleHandler)
                .map(Handler::getFormatter)
                .findFirst()
                .orElseThrow();
    }

    private static void collect(Handler[] handlers, List<Handler> into) {
        for (Handler h : handlers) {
            into.add(h);
            if (h instanceof ExtHandler ext) collect(ext.getHandlers(), into);
        }
    }

    private List<ExtLogRecord> since(int mark) {
        synchronized (captured) {
            return new ArrayList<>(captured.subList(mark, captured.size()));
        }
    }

    private int mark() {
        synchronized (captured) {
            return captured.size();
        }
    }

    private void sessions(int clients) {
        List<RawClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                RawClient c = RawClient.connect(base, WireFormat.JSON);
                open.add(c);
                c.loginOk("AUTO");
                c.apply(RawClient.put(
                        RawClient.NOTE, c.gid(1), RawClient.props().put("title", "log " + i)));
            }
        } finally {
            open.forEach(RawClient::close);
        }
    }

    private static long infoLines(List<ExtLogRecord> records) {
        return records.stream()
                .filter(r -> r.getLevel().intValue() == org.jboss.logmanager.Level.INFO.intValue())
                .filter(r -> r.getLoggerName() != null && r.getLoggerName().startsWith("io.quintet.objectstore"))
                .count();
    }

    @Test
    @DisplayName(
            "C78 console lines use the classic layout of 7.1 (item 78's regex) and INFO does not grow with clients")
    void c78ClassicLayout() {
        Formatter console = consoleFormatter();
        assertInstanceOf(ClassicLayout.class, console);
        for (java.util.logging.Level level : List.of(
                org.jboss.logmanager.Level.TRACE,
                LogLevels.VERBOSE,
                org.jboss.logmanager.Level.DEBUG,
                org.jboss.logmanager.Level.INFO,
                org.jboss.logmanager.Level.WARN,
                org.jboss.logmanager.Level.ERROR)) {
            ExtLogRecord r = new ExtLogRecord(level, "sample line", "io.quintet.objectstore.SvSync");
            r.setLoggerName("io.quintet.objectstore.SvSync");
            String line = console.format(r);
            assertTrue(LINE.matcher(line).find(), line);
            assertTrue(line.contains("[SvSync] sample line"), line);
        }
        ExtLogRecord main = new ExtLogRecord(org.jboss.logmanager.Level.INFO, "from main", "x");
        main.setThreadName("main");
        assertTrue(console.format(main).startsWith("001-"));

        int before = mark();
        sessions(1);
        long oneClient = infoLines(since(before));
        int middle = mark();
        sessions(8);
        List<ExtLogRecord> many = since(middle);
        assertEquals(oneClient, infoLines(many), "INFO lines must not grow with the number of clients");
        for (ExtLogRecord r : many) {
            assertTrue(LINE.matcher(console.format(r)).find(), console.format(r));
        }
    }

    @Test
    @DisplayName("C79 the log level changed through the admin API takes effect at once")
    void c79RuntimeLevel() {
        String token = Admin.root();
        Admin.as(token)
                .contentType(ContentType.JSON)
                .body(Map.of("level", "debug"))
                .put("/api/v1/log-level")
                .then()
                .statusCode(200);
        Admin.as(token)
                .get("/api/v1/log-level")
                .then()
                .statusCode(200)
                .extract()
                .path("level")
                .equals("debug");
        int before = mark();
        sessions(1);
        assertTrue(
                since(before).stream()
                        .anyMatch(r -> r.getLevel() == org.jboss.logmanager.Level.DEBUG
                                && r.getFormattedMessage().contains("logged in")),
                "a DEBUG login line right after switching to debug");

        Admin.as(token)
                .contentType(ContentType.JSON)
                .body(Map.of("level", "info"))
                .put("/api/v1/log-level")
                .then()
                .statusCode(200);
        int after = mark();
        sessions(1);
        assertFalse(
                since(after).stream()
                        .anyMatch(r -> r.getLevel().intValue() < 800
                                && r.getLoggerName().startsWith("io.quintet.objectstore")),
                "no DEBUG lines once back at info");
        Admin.as(token)
                .contentType(ContentType.JSON)
                .body(Map.of("level", "loud"))
                .put("/api/v1/log-level")
                .then()
                .statusCode(400);
    }
}
