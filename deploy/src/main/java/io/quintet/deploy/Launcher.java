package io.quintet.deploy;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * {@code quintet run}: PostgreSQL (embedded unless {@code QUINTET_DB_URL} is set), then every
 * service module present in this checkout, then the gateway; waits until each is ready, prints
 * where to find it, and on Ctrl-C or SIGTERM stops the services, then PostgreSQL.
 */
public final class Launcher {

    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final LauncherSettings settings;
    private final PrintStream out;
    private final List<ChildProcess> children = new CopyOnWriteArrayList<>();
    private EmbeddedDatabase embedded;
    private volatile boolean stopping;

    Launcher(LauncherSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "run" : args[0];
        switch (command) {
            case "run" -> {
                Launcher launcher = new Launcher(LauncherSettings.fromEnvironment(System.getenv()), System.out);
                System.exit(launcher.run());
            }
            case "kosync" -> KosyncAdminCommand.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            case "linkora" -> LinkoraAdminCommand.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            case "backup", "restore" ->
                System.exit(Backup.main(
                        command,
                        java.util.Arrays.copyOfRange(args, 1, args.length),
                        LauncherSettings.fromEnvironment(System.getenv()),
                        System.out,
                        System.err));
            case "synkronus" -> SynkronusAdminCommand.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            case "help", "--help", "-h" -> usage(System.out);
            default -> {
                System.err.println("unknown command: " + command);
                usage(System.err);
                System.exit(2);
            }
        }
    }

    private static void usage(PrintStream out) {
        out.println("""
                usage: quintet [run | backup FILE | restore FILE | kosync ... | linkora ... | help]

                  run   start PostgreSQL, every built service and the gateway; Ctrl-C stops them all
                  kosync users|import ...   administer kosync accounts (quintet kosync help)
                  linkora import [file|url] import a Linkora sync server's database (quintet linkora help)
                  backup FILE   one archive of the data directory: the embedded PostgreSQL (every service's
                                schema, consistent; online while the suite runs), certificates, tokens;
                                with QUINTET_DB_URL, a pg_dump of that database instead
                  restore FILE  bring a fresh (empty or new) data directory, and with QUINTET_DB_URL a
                                database without Quintet's schemas, back to that state
                  synkronus import <db-url> [data-dir]  take over a Synkronus deployment (quintet synkronus help)

                environment:
                  QUINTET_DB_URL, QUINTET_DB_USER, QUINTET_DB_PASSWORD
                                       use this PostgreSQL (postgresql://host:port/db) instead of the embedded one
                  QUINTET_DATA_DIR     data directory (default ./data; PostgreSQL lives in ./data/postgres)
                  QUINTET_PG_PORT      port of the embedded PostgreSQL (default: any free port)
                  QUINTET_<SERVICE>_PORT  port of a service, e.g. QUINTET_KOSYNC_PORT=8084
                  QUINTET_JAVA_OPTS    JVM options of each service (default keeps each one lean)
                  QUINTET_PG_BIN       directory of pg_dump/pg_restore for backup/restore with QUINTET_DB_URL
                  QUINTET_GATEWAY_PORT, QUINTET_GATEWAY_HTTPS_PORT  gateway ports (8080, 8443)
                  QUINTET_<SERVICE>_MANAGEMENT_PORT  health and metrics of a service or the gateway, on 127.0.0.1,
                                       e.g. QUINTET_GATEWAY_MANAGEMENT_PORT=9000 (default: any free port, printed)
                  LINKORA_SERVER_AUTH_TOKEN  token of the certificate page (/linkora/generate/certs-and-keystore)
                  LINKORA_ADMIN_TOKEN  enables the linkora admin route that quintet linkora import calls
                  JWT_SECRET           synkronus token key (default: generated once into <data>/synkronus/jwt-secret)
                  QUINTET_LOG_JSON     true for JSON logs
                """);
    }

