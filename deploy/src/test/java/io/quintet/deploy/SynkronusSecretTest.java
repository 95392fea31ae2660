package io.quintet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynkronusSecretTest {

    @Test
    void generatedOnceKeptOwnerOnlyAndReused(@TempDir Path data) throws Exception {
        String first = SynkronusSecret.load(data.resolve("synkronus/jwt-secret"));
        assertTrue(first.length() >= 48);
        assertEquals(first, SynkronusSecret.load(data.resolve("synkronus/jwt-secret")));
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("synkronus/jwt-secret"))));
        if (System.getenv("JWT_SECRET") == null) {
            assertEquals(
                    first, SynkronusSecret.environment(data, Map.of("A", "b")).get("JWT_SECRET"));
        }
    }

    @Test
    void importCommandNeedsItsArguments() {
        var out = new java.io.ByteArrayOutputStream();
        var command = new SynkronusAdminCommand(Map.of(), new java.io.PrintStream(out), new java.io.PrintStream(out));
        assertEquals(2, command.run(new String[] {"import"}));
        assertEquals(0, command.run(new String[] {"help"}));
        assertTrue(out.toString().contains("quintet synkronus import"));
    }
}
