package io.quintet.linkora.folder.service;

import io.quintet.linkora.folder.AddFolder;
import io.quintet.linkora.folder.FolderEvent;
import io.quintet.linkora.folder.repository.FolderRepository;
import io.quintet.linkora.model.NewItemResponse;
import io.quintet.linkora.model.TimeStampBasedResponse;
import io.quintet.linkora.write.Writes;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Folder mutations (spec 7.2). */
@ApplicationScoped
public class FolderService {

    public static final String CREATE_FOLDER = "CREATE_FOLDER";

    private final Writes writes;
    private final FolderRepository folders;

    public FolderService(Writes writes, FolderRepository folders) {
        this.writes = writes;
        this.folders = folders;
    }

    /** No check that the parent exists (spec Q21). */
    public Uni<NewItemResponse> create(AddFolder request) {
        return writes.run(write -> folders.insert(write, request.name(), request.note(), request.parentFolderId(), request.isArchived())
                .map(id -> {
                    write.event(CREATE_FOLDER, new FolderEvent(id, request.name(), request.note(), request.parentFolderId(),
                            request.isArchived(), request.correlation(), write.stamp()));
                    return new NewItemResponse(new TimeStampBasedResponse(write.stamp(), "Folder created successfully with id = " + id),
                            id, request.correlation());
                }));
    }
}
