package io.quintet.synkronus.export.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.synkronus.export.service.FileNames;
import io.quintet.synkronus.export.service.ParquetExport;
import io.quintet.synkronus.sync.service.SyncService;
import io.smallrye.common.annotation.Blocking;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.OutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Data export (synkronus.md 11): Parquet per form type, and raw JSON (one pretty JSON file per live
 * observation), both zips streamed page by page.
 */
@Path("/api/dataexport")
public class ExportResource {

    private static final int PAGE = 500;

    private final Pool pool;
    private final ObjectMapper pretty;
    private final ParquetExport parquet;

    public ExportResource(Pool pool, ObjectMapper mapper, ParquetExport parquet) {
        this.pool = pool;
        this.pretty = mapper.copy().enable(SerializationFeature.INDENT_OUTPUT);
        this.parquet = parquet;
    }

    @GET
    @Path("/parquet")
    @Blocking
    @Operation(summary = "Live observations as one <form type>.parquet per form type in a zip")
    public Response parquet() {
        // form types and columns are read before answering: a database failure is a 500 JSON error
        ParquetExport.Plan plan = parquet.plan();
        StreamingOutput zip = out -> parquet.write(plan, out);
        return Response.ok(zip, "application/zip")
                .header("Content-Disposition", "attachment; filename=\"observations_export.zip\"")
                .build();
    }

    @GET
    @Path("/raw-json")
    @Blocking
    @Operation(summary = "Every live observation as <form type>/<observation id>.json in a zip")
    public Response rawJson() {
        // the first page is read before answering, so a database failure is a 500 JSON error, not a cut stream
        RowSet<Row> first = page("");
        StreamingOutput zip = (OutputStream out) -> {
            try (ZipOutputStream z = new ZipOutputStream(out)) {
                RowSet<Row> rows = first;
                while (true) {
                    String last = null;
                    int count = 0;
                    for (Row r : rows) {
                        z.putNextEntry(new ZipEntry(FileNames.sanitise(r.getString(1)) + "/"
                                + FileNames.sanitise(r.getString(0)) + ".json"));
                        z.write(pretty.writeValueAsBytes(document(r)));
                        z.closeEntry();
                        last = r.getString(0);
                        count++;
                    }
                    if (count < PAGE) {
                        break;
                    }
                    rows = page(last);
                }
            }
        };
        return Response.ok(zip, "application/zip")
                .header("Content-Disposition", "attachment; filename=\"observations_raw_json.zip\"")
                .build();
    }

    private RowSet<Row> page(String after) {
        return pool.preparedQuery(
                        "SELECT observation_id, form_type, form_version, created_at, updated_at, synced_at, deleted, version, "
                                + "geolocation::text, author, device_id, tags, data::text FROM synkronus.observations "
                                + "WHERE NOT deleted AND observation_id > $1 ORDER BY observation_id LIMIT $2")
                .execute(Tuple.of(after, PAGE))
                .await()
                .indefinitely();
    }

    private ObjectNode document(Row r) throws java.io.IOException {
        ObjectNode doc = pretty.createObjectNode();
        doc.put("observation_id", r.getString(0));
        doc.put("form_type", r.getString(1));
        doc.put("form_version", r.getString(2));
        doc.put("created_at", SyncService.timestamp(r.getOffsetDateTime(3)));
        doc.put("updated_at", SyncService.timestamp(r.getOffsetDateTime(4)));
        if (r.getOffsetDateTime(5) != null) {
            doc.put("synced_at", SyncService.timestamp(r.getOffsetDateTime(5)));
        }
        doc.put("deleted", r.getBoolean(6));
        doc.put("version", r.getLong(7));
        if (r.getString(8) != null) {
            doc.set("geolocation", pretty.readTree(r.getString(8)));
        }
        if (r.getString(9) != null) {
            doc.put("author", r.getString(9));
        }
        if (r.getString(10) != null) {
            doc.put("device_id", r.getString(10));
        }
        String[] tags = r.getArrayOfStrings(11);
        if (tags != null && tags.length > 0) {
            var array = doc.putArray("tags");
            for (String t : tags) {
                array.add(t);
            }
        }
        doc.set("data", pretty.readTree(r.getString(12)));
        return doc;
    }
}
