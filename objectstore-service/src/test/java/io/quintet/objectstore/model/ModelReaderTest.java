package io.quintet.objectstore.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ModelReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static String sample(String name) {
        try (InputStream in = ModelReaderTest.class.getResourceAsStream("/models/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String edit(String name, Consumer<ObjectNode> change) {
        try {
            ObjectNode tree = (ObjectNode) JSON.readTree(sample(name));
            change.accept(tree);
            return JSON.writeValueAsString(tree);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode entity(ObjectNode model, int index) {
        return (ObjectNode) model.withArray("entities").get(index);
    }

    private static ObjectNode property(ObjectNode model, int entity, int index) {
        return (ObjectNode) entity(model, entity).withArray("properties").get(index);
    }

    @Test
    @DisplayName("C1 parses the Java, Dart, Swift and C/Go sample models and keeps unknown keys")
    void c1SamplesParse() {
        for (String name : new String[] {
            "java-default.json",
            "dart-objectbox-model.json",
            "swift-model-Notes.json",
            "c-go-objectbox-model.json",
            "notes.json"
        }) {
            Model model = ModelReader.parse(sample(name));
            assertTrue(model.entities().size() >= 1, name);
            assertEquals(32, model.fullHash().length());
        }
        Model dart = ModelReader.parse(sample("dart-objectbox-model.json"));
        assertTrue(dart.source().get("generatorExtra").get("kept").asBoolean());
        Model go = ModelReader.parse(sample("c-go-objectbox-model.json"));
        assertEquals(28, go.entities().get(0).property("location").orElseThrow().type());
    }

    @Test
    @DisplayName("C1 shared hash test vectors (server and SDK compute the same base/full hashes)")
    void c1HashVectors() {
        Model notes = ModelReader.parse(sample("notes.json"));
        assertEquals(
                notes.fullHash(),
                ModelReader.parse(sample("notes.json").replace("\n", "\n  ")).fullHash(),
                "whitespace does not change the hash");
        String reordered = edit("notes.json", m -> {
            var entities = m.withArray("entities");
            var first = entities.remove(0);
            entities.add(first);
            m.put("_another", "comment");
        });
        assertEquals(
                notes.fullHash(), ModelReader.parse(reordered).fullHash(), "order and _-keys do not change the hash");
        assertEquals(notes.baseHash(), ModelReader.parse(reordered).baseHash());
    }

    @Test
    @DisplayName(
            "C2 rejects duplicate UIDs, low lastEntityId, mismatching last UID, two IDs, non-Long ID, case duplicates, unknown relation target")
    void c2Rejections() {
        assertRejected(edit("notes.json", m -> property(m, 0, 1).put("id", "2:7705912346600119321")), "duplicate UID");
        assertRejected(edit("notes.json", m -> m.put("lastEntityId", "4:6123000412659983104")), "lastEntityId");
        assertRejected(edit("notes.json", m -> m.put("lastEntityId", "5:1111111111111111111")), "another UID");
        assertRejected(
                edit("notes.json", m -> property(m, 0, 1).put("flags", 1).put("type", 6)), "exactly one ID property");
        assertRejected(edit("notes.json", m -> property(m, 0, 0).put("type", 5)), "type 6");
        assertRejected(edit("notes.json", m -> property(m, 0, 4).put("name", "TITLE")), "case-insensitive");
        assertRejected(edit("notes.json", m -> entity(m, 1).put("name", "note")), "case-insensitive");
        assertRejected(edit("notes.json", m -> property(m, 0, 2).put("relationTarget", "Nowhere")), "unknown type");
        assertRejected(
                edit(
                        "notes.json",
                        m -> ((ObjectNode) entity(m, 1).withArray("relations").get(0)).put("targetId", "9:123")),
                "not a type of the model");
    }

    @Test
    @DisplayName("C3 accepts empty, 0:0 and absent last IDs and reads UIDs up to 2^63-1 exactly")
    void c3EmptyLastIdsAndLargeUids() {
        Model swift = ModelReader.parse(sample("swift-model-Notes.json"));
        assertTrue(swift.lastIndexId().isNone());
        assertTrue(swift.lastRelationId().isNone());
        Model go = ModelReader.parse(sample("c-go-objectbox-model.json"));
        assertTrue(go.lastRelationId().isNone());
        Model java = ModelReader.parse(sample("java-default.json"));
        assertEquals(Long.MAX_VALUE, java.entities().get(0).uid());
    }

    @Test
    @DisplayName("C4 modelVersion 4 and 5 accepted; 6 with parser minimum 6 rejected; 6 with minimum 5 accepted")
    void c4ModelVersions() {
        ModelReader.parse(edit("notes.json", m -> m.put("modelVersion", 4)));
        ModelReader.parse(edit("notes.json", m -> m.put("modelVersion", 5)));
        assertRejected(
                edit("notes.json", m -> m.put("modelVersion", 6).put("modelVersionParserMinimum", 6)),
                "parser of version 6");
        ModelReader.parse(edit("notes.json", m -> m.put("modelVersion", 6).put("modelVersionParserMinimum", 5)));
    }

    @Test
    @DisplayName("C5 a schema update that flips SYNC_ENABLED or SHARED_GLOBAL_IDS of an existing UID is rejected")
    void c5FlagFlipsRejected() {
        Model current = ModelReader.parse(sample("notes.json"));
        Model unsync = ModelReader.parse(edit("notes.json", m -> {
            entity(m, 2).put("flags", 0);
        }));
        ModelException e = assertThrows(ModelException.class, () -> SchemaEvolution.check(current, unsync));
        assertTrue(e.getMessage().contains("Task"), e.getMessage());
        Model shared = ModelReader.parse(edit("notes.json", m -> entity(m, 0).put("flags", 6)));
        assertThrows(ModelException.class, () -> SchemaEvolution.check(current, shared));
        SchemaEvolution.check(
                current,
                ModelReader.parse(edit("notes.json", m -> property(m, 0, 1).put("name", "heading"))));
    }

    @Test
    @DisplayName("C10 adding an index changes only the full hash")
    void c10IndexChangesFullHashOnly() {
        Model before = ModelReader.parse(sample("notes.json"));
        Model after = ModelReader.parse(edit("notes.json", m -> {
            property(m, 0, 3).put("indexId", "4:6036127710411139005").put("flags", 2048);
            m.put("lastIndexId", "4:6036127710411139005");
        }));
        assertEquals(before.baseHash(), after.baseHash());
        assertNotEquals(before.fullHash(), after.fullHash());
        Model renamed =
                ModelReader.parse(edit("notes.json", m -> property(m, 0, 3).put("name", "owner")));
        assertNotEquals(before.baseHash(), renamed.baseHash(), "names are data-relevant");
    }

    private static void assertRejected(String model, String fragment) {
        ModelException e = assertThrows(ModelException.class, () -> ModelReader.parse(model));
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }
}
