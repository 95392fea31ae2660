package io.quintet.objectstore.admin.rest;

import io.quintet.objectstore.AuthSummary;
import io.quintet.objectstore.ObjectStoreMain;
import io.quintet.objectstore.admin.AdminRoute;
import io.quintet.objectstore.config.SyncServerSettings;
import io.quintet.objectstore.error.AdminError;
import io.quintet.objectstore.events.EventType;
import io.quintet.objectstore.events.LogEvents;
import io.quintet.objectstore.logging.LogLevels;
import io.quintet.objectstore.monitoring.SyncMetrics;
import io.quintet.objectstore.session.SessionRegistry;
import io.quintet.objectstore.tx.QuotaMonitor;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Status, runtime log level and thread dump (6.1 Status, 6.2). */
@jakarta.ws.rs.Path("/api/v1")
@AdminRoute
@Tag(name = "admin status")
public class StatusResource {

    public record LogLevel(String level) {}

    private final SyncMetrics metrics;
    private final SessionRegistry sessions;
    private final QuotaMonitor quota;
    private final SyncServerSettings settings;
    private final LogEvents events;

    public StatusResource(
            SyncMetrics metrics,
            SessionRegistry sessions,
            QuotaMonitor quota,
            SyncServerSettings settings,
            LogEvents events) {
        this.metrics = metrics;
        this.sessions = sessions;
        this.quota = quota;
        this.settings = settings;
        this.events = events;
    }

    @GET
    @jakarta.ws.rs.Path("/status")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Server version, protocol, features, uptime, database size, disk, memory, CPUs, load, interfaces")
    public Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", ObjectStoreMain.VERSION);
        out.put(
                "protocol",
                Map.of("name", "OSP", "min", 1, "max", 1, "subprotocols", List.of("osp.v1.json", "osp.v1.cbor")));
        out.put(
                "features",
                List.of(
                        "sync",
                        "filters",
                        "history",
                        "full-sync",
                        "objects-messages",
                        "admin",
                        "graphql",
                        "prometheus"));
        out.put("authMethods", AuthSummary.methods(settings));
        out.put("uptimeSeconds", (long) metrics.uptimeSeconds());
        out.put("dbSizeBytes", quota.size());
        out.put("dbMaxSizeBytes", settings.dbMaxSizeBytes());
        File here = new File(".").getAbsoluteFile();
        out.put("diskFreeBytes", here.getUsableSpace());
        out.put("rssBytes", rss());
        Runtime rt = Runtime.getRuntime();
        out.put("heap", Map.of("usedBytes", rt.totalMemory() - rt.freeMemory(), "maxBytes", rt.maxMemory()));
        out.put("cpus", rt.availableProcessors());
        out.put("loadAverage", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.put("connectedClients", sessions.sessions().size());
        out.put("logLevel", LogLevels.current());
        out.put("interfaces", interfaces());
        return out;
    }

    @GET
    @jakarta.ws.rs.Path("/log-level")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The current log level of the service's loggers")
    public LogLevel logLevel() {
        return new LogLevel(LogLevels.current());
    }

    @PUT
    @jakarta.ws.rs.Path("/log-level")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary =
                    "Changes the log level at run time (all, trace, verbose, debug, info, warn, error, none); takes effect at once")
    public LogLevel setLogLevel(LogLevel body) {
        if (body == null || body.level() == null)
            throw AdminError.BAD_REQUEST.with("level is required; one of " + LogLevels.NAMES);
        String level;
        try {
            level = LogLevels.set(body.level());
        } catch (IllegalArgumentException e) {
            throw AdminError.BAD_REQUEST.with(e.getMessage());
        }
        events.emit(LogEvents.Event.of(EventType.Info, "Admin", "log level set to " + level)
                .template("log level set"));
        return new LogLevel(level);
    }

    @GET
    @jakarta.ws.rs.Path("/threads")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "Thread dump (Status → Threads), downloadable")
    public String threads() {
        StringBuilder out = new StringBuilder();
        for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            out.append('"')
                    .append(t.getThreadName())
                    .append("\" #")
                    .append(t.getThreadId())
                    .append(' ')
                    .append(t.getThreadState())
                    .append('\n');
            for (StackTraceElement e : t.getStackTrace())
                out.append("    at ").append(e).append('\n');
            out.append('\n');
        }
        return out.toString();
    }

    private static long rss() {
        try {
            for (String line : Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (Exception e) {
            // not Linux: fall through
        }
        return -1;
    }

    private static List<Map<String, Object>> interfaces() {
        List<Map<String, Object>> out = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp()) continue;
                List<String> addresses = new ArrayList<>();
                for (InetAddress a : Collections.list(ni.getInetAddresses())) addresses.add(a.getHostAddress());
                out.add(Map.of("name", ni.getName(), "addresses", addresses, "loopback", ni.isLoopback()));
            }
        } catch (SocketException e) {
            // no interfaces readable
        }
        return out;
    }
}
