package io.quintet.synkronus;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

/**
 * The Parquet export read back by parquet-java's file reader, its pages decompressed by the
 * reference Snappy (xerial, native) rather than the writer's pure-Java codec.
 */
@QuarkusTest
class ParquetExportTest {

    @Test
    @DisplayName("C91 Parquet zip: one <formType>.parquet per live form type, base columns in order, data_<key> typed"
            + " number→double, bool→boolean, mixed→string; deleted rows excluded")
    void c91() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String type = "pq-" + suffix;
        String slashed = "pq/" + suffix + ":x";
        String onlyDeleted = "pq-gone-" + suffix;

        Map<String, Object> late = Sync.record("b-" + suffix, type, data(2.5, true, "text", 7));
        late.put("created_at", "2026-12-07T10:00:00.000002Z");
        late.put("geolocation", Map.of("latitude", 1.5, "longitude", 2.5, "accuracy", 3));
        late.put("tags", List.of("t"));
        Map<String, Object> early = Sync.record("a-" + suffix, type, data(1, false, 3, Map.of("k", "v")));
        early.put("created_at", "2026-12-07T09:00:00Z");
        Map<String, Object> sparse = Sync.record("c-" + suffix, type, new LinkedHashMap<>(Map.of("num", 4)));
        sparse.put("created_at", "2026-12-07T11:00:00Z");
        @SuppressWarnings("unchecked")
        Map<String, Object> sparseData = (Map<String, Object>) sparse.get("data");
        sparseData.put("flag", null);
        Map<String, Object> gone = Sync.record("d-" + suffix, type, Map.of("only_in_deleted", "x"));
        gone.put("deleted", true);
        Map<String, Object> goneType = Sync.record("e-" + suffix, onlyDeleted, Map.of("a", 1));
        goneType.put("deleted", true);
        Sync.pushOk(List.of(late, early, sparse, gone, goneType, Sync.record("f-" + suffix, slashed, Map.of("n", 1))));

        Response zip = Api.admin().get("/api/dataexport/parquet");
        zip.then()
                .statusCode(200)
                .contentType(equalTo("application/zip"))
                .header("Content-Disposition", equalTo("attachment; filename=\"observations_export.zip\""));
        Map<String, byte[]> entries = entries(zip.asByteArray());
        assertTrue(entries.containsKey("pq_" + suffix + "_x.parquet"), "form type sanitised: " + entries.keySet());
        assertFalse(entries.containsKey(onlyDeleted + ".parquet"), "a form type with only deleted rows has no file");

        Parquet file = read(entries.get(type + ".parquet"));
        MessageType schema = file.schema();
        List<String> names = new ArrayList<>();
        schema.getFields().forEach(f -> names.add(f.getName()));
        assertEquals(
                List.of(
                        "observation_id",
                        "form_type",
                        "form_version",
                        "created_at",
                        "updated_at",
                        "synced_at",
                        "deleted",
                        "version",
                        "geolocation",
                        "data_flag",
                        "data_mixed",
                        "data_nested",
                        "data_num"),
                names,
                "base columns in order, then data_<key> sorted; keys of deleted rows absent");
        assertString(schema.getType("observation_id"), Type.Repetition.REQUIRED);
        assertString(schema.getType("created_at"), Type.Repetition.REQUIRED);
        assertString(schema.getType("synced_at"), Type.Repetition.OPTIONAL);
        assertString(schema.getType("geolocation"), Type.Repetition.OPTIONAL);
        assertEquals(PrimitiveTypeName.BOOLEAN, primitive(schema, "deleted"));
        assertEquals(PrimitiveTypeName.INT64, primitive(schema, "version"));
        assertEquals(PrimitiveTypeName.DOUBLE, primitive(schema, "data_num"), "numbers (and a null) → double");
        assertEquals(PrimitiveTypeName.BOOLEAN, primitive(schema, "data_flag"), "booleans (and a null) → boolean");
        assertString(schema.getType("data_mixed"), Type.Repetition.OPTIONAL);
        assertString(schema.getType("data_nested"), Type.Repetition.OPTIONAL);

        List<Group> rows = file.rows();
        assertEquals(3, rows.size(), "deleted rows excluded");
        assertEquals("a-" + suffix, rows.get(0).getString("observation_id", 0), "ordered by created_at");
        assertEquals("b-" + suffix, rows.get(1).getString("observation_id", 0));
        assertEquals("c-" + suffix, rows.get(2).getString("observation_id", 0));

        Group a = rows.get(0);
        assertEquals(type, a.getString("form_type", 0));
        assertEquals("1", a.getString("form_version", 0));
        assertEquals("2026-12-07T09:00:00Z", a.getString("created_at", 0));
        assertFalse(a.getBoolean("deleted", 0));
        assertTrue(a.getLong("version", 0) > 0);
        assertEquals(0, a.getFieldRepetitionCount("synced_at"));
        assertEquals(0, a.getFieldRepetitionCount("geolocation"));
        assertEquals(1.0, a.getDouble("data_num", 0));
        assertFalse(a.getBoolean("data_flag", 0));
        assertEquals("3", a.getString("data_mixed", 0), "a number in a mixed column as text");
        assertEquals("{\"k\": \"v\"}", a.getString("data_nested", 0), "nested values as JSON text");

