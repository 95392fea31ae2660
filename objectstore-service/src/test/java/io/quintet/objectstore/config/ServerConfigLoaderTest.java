package io.quintet.objectstore.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigLoaderTest {

    @TempDir
    Path dir;

    private SyncServerSettings load(String json, Map<String, String> env, String... args) throws IOException {
        if (json != null) Files.writeString(dir.resolve(ServerConfigLoader.DEFAULT_FILE), json);
        return ServerConfigLoader.load(args, name -> Optional.ofNullable(env.get(name)), dir);
    }

    private ConfigException refused(String json, Map<String, String> env, String... args) {
        return assertThrows(ConfigException.class, () -> load(json, env, args));
    }

    @Test
    @DisplayName("C14 no authenticator and no no-auth flag: start-up refused with a clear message")
    void c14NoAuthenticatorRefused() {
        ConfigException e = refused("{}", Map.of());
        assertTrue(e.getMessage().startsWith("No authenticator configured"), e.getMessage());
        assertTrue(e.getMessage().contains("--unsecured-no-authentication"));
    }

    @Test
    @DisplayName("C15 the no-auth flag from the file, the CLI or OBJECTSTORE_UNSECURED_NO_AUTHENTICATION")
    void c15NoAuthSources() throws IOException {
        assertTrue(load("{\"unsecuredNoAuthentication\": true}", Map.of()).unsecuredNoAuthentication());
        assertTrue(load("{}", Map.of(), "--unsecured-no-authentication").unsecuredNoAuthentication());
        assertTrue(load(null, Map.of("objectstore.unsecured-no-authentication", "true"))
                .unsecuredNoAuthentication());
    }

    @Test
    @DisplayName(
            "C74 _-keys ignored at every level; unknown key is a start-up error; CLI overrides the file; K/M/G/T are binary; debugLog warns")
    void c74ConfigRules() throws IOException {
        SyncServerSettings s = load("""
                {"_comment": "x", "unsecuredNoAuthentication": true, "dbMaxSize": "4G",
                 "auth": {"_disabled": {"sharedSecret": "old"}}, "debugLog": true, "logLevel": "warn"}""", Map.of());
        assertEquals(4L << 30, s.dbMaxSizeBytes());
        assertEquals("warn", s.logLevel());
        assertTrue(s.warnings().stream().anyMatch(w -> w.contains("debugLog")));
        assertTrue(refused("{\"unsecuredNoAuthentication\": true, \"dbMaxSzie\": \"1G\"}", Map.of())
                .getMessage()
                .contains("dbMaxSzie"));
        assertTrue(refused(
                        "{\"unsecuredNoAuthentication\": true, \"auth\": {\"jwt\": {\"publicKey\": \"k\", \"claimAudience\": \"x\"}}}",
                        Map.of())
                .getMessage()
                .contains("auth.jwt.claimAudience"));
        SyncServerSettings cli = load(
                "{\"unsecuredNoAuthentication\": true, \"dbMaxSize\": \"4G\"}",
                Map.of("objectstore.db-max-size", "2G"),
                "--db-max-size",
                "512M");
        assertEquals(512L << 20, cli.dbMaxSizeBytes());
        assertEquals(
                2L << 30,
                load(
                                "{\"unsecuredNoAuthentication\": true, \"dbMaxSize\": \"4G\"}",
                                Map.of("objectstore.db-max-size", "2G"))
                        .dbMaxSizeBytes(),
                "environment over file");
        assertEquals(1L << 10, Sizes.parse("1K", "k"));
        assertEquals(3L << 40, Sizes.parse("3T", "k"));
        assertEquals(104857600L << 10, Sizes.parse("104857600K", "k"));
        assertThrows(ConfigException.class, () -> Sizes.parse("12Q", "k"));
        assertTrue(refused("{}", Map.of(), "--no-such-option").getMessage().contains("--no-such-option"));
    }

    @Test
    @DisplayName("C11 strict together with defaultHash is a configuration error")
    void c11StrictAndDefaultHash() {
        assertTrue(refused("""
                {"unsecuredNoAuthentication": true, "clientSchemaValidation": {"strict": true, "defaultHash": "0123456789abcdef0123456789abcdef"}}""", Map.of()).getMessage().contains("strict and defaultHash"));
    }

    @Test
    @DisplayName("C73 historySizeTargetKb at or above historySizeMaxKb is a configuration error")
    void c73TargetBelowMax() throws IOException {
        assertTrue(refused(
                        "{\"unsecuredNoAuthentication\": true, \"historySizeMaxKb\": 100, \"historySizeTargetKb\": 100}",
                        Map.of())
                .getMessage()
                .contains("historySizeTargetKb"));
        SyncServerSettings s = load("{\"unsecuredNoAuthentication\": true, \"historySizeMaxKb\": 100}", Map.of());
        assertEquals(100, s.historySizeTargetKb(), "target defaults to max");
    }

    @Test
    @DisplayName(
            "C19 --auth-required lists credential types; unknown types refused; auth.jwt needs exactly one key source (4.4)")
    void authOptions() throws IOException {
        SyncServerSettings s = load(
                "{\"auth\": {\"sharedSecret\": {\"value\": \"s\", \"required\": true}, \"obxAdmin\": {\"required\": false}}}",
                Map.of(),
                "--auth-required",
                "SHARED_SECRET_SIPPED,OBX_ADMIN_USER");
        assertTrue(s.sharedSecret().orElseThrow().required());
        assertTrue(s.authRequired().contains("OBX_ADMIN_USER"));
        assertFalse(s.unsecuredNoAuthentication());
        refused("{\"auth\": {\"sharedSecret\": \"s\"}}", Map.of(), "--auth-required", "PASSWORD");
        refused("{\"auth\": {\"jwt\": {\"claimAud\": \"a\"}}}", Map.of());
        SyncServerSettings jwt =
                load("{\"auth\": {\"jwt\": {\"claimAud\": \"a\"}}}", Map.of(), "--jwt-public-key-url", "http://keys");
        assertEquals("http://keys", jwt.jwt().orElseThrow().publicKeyUrl().orElseThrow());
    }

    @Test
    @DisplayName("C75 certificatePath without cert.pem/key.pem is a start-up error")
    void c75MissingCertificateFiles() throws IOException {
        Files.createDirectories(dir.resolve("certs"));
        assertTrue(refused("{\"unsecuredNoAuthentication\": true, \"certificatePath\": \"certs\"}", Map.of())
                .getMessage()
                .contains("cert.pem"));
    }

    @Test
    @DisplayName("OBJECTSTORE_CONFIG and OBJECTSTORE_MODEL name the files; -c/--conf and -m/--model win")
    void fileLocations() throws IOException {
        Files.writeString(
                dir.resolve("other.json"), "{\"unsecuredNoAuthentication\": true, \"modelFile\": \"a.json\"}");
        SyncServerSettings s = ServerConfigLoader.load(
                new String[0],
                n -> Optional.ofNullable(Map.of("objectstore.config", "other.json", "objectstore.model", "b.json")
                        .get(n)),
                dir);
        assertEquals(dir.resolve("b.json"), s.modelFile().orElseThrow());
        SyncServerSettings c =
                ServerConfigLoader.load(new String[] {"-c", "other.json", "-m", "c.json"}, n -> Optional.empty(), dir);
        assertEquals(dir.resolve("c.json"), c.modelFile().orElseThrow());
        assertThrows(
                ConfigException.class,
                () -> ServerConfigLoader.load(new String[] {"--conf", "missing.json"}, n -> Optional.empty(), dir));
    }
}
