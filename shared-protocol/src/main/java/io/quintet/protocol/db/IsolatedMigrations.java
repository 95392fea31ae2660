package io.quintet.protocol.db;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Runs Flyway's {@code migrate} in a class loader of its own and lets that loader go afterwards.
 * A service migrates once, at start; through the application class loader, Flyway, its PostgreSQL
 * plugin and the JDBC driver (some 700 classes, about 4 MB of metaspace and symbols) would stay in
 * the process for its whole life. Here they are loaded child-first from their own jars, the
 * driver is deregistered when the migration is done, and a short-lived daemon thread collects the
 * loader once nothing refers to it any more (the driver's cleanup thread ends after a second idle).
 *
 * <p>Flyway is reached through reflection so that this module needs no compile-time dependency on
 * it; the service's runtime class path must hold flyway-core, flyway-database-postgresql and the
 * PostgreSQL JDBC driver.
 */
public final class IsolatedMigrations {

    private static final Logger LOG = Logger.getLogger(IsolatedMigrations.class);
    /**
     * Loaded child-first; everything else (logging above all) is shared with the application.
     * Jackson too, because Flyway maps its configuration model with it and Jackson's shared type
     * cache would otherwise keep Flyway's classes, and with them the whole loader, alive.
     */
    private static final List<String> ISOLATED_PACKAGES =
            List.of("org.flywaydb.", "org.postgresql.", "com.fasterxml.jackson.");
    /** One class file from each jar the isolated loader needs. */
    private static final List<String> JAR_MARKERS = List.of(
            "org/flywaydb/core/Flyway.class",
            "org/flywaydb/database/postgresql/PostgreSQLDatabaseType.class",
            "org/postgresql/Driver.class",
            "com/fasterxml/jackson/databind/ObjectMapper.class",
            "com/fasterxml/jackson/core/JsonFactory.class",
            "com/fasterxml/jackson/annotation/JsonProperty.class");
    /** Jars Flyway uses when present. */
    private static final List<String> OPTIONAL_JAR_MARKERS = List.of(
            "com/fasterxml/jackson/datatype/jsr310/JavaTimeModule.class",
            "com/fasterxml/jackson/dataformat/toml/TomlMapper.class");

    private static final String DRIVER = "org.postgresql.Driver";
    private static final String CLEANER_TTL = "pgjdbc.config.cleanup.thread.ttl";
    private static final long RELEASE_CHECK_MILLIS = 1_000;
    private static final int RELEASE_CHECKS = 60;

    /**
     * What to migrate.
     *
     * @param jdbcUrl   {@code jdbc:postgresql://host:port/db}
     * @param schemas   the schemas Flyway manages (created if missing); the first holds its history table
     * @param locations classpath locations of the migration scripts, for instance {@code db/migration}
     * @param baselineVersion when set, a schema that has tables but no history yet (written by another
     *     server) is baselined at this version first, so that only later scripts run over it
     * @param repairFirst realign recorded checksums with the scripts (and drop failed entries) before
     *     migrating, for a script edited in place after it was applied somewhere
     */
    public record Plan(
            String jdbcUrl,
            String user,
            String password,
            List<String> schemas,
            List<String> locations,
            Optional<String> baselineVersion,
            boolean repairFirst) {
        public Plan {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            Objects.requireNonNull(baselineVersion, "baselineVersion");
            if (schemas.isEmpty() || locations.isEmpty()) {
                throw new IllegalArgumentException("at least one schema and one location");
            }
            schemas = List.copyOf(schemas);
            locations = List.copyOf(locations);
        }

        /** A plain plan: no baseline, no repair. */
        public Plan(String jdbcUrl, String user, String password, List<String> schemas, List<String> locations) {
            this(jdbcUrl, user, password, schemas, locations, Optional.empty(), false);
        }
    }

    /** How a service's own schema is brought up to date beyond the plain case ({@link Plan}'s last two). */
    public record Adoption(Optional<String> baselineVersion, boolean repairFirst) {
        public static final Adoption NONE = new Adoption(Optional.empty(), false);
    }

    private IsolatedMigrations() {}

    /**
     * The JDBC form of a Quintet database URL ({@code postgresql://host:port/db}, optionally with
     * Quarkus' {@code vertx-reactive:} prefix), the same URL the reactive client is given.
     */
    public static String jdbcUrl(String reactiveUrl) {
        String url = reactiveUrl.startsWith("vertx-reactive:")
                ? reactiveUrl.substring("vertx-reactive:".length())
                : reactiveUrl;
        return url.startsWith("jdbc:") ? url : "jdbc:" + url;
    }

    /** Where every Quintet service keeps its scripts: its own, and the shared operation log's. */
    public static final List<String> SERVICE_LOCATIONS =
            List.of("classpath:db/migration", "classpath:db/quintet-oplog");

    /**
     * Brings a Quintet service's own schema up to date ({@link #SERVICE_LOCATIONS}), connecting with
     * its datasource settings ({@code quarkus.datasource.reactive.url}, {@code .username},
     * {@code .password}); blocking, answers how many migrations ran.
     */
    public static int migrateServiceSchema(String schema) {
        Config config = ConfigProvider.getConfig();
        return migrateServiceSchema(
                config.getValue("quarkus.datasource.reactive.url", String.class),
                config.getOptionalValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class),
                schema);
    }

    /** {@link #migrateServiceSchema(String)} with the connection settings given. */
    public static int migrateServiceSchema(
            String reactiveUrl, Optional<String> user, Optional<String> password, String schema) {
        return migrateServiceSchema(reactiveUrl, user, password, schema, Adoption.NONE);
    }

    /** The same, baselining or repairing first as {@code adoption} says. */
    public static int migrateServiceSchema(
            String reactiveUrl, Optional<String> user, Optional<String> password, String schema, Adoption adoption) {
        int executed = migrate(new Plan(
                jdbcUrl(reactiveUrl),
                user.orElse(null),
                password.orElse(""),
                List.of(schema),
                SERVICE_LOCATIONS,
                adoption.baselineVersion(),
                adoption.repairFirst()));
        LOG.infof("schema %s is up to date (%d migrations applied now)", schema, executed);
        return executed;
    }

    /**
     * Applies the pending migrations, blocking; answers how many ran. A migration that fails
     * throws {@link IllegalStateException} with Flyway's message (the schema is left as Flyway's
     * own transaction handling leaves it).
     */
    public static int migrate(Plan plan) {
        ClassLoader application = IsolatedMigrations.class.getClassLoader();
        URL[] jars = Stream.concat(
                        JAR_MARKERS.stream(),
                        OPTIONAL_JAR_MARKERS.stream().filter(marker -> application.getResource(marker) != null))
                .map(marker -> rootOf(application, marker))
                .distinct()
                .toArray(URL[]::new);
        // the JDBC driver's cleanup thread holds the loader while it runs: let it end soon after use
        if (System.getProperty(CLEANER_TTL) == null) {
            System.setProperty(CLEANER_TTL, "1000");
        }
        ChildFirstLoader loader = new ChildFirstLoader(jars, application);
        WeakReference<ClassLoader> released = new WeakReference<>(loader);
        // Flyway is handed the loader explicitly and never made a context class loader, which any
        // thread started meanwhile (a JDK cleaner, a pool) would inherit and keep; and it runs on a
        // thread of its own, so thread-locals that Flyway or the driver leave behind die with it
        FutureTask<Integer> migration = new FutureTask<>(() -> {
            try {
                return runFlyway(loader, plan);
            } finally {
                deregisterDriver(loader);
            }
        });
        Thread thread = new Thread(migration, "schema-migration");
        thread.setContextClassLoader(application);
        thread.start();
        try {
            return migration.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while migrating", e);
        } finally {
            try {
                loader.close();
            } catch (IOException e) {
                LOG.debugf(e, "could not close the migration class loader");
            }
            collectWhenUnreachable(released);
        }
    }

    private static int runFlyway(ClassLoader loader, Plan plan) {
        try {
            Class<?> flyway = loader.loadClass("org.flywaydb.core.Flyway");
            Object config = flyway.getMethod("configure", ClassLoader.class).invoke(null, loader);
            config = invoke(
                    config,
                    "dataSource",
                    new Class<?>[] {String.class, String.class, String.class},
                    plan.jdbcUrl(),
                    plan.user(),
                    plan.password());
            config = invoke(config, "schemas", new Class<?>[] {String[].class}, (Object)
                    plan.schemas().toArray(String[]::new));
            config = invoke(
                    config,
                    "defaultSchema",
                    new Class<?>[] {String.class},
                    plan.schemas().get(0));
            config = invoke(config, "locations", new Class<?>[] {String[].class}, (Object)
                    plan.locations().toArray(String[]::new));
            // a location that is not found must not pass as "nothing to migrate"
            config = invoke(config, "failOnMissingLocations", new Class<?>[] {boolean.class}, true);
            if (plan.baselineVersion().isPresent()) {
                config = invoke(config, "baselineOnMigrate", new Class<?>[] {boolean.class}, true);
                config = invoke(
                        config,
                        "baselineVersion",
                        new Class<?>[] {String.class},
                        plan.baselineVersion().get());
            }
            Object configured = invoke(config, "load", new Class<?>[0]);
            if (plan.repairFirst()) {
                invoke(configured, "repair", new Class<?>[0]);
            }
            Object result = invoke(configured, "migrate", new Class<?>[0]);
            return result.getClass().getField("migrationsExecuted").getInt(result);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("schema migration failed: " + cause.getMessage(), cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Flyway is not usable from the class path: " + e, e);
        }
    }

    private static Object invoke(Object target, String name, Class<?>[] types, Object... args)
            throws ReflectiveOperationException {
        Method method = target.getClass().getMethod(name, types);
        return method.invoke(target, args);
    }

    /** Only a driver this loader loaded is deregistered, by its own class (DriverManager checks the caller). */
    private static void deregisterDriver(ChildFirstLoader loader) {
        Class<?> driver = loader.loaded(DRIVER);
        if (driver == null) {
            return;
        }
        try {
            if ((boolean) driver.getMethod("isRegistered").invoke(null)) {
                driver.getMethod("deregister").invoke(null);
            }
        } catch (ReflectiveOperationException e) {
            LOG.debugf(e, "could not deregister the migration's JDBC driver");
        }
    }

    /**
     * Class metadata is freed only by a full collection, which an idle service may not have for
     * hours: ask for one once the loader has become unreachable, checking every second.
     */
    private static void collectWhenUnreachable(WeakReference<ClassLoader> loader) {
        Thread collector = new Thread(
                () -> {
                    for (int i = 0; i < RELEASE_CHECKS && loader.get() != null; i++) {
                        try {
                            Thread.sleep(RELEASE_CHECK_MILLIS);
                        } catch (InterruptedException e) {
                            return;
                        }
                        System.gc();
                    }
                    if (loader.get() != null) {
                        LOG.debug("the migration class loader is still referenced; its classes stay loaded");
                    }
                },
                "migration-release");
        collector.setDaemon(true);
        collector.setContextClassLoader(null);
        collector.start();
    }

    /** The jar (or class directory) that holds {@code resource} on the application's class path. */
    static URL rootOf(ClassLoader loader, String resource) {
        URL url = loader.getResource(resource);
        if (url == null) {
            throw new IllegalStateException(
                    resource + " is not on the class path (flyway-core, flyway-database-postgresql"
                            + " and the PostgreSQL JDBC driver are needed for migrations)");
        }
        String spec = url.toExternalForm();
        try {
            if (spec.startsWith("jar:")) {
                return new URL(spec.substring("jar:".length(), spec.indexOf("!/")));
            }
            if (spec.endsWith(resource)) {
                return new URL(spec.substring(0, spec.length() - resource.length()));
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException("unusable class path entry " + spec, e);
        }
        throw new IllegalStateException("unusable class path entry " + spec);
    }

    /** Child-first for {@link #ISOLATED_PACKAGES}, parent-first for everything else and for resources. */
    private static final class ChildFirstLoader extends URLClassLoader {

        static {
            registerAsParallelCapable();
        }

        ChildFirstLoader(URL[] urls, ClassLoader parent) {
            super("quintet-migrations", urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (ISOLATED_PACKAGES.stream().noneMatch(name::startsWith)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> type = findLoadedClass(name);
                if (type == null) {
                    type = findClass(name);
                }
                if (resolve) {
                    resolveClass(type);
                }
                return type;
            }
        }

        Class<?> loaded(String name) {
            return findLoadedClass(name);
        }
    }
}
