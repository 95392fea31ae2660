package io.quintet.synkronus;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quintet.protocol.testing.EmbeddedPostgresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/** A stand-in for a running Synkronus deployment: its schema (synkronus.md 14.2) with a few rows, and its data directory. */
final class ReferenceDeployment {

    private ReferenceDeployment() {}

    /** Creates database {@code reference} and answers its URL in the reference's own form (postgres://...). */
    static String create() throws Exception {
        EmbeddedPostgresServer.createDatabase("reference");
        try (Connection c = DriverManager.getConnection(
                        EmbeddedPostgresServer.jdbcUrl("reference"),
                        EmbeddedPostgresServer.USER,
                        EmbeddedPostgresServer.PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE IF NOT EXISTS users (id uuid PRIMARY KEY, username varchar(255) UNIQUE NOT NULL, password_hash varchar(255) NOT NULL,
                      role varchar(50) NOT NULL, created_at timestamp NOT NULL, updated_at timestamp NOT NULL);
                    CREATE TABLE IF NOT EXISTS observations (observation_id varchar(255) PRIMARY KEY, form_type varchar(255) NOT NULL,
                      form_version varchar(50) NOT NULL, data jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now(),
                      updated_at timestamptz NOT NULL DEFAULT now(), synced_at timestamptz, deleted boolean NOT NULL DEFAULT false,
                      version bigint NOT NULL DEFAULT 1, geolocation jsonb, author text, device_id text, tags text[]);
                    CREATE TABLE IF NOT EXISTS sync_version (id integer PRIMARY KEY DEFAULT 1, current_version bigint NOT NULL DEFAULT 1,
                      updated_at timestamptz NOT NULL DEFAULT now(), repository_generation bigint NOT NULL DEFAULT 1,
                      last_reset_at timestamptz, last_reset_by varchar(255));
                    CREATE TABLE IF NOT EXISTS attachment_operations (id serial PRIMARY KEY, attachment_id varchar(255) NOT NULL,
                      operation varchar(10) NOT NULL, client_id varchar(255), version bigint NOT NULL, size integer,
                      content_type varchar(255), created_at timestamptz NOT NULL DEFAULT now());
                    TRUNCATE users, observations, sync_version, attachment_operations;
                    INSERT INTO sync_version (id, current_version, repository_generation) VALUES (1, 9, 3);
                    INSERT INTO observations (observation_id, form_type, form_version, data, version, tags, geolocation)
                      VALUES ('ref-obs-1', 'survey', '1', '{"a":1}', 5, ARRAY['x'], '{"latitude":1,"longitude":2,"accuracy":3}'),
                             ('ref-obs-2', 'survey', '1', '{"a":2}', 7, NULL, NULL);
                    INSERT INTO attachment_operations (attachment_id, operation, version, size, content_type)
                      VALUES ('photo.jpg', 'create', 8, 6, 'image/jpeg');
                    """);
            s.execute("INSERT INTO users VALUES ('0b3f3c2e-8e43-4d5e-9c55-3a7b1d2f6a10', 'field-worker', '"
                    + BcryptUtil.bcryptHash("field-pass", 4) + "', 'read-write', now(), now())");
        }
        return "postgres://" + EmbeddedPostgresServer.USER + ":" + EmbeddedPostgresServer.PASSWORD + "@127.0.0.1:"
                + EmbeddedPostgresServer.port() + "/reference?sslmode=disable";
    }

    static Path dataDir() throws Exception {
        Path dir = Files.createTempDirectory("synkronus-reference");
        Files.createDirectories(dir.resolve("attachments"));
        Files.createDirectories(dir.resolve("attachments_uncompressed"));
        Files.writeString(dir.resolve("attachments/photo.jpg"), "served");
        Files.writeString(dir.resolve("attachments_uncompressed/photo.jpg"), "original");
        Path version = dir.resolve("app-bundle/versions/0001");
        Files.createDirectories(version.resolve("app"));
        Files.writeString(version.resolve("app/index.html"), "<html>ref</html>");
        Files.writeString(
                version.resolve("APP_INFO.json"), "{\"version\":\"0001\",\"forms\":{}}", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("app-bundle/versions/CURRENT_VERSION"), "0001\n");
        return dir;
    }
}