    int run() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            shutdown();
                            stopped.countDown();
                        },
                        "quintet-shutdown"));

        String dbUrl = settings.externalDbUrl();
        String dbUser = settings.dbUser();
        if (dbUrl == null) {
            out.println("quintet: starting embedded PostgreSQL in "
                    + settings.dataDir().resolve("postgres"));
            embedded = EmbeddedDatabase.start(settings.dataDir(), settings.embeddedPgPort());
            dbUrl = embedded.url();
            dbUser = "postgres";
        }
        out.println("quintet: PostgreSQL at " + dbUrl);

        Map<String, String> env = new HashMap<>();
        env.put("QUINTET_DB_URL", dbUrl);
        env.put("QUINTET_DB_USER", dbUser);
        env.put("QUINTET_DB_PASSWORD", settings.dbPassword());
        env.put("QUINTET_DATA_DIR", settings.dataDir().toString());

        List<ServiceSpec> services = ServiceCatalog.present(settings.root());
        for (ServiceSpec spec : services) {
            if (!ServiceCatalog.configured(spec, settings.env())) {
                out.println("quintet: not starting " + spec.name()
                        + ": set OBJECTSTORE_MODEL (its objectbox-model.json) or OBJECTSTORE_CONFIG to serve it");
                continue;
            }
            ChildProcess child = startChild(spec, env);
            if (child == null) return 1;
            env.put("QUINTET_UPSTREAM_" + spec.name().toUpperCase(), "http://127.0.0.1:" + child.port);
            // the gateway asks each service's readiness on its management interface
            env.put(
                    "QUINTET_UPSTREAM_" + spec.name().toUpperCase() + "_MANAGEMENT_PORT",
                    Integer.toString(child.managementPort));
        }
        for (ChildProcess child : List.copyOf(children)) {
            if (!awaitReady(child)) return 1;
        }
        if (ServiceCatalog.gatewayPresent(settings.root())) {
            ChildProcess gateway = startChild(ServiceCatalog.GATEWAY, env);
            if (gateway == null || !awaitReady(gateway)) return 1;
        }

        printSummary(dbUrl);
        // Stay up until a signal (the shutdown hook) or until a service dies on its own.
        while (stopped.getCount() > 0) {
            for (ChildProcess child : List.copyOf(children)) {
                if (!stopping && !child.isAlive()) {
                    out.println("quintet: " + child.spec.name() + " exited unexpectedly; stopping the suite");
                    return 1;
                }
            }
            Thread.sleep(1_000);
        }
        return 0;
    }

    private ChildProcess startChild(ServiceSpec spec, Map<String, String> env) throws Exception {
        Path jar = spec.runner(settings.root());
        if (!Files.isRegularFile(jar)) {
            out.println("quintet: " + spec.module() + " is not built (" + jar + "); run ./mvnw -DskipTests package");
            return null;
        }
        int port = settings.portOf(spec);
        int management = settings.managementPortOf(spec);
        out.println("quintet: starting " + spec.name() + " on port " + port
                + (management > 0 ? " (health and metrics on 127.0.0.1:" + management + ")" : ""));
        Map<String, String> own =
                "synkronus".equals(spec.name()) ? SynkronusSecret.environment(settings.dataDir(), env) : env;
        ChildProcess child = ChildProcess.start(
                spec, port, management, jar, settings.javaOptionsFor(spec), settings.environmentFor(spec, own), out);
        children.add(child);
        return child;
    }

    private boolean awaitReady(ChildProcess child) throws InterruptedException {
        if (child.awaitReady(settings.readyTimeout())) {
            return true;
        }
        out.println("quintet: " + child.spec.name() + " did not become ready within "
                + settings.readyTimeout().toSeconds() + " s");
        return false;
    }

    private void printSummary(String dbUrl) {
        out.println();
        out.println("Quintet is running. Ctrl-C stops everything.");
        out.println(String.format("  %-12s %s", "postgresql", dbUrl));
        if (children.isEmpty()) {
            out.println("  (no service module is built in this checkout yet)");
        }
        for (ChildProcess child : children) {
            String rss = child.residentKb()
                    .map(kb -> String.format("  (RSS %d MB)", kb / 1024))
                    .orElse("");
            out.println(String.format("  %-12s %s%s", child.spec.name(), child.baseUrl() + "/", rss));
            if (child.managementPort > 0) {
                out.println(
                        String.format("  %-12s http://127.0.0.1:%d/q/health, /q/metrics", "", child.managementPort));
            }
        }
        children.stream()
                .filter(c -> c.spec.equals(ServiceCatalog.GATEWAY))
                .findFirst()
                .ifPresent(gateway -> {
                    String host = lanAddress();
                    String https = settings.env().getOrDefault("QUINTET_GATEWAY_HTTPS_PORT", "8443");
                    out.println();
                    out.println("  Open https://" + host + ":" + https + "/ (or http://" + host + ":" + gateway.port
                            + "/) for the URL to type into each app and the certificate fingerprint.");
                });
        out.println();
    }

    /** The first non-loopback IPv4 address: what a phone on the same network dials. */
    private static String lanAddress() {
        try {
            for (java.net.NetworkInterface nic :
                    java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) continue;
                for (java.net.InetAddress address : java.util.Collections.list(nic.getInetAddresses())) {
                    if (address instanceof java.net.Inet4Address) return address.getHostAddress();
                }
            }
        } catch (java.net.SocketException e) {
            // fall through to localhost
        }
        return "localhost";
    }

    /** Services first (newest first, so the gateway goes before its upstreams), then the database. */
    synchronized void shutdown() {
        stopping = true;
        for (int i = children.size() - 1; i >= 0; i--) {
            ChildProcess child = children.get(i);
            if (child.isAlive()) {
                out.println("quintet: stopping " + child.spec.name());
                child.stop(STOP_GRACE);
            }
        }
        children.clear();
        if (embedded != null) {
            out.println("quintet: stopping PostgreSQL");
            try {
                embedded.close();
            } catch (Exception e) {
                out.println("quintet: PostgreSQL did not stop cleanly: " + e.getMessage());
            }
            embedded = null;
        }
    }
}
