package io.quintet.linkora.folder.rest;

import static io.quintet.linkora.folder.service.FolderService.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.quintet.linkora.error.LinkoraException;
import io.quintet.linkora.folder.AddFolder;
import io.quintet.linkora.folder.FolderDto;
import io.quintet.linkora.folder.MarkFoldersAsRoot;
import io.quintet.linkora.folder.UpdateFolderName;
import io.quintet.linkora.folder.UpdateFolderNote;
import io.quintet.linkora.folder.service.FolderService;
import io.quintet.linkora.http.LinkoraRoutes;
import io.quintet.linkora.http.RouteHandlers;
import io.quintet.linkora.http.RouteRegistry;
import io.quintet.linkora.http.StreamedJson;
import io.quintet.linkora.model.IdBased;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.context.ApplicationScoped;

/** Folder routes (spec 7.2). */
@ApplicationScoped
public class FolderRoutes implements LinkoraRoutes {

    private final FolderService folders;

    public FolderRoutes(FolderService folders) {
        this.folders = folders;
    }

    @Override
    public void register(RouteRegistry routes) {
        RouteHandlers handlers = routes.handlers();
        routes.postJson(CREATE_FOLDER, (body, ctx) -> folders.create(AddFolder.read(body)));
        routes.postJson(UPDATE_FOLDER, (body, ctx) -> folders.update(FolderDto.read(body)));
        routes.postJson(DELETE_FOLDER, (body, ctx) -> folders.delete(IdBased.read(body)));
        // only id is used, but the whole IDBasedDTO is required as in the reference (spec 7.2.4)
        routes.postJson(GET_CHILD_FOLDERS, (body, ctx) -> {
            long parent = IdBased.read(body).id();
            return StreamedJson.answer(ctx, (response, gone) -> folders.writeChildren(parent, response, gone));
        });
        routes.postRaw(SEARCH_FOR_FOLDERS, (ctx, c) -> {
            String term = searchTerm(
                    handlers,
                    ctx.request().getHeader(HttpHeaders.CONTENT_TYPE),
                    ctx.body().buffer());
            return StreamedJson.answer(ctx, (response, gone) -> folders.writeSearch(term, response, gone));
        });
        routes.get(
                GET_ROOT_FOLDERS,
                (ctx, c) -> StreamedJson.answer(ctx, (response, gone) -> folders.writeRoots(response, gone)));
        routes.postJson(MARK_FOLDER_AS_ARCHIVE, (body, ctx) -> folders.setArchived(IdBased.read(body), true));
        routes.postJson(MARK_AS_REGULAR_FOLDER, (body, ctx) -> folders.setArchived(IdBased.read(body), false));
        routes.postJson(UPDATE_FOLDER_NAME, (body, ctx) -> folders.rename(UpdateFolderName.read(body)));
        routes.postJson(UPDATE_FOLDER_NOTE, (body, ctx) -> folders.updateNote(UpdateFolderNote.read(body)));
        routes.postJson(DELETE_FOLDER_NOTE, (body, ctx) -> folders.deleteNote(IdBased.read(body)));
        routes.postJson(MARK_FOLDERS_AS_ROOT, (body, ctx) -> folders.markAsRoot(MarkFoldersAsRoot.read(body)));
    }

    /**
     * The raw body is the term whatever the content type (spec 7.2.5); with a JSON content type, a
     * body that is a JSON string stands for its value (our D16 decision).
     */
    static String searchTerm(RouteHandlers handlers, String contentType, Buffer body) {
        String raw = body == null ? "" : body.toString();
        if (contentType != null
                && contentType.toLowerCase().startsWith("application/json")
                && raw.trim().startsWith("\"")) {
            try {
                JsonNode node = handlers.parse(body);
                if (node.isTextual()) {
                    return node.textValue();
                }
            } catch (LinkoraException e) {
                // not a well-formed JSON string: searched as typed
            }
        }
        return raw;
    }
}
