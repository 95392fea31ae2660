package io.quintet.objectstore.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quintet.objectstore.model.ModelReader;
import jakarta.inject.Inject;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SchemaStartupTest {

    @Inject
    SchemaRegistry registry;

    @Test
    @DisplayName(
            "C7 first start with an empty database registers the model file as version 1, current, clients allowed")
    void c7FirstStartRegistersVersionOne() {
        RegisteredVersion current = registry.current();
        assertEquals(1, current.versionId());
        assertTrue(current.clientsAllowed());
        assertEquals(
                ModelReader.read(Path.of("src/test/resources/models/notes.json"))
                        .fullHash(),
                current.model().fullHash());
    }

    @Test
    @DisplayName(
            "C11 non-strict: an unknown client hash resolves to the current version; known full/base hashes resolve to their version")
    void c11NonStrictResolution() {
        RegisteredVersion current = registry.current();
        assertEquals(
                current.versionId(),
                registry.resolve("00000000000000000000000000000000", "11111111111111111111111111111111")
                        .version()
                        .orElseThrow()
                        .versionId());
        assertEquals(
                current.versionId(),
                registry.resolve(current.model().baseHash(), "11111111111111111111111111111111")
                        .version()
                        .orElseThrow()
                        .versionId());
    }
}
