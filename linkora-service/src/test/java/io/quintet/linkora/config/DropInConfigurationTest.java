package io.quintet.linkora.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spec 12.1: an existing reference install's configuration, file or environment (C123–C125), without Quarkus. */
class DropInConfigurationTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A linkoraConfig.json as the reference writes it after its console dialogue (all keys, pretty-printed). */
    private static final String REFERENCE_FILE = """
            {
                "databaseUrl": "postgresql://192.168.1.20:5432/linkora",
                "databaseUser": "linkora",
                "databasePassword": "db-secret",
                "hostAddress": "192.168.1.5",
                "serverPort": 45455,
                "httpsPort": 54546,
                "serverAuthToken": "ref#!$%^&*Token",
                "keyStorePassword": "Xy7!@#abcdefghijklmnopqrstuvwxyz0123456789ABC"
            }
            """;

    @TempDir
    Path dir;

    private static LinkoraConfig config(Path file) {
        return new LinkoraConfig() {
            public Path configFile() {
                return file;
            }

            public MemorySize maxBodySize() {
                return new MemorySize(BigInteger.valueOf(16 << 20));
            }

            public MemorySize bodyMemory() {
                return new MemorySize(BigInteger.valueOf(4 << 20));
            }

            public Duration configReloadInterval() {
                return Duration.ofSeconds(2);
            }

            public Events events() {
                return null;
            }
        };
    }

    private static ServerToken token(Path file, String useEnv, String envToken) {
        return new ServerToken(config(file), MAPPER, null, Optional.ofNullable(useEnv), Optional.ofNullable(envToken));
    }

    @Test
    @DisplayName("C123 an existing reference linkoraConfig.json gives the same token, ports and bind address")
    void referenceFile() throws Exception {
        Path file = Files.writeString(dir.resolve("linkoraConfig.json"), REFERENCE_FILE);
        ServerToken token = token(file, null, null);
        token.reload(true);
        assertEquals(Optional.of("ref#!$%^&*Token"), token.current());

        ReferenceSettings settings = ReferenceSettings.read(file, Map.of(), MAPPER);
        assertTrue(settings.present());
        assertFalse(settings.environmentMode());
        assertEquals(Optional.of("192.168.1.5"), settings.hostAddress());
        assertEquals(45455, settings.serverPort());
        assertEquals(54546, settings.httpsPort());
        assertEquals(Optional.of("postgresql://192.168.1.20:5432/linkora"), settings.databaseUrl());
        assertTrue(settings.keyStorePasswordSet());
        String logLine = settings.describe(file);
        assertFalse(
                logLine.contains("ref#!$%^&*Token") || logLine.contains("db-secret") || logLine.contains("Xy7!"),
                "no secret is logged");

        // a file without the key means the reference's default token; missing ports mean the defaults
        Path minimal =
                Files.writeString(dir.resolve("minimal.json"), "{\"hostAddress\":\"0.0.0.0\",\"serverPort\":\"x\"}");
        ServerToken defaultToken = token(minimal, null, null);
        defaultToken.reload(true);
        assertEquals(Optional.of("TOKEN"), defaultToken.current());
        ReferenceSettings defaults = ReferenceSettings.read(minimal, Map.of(), MAPPER);
        assertEquals(45454, defaults.serverPort());
        assertEquals(54545, defaults.httpsPort());
    }

    @Test
    @DisplayName("C124 LINKORA_SERVER_USE_ENV_VAL=true selects the LINKORA_* variables; TRUE (upper case) does not")
    void environmentModeIsExact() throws Exception {
        Path file = Files.writeString(dir.resolve("linkoraConfig.json"), REFERENCE_FILE);
        ServerToken env = token(file, "true", "env-token");
        env.start(null);
        assertEquals(Optional.of("env-token"), env.current());

        ServerToken upper = token(file, "TRUE", "env-token");
        upper.reload(true);
        assertEquals(Optional.of("ref#!$%^&*Token"), upper.current(), "TRUE is file mode");

        Map<String, String> variables = Map.of(
                "LINKORA_SERVER_USE_ENV_VAL",
                "true",
                "LINKORA_HOST_ADDRESS",
                "10.0.0.7",
                "LINKORA_SERVER_PORT",
                "45000",
                "LINKORA_HTTPS_PORT",
                "not-a-number",
                "LINKORA_DATABASE_URL",
                "sqlite:/srv/linkora.db",
                "LINKORA_SERVER_AUTH_TOKEN",
                "env-token");
        ReferenceSettings settings = ReferenceSettings.read(file, variables, MAPPER);
        assertTrue(settings.environmentMode());
        assertEquals(Optional.of("10.0.0.7"), settings.hostAddress());
        assertEquals(45000, settings.serverPort());
        assertEquals(54545, settings.httpsPort(), "not an integer: the default, like the reference");
        assertEquals(Optional.of("sqlite:/srv/linkora.db"), settings.databaseUrl());

        Map<String, String> upperCase = new HashMap<>(variables);
        upperCase.put("LINKORA_SERVER_USE_ENV_VAL", "TRUE");
        ReferenceSettings fileMode = ReferenceSettings.read(file, upperCase, MAPPER);
        assertFalse(fileMode.environmentMode());
        assertEquals(Optional.of("192.168.1.5"), fileMode.hostAddress());
    }

    @Test
    @DisplayName(
            "C125 environment mode without LINKORA_KEY_STORE_PASSWORD (nor DB user/password) is a valid configuration")
    void keyStorePasswordIsOptional() {
        Map<String, String> variables = Map.of(
                "LINKORA_SERVER_USE_ENV_VAL",
                "true",
                "LINKORA_SERVER_AUTH_TOKEN",
                "t",
                "LINKORA_DATABASE_URL",
                "postgresql://db:5432/linkora");
        ReferenceSettings settings = ReferenceSettings.read(dir.resolve("absent.json"), variables, MAPPER);
        assertFalse(settings.keyStorePasswordSet());
        assertTrue(settings.describe(dir).contains("the gateway generates and keeps one"));
        ServerToken env = token(dir.resolve("absent.json"), "true", "t");
        env.start(null);
        assertEquals(Optional.of("t"), env.current());
    }
}