        Group b = rows.get(1);
        assertEquals("2026-12-07T10:00:00.000002Z", b.getString("created_at", 0), "microseconds kept");
        assertEquals(2.5, b.getDouble("data_num", 0));
        assertTrue(b.getBoolean("data_flag", 0));
        assertEquals("text", b.getString("data_mixed", 0), "a string as itself");
        assertEquals("7", b.getString("data_nested", 0));
        String geolocation = b.getString("geolocation", 0);
        assertTrue(geolocation.contains("\"latitude\": 1.5"), geolocation);

        Group c = rows.get(2);
        assertEquals(4.0, c.getDouble("data_num", 0));
        assertEquals(0, c.getFieldRepetitionCount("data_flag"), "JSON null → null");
        assertEquals(0, c.getFieldRepetitionCount("data_mixed"), "absent key → null");
    }

    @Test
    @DisplayName("C91 Parquet export pages through more rows than one database page, in created_at order")
    void c91Paging() throws Exception {
        String type = "pq-many-" + UUID.randomUUID().toString().substring(0, 8);
        int count = 2300;
        for (int start = 0; start < count; start += 500) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = start; i < Math.min(count, start + 500); i++) {
                Map<String, Object> r = Sync.record(String.format("%s-%05d", type, i), type, Map.of("i", i));
                // every ten share one created_at, so the (created_at, observation_id) cursor is exercised
                r.put("created_at", String.format("2026-01-01T00:%02d:%02dZ", i / 600, (i / 10) % 60));
                batch.add(r);
            }
            Sync.pushOk(batch);
        }
        Map<String, byte[]> entries = entries(Api.admin()
                .get("/api/dataexport/parquet")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray());
        List<Group> rows = read(entries.get(type + ".parquet")).rows();
        assertEquals(count, rows.size());
        for (int i = 0; i < count; i++) {
            assertEquals((double) i, rows.get(i).getDouble("data_i", 0), "row " + i);
        }
    }

    private static Map<String, Object> data(Object num, Object flag, Object mixed, Object nested) {
        Map<String, Object> data = new HashMap<>();
        data.put("num", num);
        data.put("flag", flag);
        data.put("mixed", mixed);
        data.put("nested", nested);
        return data;
    }

    private static void assertString(Type type, Type.Repetition repetition) {
        assertEquals(PrimitiveTypeName.BINARY, type.asPrimitiveType().getPrimitiveTypeName(), type.getName());
        assertEquals(LogicalTypeAnnotation.stringType(), type.getLogicalTypeAnnotation(), type.getName());
        assertEquals(repetition, type.getRepetition(), type.getName());
    }

    private static PrimitiveTypeName primitive(MessageType schema, String name) {
        return schema.getType(name).asPrimitiveType().getPrimitiveTypeName();
    }

    static Map<String, byte[]> entries(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    record Parquet(MessageType schema, List<Group> rows) {}

    /** Reads a whole Parquet file with parquet-java's reader (no Hadoop), Snappy pages through xerial. */
    static Parquet read(byte[] bytes) throws IOException {
        assertNotNull(bytes, "entry present");
        Path file = Files.createTempFile("export", ".parquet");
        try {
            Files.write(file, bytes);
            ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
                    .withCodecFactory(new XerialSnappy())
                    .build();
            try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), options)) {
                MessageType schema = reader.getFileMetaData().getSchema();
                reader.getFooter()
                        .getBlocks()
                        .forEach(block -> block.getColumns()
                                .forEach(column -> assertEquals(CompressionCodecName.SNAPPY, column.getCodec())));
                List<Group> rows = new ArrayList<>();
                var io = new ColumnIOFactory().getColumnIO(schema);
                for (PageReadStore group = reader.readNextRowGroup();
                        group != null;
                        group = reader.readNextRowGroup()) {
                    RecordReader<Group> records = io.getRecordReader(group, new GroupRecordConverter(schema));
                    for (long i = 0; i < group.getRowCount(); i++) {
                        rows.add(records.read());
                    }
                }
                assertEquals(reader.getRecordCount(), rows.size());
                return new Parquet(schema, rows);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Decompression only, by the reference Snappy implementation. */
    static final class XerialSnappy implements CompressionCodecFactory {
        @Override
        public BytesInputCompressor getCompressor(CompressionCodecName codec) {
            throw new UnsupportedOperationException();
        }

        @Override
        public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
            assertEquals(CompressionCodecName.SNAPPY, codec);
            return new BytesInputDecompressor() {
                @Override
                public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
                    byte[] out = Snappy.uncompress(bytes.toByteArray());
                    assertEquals(uncompressedSize, out.length);
                    return BytesInput.from(out);
                }

                @Override
                public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                        throws IOException {
                    byte[] in = new byte[compressedSize];
                    input.get(in);
                    output.put(Snappy.uncompress(in));
                }

                @Override
                public void release() {}
            };
        }

        @Override
        public void release() {}
    }
}
