package io.quintet.kosync.admin.rest;

import io.quintet.kosync.admin.imports.RedisDumpFile;
import io.quintet.kosync.admin.service.ImportService;
import io.quintet.kosync.http.JsonReply;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /admin/import}: the file itself as the body (KOsync database.json or a Redis dump.rdb). */
@Path("/admin/import")
@Tag(name = "admin")
@SecurityRequirement(name = "admin-token")
public class AdminImportResource {

    private final ImportService imports;
    private final JsonReply reply;

    public AdminImportResource(ImportService imports, JsonReply reply) {
        this.imports = imports;
        this.reply = reply;
    }

    @POST
    @Operation(
            summary = "Import accounts and positions; format kosync or redis (recognised when omitted); "
                    + "database: the Redis database to read (the official server uses 1)")
    public Uni<Response> importFile(
            byte[] body,
            @QueryParam("format") String format,
            @QueryParam("database") @DefaultValue("" + RedisDumpFile.OFFICIAL_DATABASE) int database) {
        return imports.importFile(body == null ? new byte[0] : body, Optional.ofNullable(format), database)
                .map(reply::ok);
    }
}
