package io.quintet.linkora.importer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import org.sqlite.JDBC;

/**
 * A reference server's database, named as its {@code databaseUrl} names it (spec 12.1): a JDBC
 * URL with or without the {@code jdbc:} prefix ({@code postgresql://host:5432/linkora},
 * {@code mysql://host:3306/linkora}, {@code sqlite:/path/linkora.db}), or the path of a SQLite file.
 * Drivers are instantiated directly rather than looked up through {@code DriverManager}, which does
 * not see drivers of Quarkus' class loader reliably.
 */
public final class SourceDatabase {

    public enum Kind {
        SQLITE,
        POSTGRESQL,
        MYSQL
    }

    private final String jdbcUrl;
    private final Kind kind;

    private SourceDatabase(String jdbcUrl, Kind kind) {
        this.jdbcUrl = jdbcUrl;
        this.kind = kind;
    }

    /** Parses a URL or path; an unsupported scheme is an {@link IllegalArgumentException}. */
    public static SourceDatabase of(String urlOrPath) {
        String value = urlOrPath == null ? "" : urlOrPath.trim();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("no source database given");
        }
        String url = value.regionMatches(true, 0, "jdbc:", 0, 5) ? value : "jdbc:" + value;
        String rest = url.substring(5).toLowerCase(Locale.ROOT);
        if (rest.startsWith("sqlite:")) {
            return new SourceDatabase(url, Kind.SQLITE);
        }
        if (rest.startsWith("postgresql:")) {
            return new SourceDatabase(url, Kind.POSTGRESQL);
        }
        if (rest.startsWith("mysql:") || rest.startsWith("mariadb:")) {
            // the reference's MySQL URLs; Connector/J reads MariaDB servers with the mysql scheme
            return new SourceDatabase("jdbc:mysql:" + url.substring(5).substring(rest.indexOf(':') + 1), Kind.MYSQL);
        }
        if (!value.contains("://") && !rest.contains(":")) {
            return sqliteFile(Path.of(value));
        }
        throw new IllegalArgumentException("unsupported database URL (expected sqlite:, postgresql: or mysql:)");
    }

    public static SourceDatabase sqliteFile(Path file) {
        return new SourceDatabase("jdbc:sqlite:" + file.toAbsolutePath(), Kind.SQLITE);
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public Kind kind() {
        return kind;
    }

    /** Opens a connection; SQLite files are opened read-only so an import never alters its source. */
    public Connection open(String user, String password) throws SQLException {
        Properties properties = new Properties();
        if (user != null && !user.isEmpty()) {
            properties.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
            properties.setProperty("password", password);
        }
        Driver driver = switch (kind) {
            case SQLITE -> {
                properties.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
                yield new JDBC();
            }
            case POSTGRESQL -> new org.postgresql.Driver();
            case MYSQL -> new com.mysql.cj.jdbc.Driver();
        };
        Connection connection = driver.connect(jdbcUrl, properties);
        if (connection == null) {
            throw new SQLException("the " + kind + " driver does not accept this URL");
        }
        return connection;
    }
}
