package io.quintet.synkronus.export.service;

import io.quintet.synkronus.export.repository.ExportRepository;
import io.quintet.synkronus.export.repository.ExportRepository.ExportRow;
import io.quintet.synkronus.export.repository.ExportRepository.ValueType;
import io.quintet.synkronus.sync.service.SyncService;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * The Parquet export (synkronus.md 11.1): a zip with one {@code <form type>.parquet} per form type
 * that has live observations, rows in created_at order, the base columns then one nullable
 * {@code data_<key>} column per top-level data key. Streamed: a page of rows at a time goes into a
 * row group of a few MiB, so memory stays flat whatever the table holds.
 */
@ApplicationScoped
public class ParquetExport {

    static final int PAGE = 1000;
    /** Small row groups keep the writer's buffers within the service's small heap. */
    static final long ROW_GROUP_BYTES = 4L << 20;

    /** What one export writes, read before the answer starts (so a database failure is a JSON 500). */
    public record Plan(List<FormFile> files) {}

    /** One zip entry: a form type, its entry name and its data keys with their types, in column order. */
    public record FormFile(String formType, String entryName, List<String> keys, List<ValueType> types) {}

    private final ExportRepository repository;
    private final SnappyPages snappy = new SnappyPages();

    public ParquetExport(ExportRepository repository) {
        this.repository = repository;
    }

    /** Reads the live form types and their columns (blocking: called on a worker thread). */
    public Plan plan() {
        Map<String, Map<String, ValueType>> forms =
                repository.liveFormTypes().await().indefinitely();
        List<FormFile> files = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (var form : forms.entrySet()) {
            files.add(new FormFile(
                    form.getKey(),
                    entryName(form.getKey(), names),
                    List.copyOf(form.getValue().keySet()),
                    List.copyOf(form.getValue().values())));
        }
        return new Plan(files);
    }

    /** Two form types that sanitise alike still get an entry each (the later one numbered). */
    private static String entryName(String formType, Set<String> taken) {
        String base = FileNames.sanitise(formType);
        String name = base + ".parquet";
        for (int n = 2; !taken.add(name); n++) {
            name = base + "_" + n + ".parquet";
        }
        return name;
    }

    /** Writes the zip (blocking). */
    public void write(Plan plan, OutputStream out) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (FormFile file : plan.files()) {
                zip.putNextEntry(new ZipEntry(file.entryName()));
                writeParquet(file, zip);
                zip.closeEntry();
            }
        }
    }

    private void writeParquet(FormFile file, OutputStream entry) throws IOException {
        MessageType schema = schema(file);
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new ZipEntryOutputFile(entry))
                .withConf(new PlainParquetConfiguration())
                .withType(schema)
                .withCodecFactory(snappy)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withRowGroupSize(ROW_GROUP_BYTES)
                .build()) {
            ExportRow last = null;
            while (true) {
                List<ExportRow> rows = repository
                        .page(file.formType(), file.keys(), last, PAGE)
                        .await()
                        .indefinitely();
                for (ExportRow row : rows) {
                    writer.write(group(groups, file, row));
                }
                if (rows.size() < PAGE) {
                    break;
                }
                last = rows.get(rows.size() - 1);
            }
        }
    }

    static MessageType schema(FormFile file) {
        Types.MessageTypeBuilder message = Types.buildMessage();
        for (String base : List.of("observation_id", "form_type", "form_version", "created_at", "updated_at")) {
            message.required(PrimitiveTypeName.BINARY)
                    .as(LogicalTypeAnnotation.stringType())
                    .named(base);
        }
        message.optional(PrimitiveTypeName.BINARY)
                .as(LogicalTypeAnnotation.stringType())
                .named("synced_at");
        message.required(PrimitiveTypeName.BOOLEAN).named("deleted");
        message.required(PrimitiveTypeName.INT64).named("version");
        message.optional(PrimitiveTypeName.BINARY)
                .as(LogicalTypeAnnotation.stringType())
                .named("geolocation");
        for (int i = 0; i < file.keys().size(); i++) {
            String name = "data_" + file.keys().get(i);
            switch (file.types().get(i)) {
                case DOUBLE ->
                    message.primitive(PrimitiveTypeName.DOUBLE, Repetition.OPTIONAL)
                            .named(name);
                case BOOLEAN ->
                    message.primitive(PrimitiveTypeName.BOOLEAN, Repetition.OPTIONAL)
                            .named(name);
                case STRING ->
                    message.primitive(PrimitiveTypeName.BINARY, Repetition.OPTIONAL)
                            .as(LogicalTypeAnnotation.stringType())
                            .named(name);
            }
        }
        return message.named("observation");
    }

    private static Group group(SimpleGroupFactory groups, FormFile file, ExportRow row) {
        Group g = groups.newGroup()
                .append("observation_id", row.observationId())
                .append("form_type", row.formType())
                .append("form_version", row.formVersion())
                .append("created_at", SyncService.timestamp(row.createdAt()))
                .append("updated_at", SyncService.timestamp(row.updatedAt()));
        if (row.syncedAt() != null) {
            g.append("synced_at", SyncService.timestamp(row.syncedAt()));
        }
        g.append("deleted", row.deleted()).append("version", row.version());
        if (row.geolocation() != null) {
            g.append("geolocation", row.geolocation());
        }
        // data columns are addressed by index: 9 base columns come first
        for (int i = 0; i < file.keys().size(); i++) {
            String text = row.data()[i];
            if (text == null) {
                continue;
            }
            int field = 9 + i;
            switch (file.types().get(i)) {
                case DOUBLE -> g.add(field, Double.parseDouble(text));
                case BOOLEAN -> g.add(field, Boolean.parseBoolean(text));
                case STRING -> g.add(field, text);
            }
        }
        return g;
    }
}
