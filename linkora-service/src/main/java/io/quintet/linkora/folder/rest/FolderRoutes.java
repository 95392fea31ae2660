package io.quintet.linkora.folder.rest;

import io.quintet.linkora.folder.AddFolder;
import io.quintet.linkora.folder.service.FolderService;
import io.quintet.linkora.http.LinkoraRoutes;
import io.quintet.linkora.http.RouteRegistry;
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
        routes.postJson(FolderService.CREATE_FOLDER, (body, ctx) -> folders.create(AddFolder.read(body)));
    }
}
