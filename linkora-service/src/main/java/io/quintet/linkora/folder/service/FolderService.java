package io.quintet.linkora.folder.service;

import io.quintet.linkora.folder.AddFolder;
import io.quintet.linkora.folder.FolderDto;
import io.quintet.linkora.folder.FolderEvent;
import io.quintet.linkora.folder.MarkFoldersAsRoot;
import io.quintet.linkora.folder.UpdateFolderName;
import io.quintet.linkora.folder.UpdateFolderNote;
import io.quintet.linkora.folder.repository.FolderRepository;
import io.quintet.linkora.model.Correlation;
import io.quintet.linkora.model.IdBased;
import io.quintet.linkora.model.NewItemResponse;
import io.quintet.linkora.model.TimeStampBasedResponse;
import io.quintet.linkora.write.LastWriteWins;
import io.quintet.linkora.write.WriteContext;
import io.quintet.linkora.write.Writes;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

/** Folder mutations and reads (spec 7.2). */
@ApplicationScoped
public class FolderService {

    public static final String CREATE_FOLDER = "CREATE_FOLDER";
    public static final String UPDATE_FOLDER = "UPDATE_FOLDER";
    public static final String DELETE_FOLDER = "DELETE_FOLDER";
    public static final String GET_CHILD_FOLDERS = "GET_CHILD_FOLDERS";
    public static final String SEARCH_FOR_FOLDERS = "SEARCH_FOR_FOLDERS";
    public static final String GET_ROOT_FOLDERS = "GET_ROOT_FOLDERS";
    public static final String MARK_FOLDER_AS_ARCHIVE = "MARK_FOLDER_AS_ARCHIVE";
    public static final String MARK_AS_REGULAR_FOLDER = "MARK_AS_REGULAR_FOLDER";
    public static final String UPDATE_FOLDER_NAME = "UPDATE_FOLDER_NAME";
    public static final String UPDATE_FOLDER_NOTE = "UPDATE_FOLDER_NOTE";
    public static final String DELETE_FOLDER_NOTE = "DELETE_FOLDER_NOTE";
    public static final String MARK_FOLDERS_AS_ROOT = "MARK_FOLDERS_AS_ROOT";
    /** Written per deleted folder next to {@code DELETE_FOLDER} (spec 7.2.3). */
    public static final String DELETE_A_FOLDER_FROM_ALL_PANELS = "DELETE_A_FOLDER_FROM_ALL_PANELS";

    private final Writes writes;
    private final FolderRepository folders;

    public FolderService(Writes writes, FolderRepository folders) {
        this.writes = writes;
        this.folders = folders;
    }

    /** No check that the parent exists (spec Q21). */
    public Uni<NewItemResponse> create(AddFolder request) {
        return writes.runStatement(write -> folders.insert(
                        write, request.name(), request.note(), request.parentFolderId(), request.isArchived())
                .map(id -> {
                    write.event(
                            CREATE_FOLDER,
                            new FolderEvent(
                                    id,
                                    request.name(),
                                    request.note(),
                                    request.parentFolderId(),
                                    request.isArchived(),
                                    request.correlation(),
                                    write.stamp()));
                    return new NewItemResponse(
                            new TimeStampBasedResponse(write.stamp(), "Folder created successfully with id = " + id),
                            id,
                            request.correlation());
                }));
    }

    /** Overwrites the four fields; panel rows keep their copied name (spec 7.2.2, unlike 7.2.8). */
    public Uni<TimeStampBasedResponse> update(FolderDto request) {
        return writes.run(write -> LastWriteWins.check(
                        write, LastWriteWins.Table.FOLDERS, List.of(request.id()), request.eventTimestamp())
                .chain(() -> folders.update(
                        write,
                        request.id(),
                        request.name(),
                        request.note(),
                        request.parentFolderId(),
                        request.isArchived()))
                .map(n -> {
                    write.event(UPDATE_FOLDER, request.event(write.stamp()));
                    return new TimeStampBasedResponse(write.stamp(), "Folder updated successfully.");
                }));
    }

    /** The folder, its whole subtree, their links and panel rows, in one transaction (spec 7.2.3). */
    public Uni<TimeStampBasedResponse> delete(IdBased request) {
        return writes.run(write -> deleteSubtrees(write, List.of(request.id()), request.correlation())
                .map(ids -> {
                    write.event(DELETE_FOLDER, request.at(write.stamp()));
                    return new TimeStampBasedResponse(
                            write.stamp(), "Folder and its contents have been successfully deleted.");
                }));
    }

    /**
     * Deletes folder subtrees and writes, for every folder concerned, the two tombstones of spec
     * 8.3 ({@code DELETE_FOLDER}, {@code DELETE_A_FOLDER_FROM_ALL_PANELS}); no event (the caller
     * sends its own). Also used by {@code DELETE_MULTIPLE_ITEMS}.
     */
    public Uni<List<Long>> deleteSubtrees(WriteContext write, Collection<Long> roots, Correlation correlation) {
        return folders.deleteSubtrees(write, roots).invoke(ids -> {
            for (long id : ids) {
                IdBased payload = new IdBased(id, correlation, write.stamp());
                write.tombstone(DELETE_FOLDER, payload);
                write.tombstone(DELETE_A_FOLDER_FROM_ALL_PANELS, payload);
            }
        });
    }

    /** The answers below are written to {@code response} as PostgreSQL renders them (issue 17). */
    public Uni<Void> writeChildren(long parentId, HttpServerResponse response, Future<Void> gone) {
        return folders.writeChildren(parentId, response, gone);
    }

    public Uni<Void> writeRoots(HttpServerResponse response, Future<Void> gone) {
        return folders.writeRoots(response, gone);
    }

    /**
     * A blank term finds nothing (spec 7.2.5); neither does one with a NUL character, which no
     * stored name can contain (PostgreSQL text refuses it).
     */
    public Uni<Void> writeSearch(String term, HttpServerResponse response, Future<Void> gone) {
        if (term == null || term.isBlank() || term.indexOf(0) >= 0) {
            return Uni.createFrom().completionStage(() -> response.end("[]").toCompletionStage());
        }
        return folders.writeSearch(term, response, gone);
    }

    public Uni<TimeStampBasedResponse> setArchived(IdBased request, boolean archived) {
        return writes.run(write -> LastWriteWins.check(
                        write, LastWriteWins.Table.FOLDERS, List.of(request.id()), request.eventTimestamp())
                .chain(() -> folders.setArchived(write, List.of(request.id()), archived))
                .map(n -> {
                    write.event(archived ? MARK_FOLDER_AS_ARCHIVE : MARK_AS_REGULAR_FOLDER, request.at(write.stamp()));
                    return rowsAffected(write, n);
                }));
    }

    public Uni<TimeStampBasedResponse> rename(UpdateFolderName request) {
        return writes.run(write -> LastWriteWins.check(
                        write, LastWriteWins.Table.FOLDERS, List.of(request.folderId()), request.eventTimestamp())
                .chain(() -> folders.rename(write, request.folderId(), request.newFolderName()))
                .map(n -> {
                    write.event(UPDATE_FOLDER_NAME, request.at(write.stamp()));
                    return rowsAffected(write, n);
                }));
    }

    public Uni<TimeStampBasedResponse> updateNote(UpdateFolderNote request) {
        return writes.run(write -> LastWriteWins.check(
                        write, LastWriteWins.Table.FOLDERS, List.of(request.folderId()), request.eventTimestamp())
                .chain(() -> folders.setNote(write, request.folderId(), request.newNote()))
                .map(n -> {
                    write.event(UPDATE_FOLDER_NOTE, request.at(write.stamp()));
                    return rowsAffected(write, n);
                }));
    }

    /** No LWW check: clearing a note always wins (spec 6.1). */
    public Uni<TimeStampBasedResponse> deleteNote(IdBased request) {
        return writes.run(write -> folders.setNote(write, request.id(), "").map(n -> {
            write.event(DELETE_FOLDER_NOTE, request.at(write.stamp()));
            return rowsAffected(write, n);
        }));
    }

    /** Every listed folder is LWW-checked (D4); an empty list is a no-op that still answers 200 (D5). */
    public Uni<TimeStampBasedResponse> markAsRoot(MarkFoldersAsRoot request) {
        return writes.run(write -> LastWriteWins.check(
                        write, LastWriteWins.Table.FOLDERS, request.folderIds(), request.eventTimestamp())
                .chain(() -> request.folderIds().isEmpty()
                        ? Uni.createFrom().item(0)
                        : folders.setParent(write, request.folderIds(), null))
                .map(n -> {
                    write.event(MARK_FOLDERS_AS_ROOT, request.at(write.stamp()));
                    return new TimeStampBasedResponse(write.stamp(), "Marked " + n + " folders as root.");
                }));
    }

    private static TimeStampBasedResponse rowsAffected(WriteContext write, int n) {
        return new TimeStampBasedResponse(write.stamp(), "Number of rows affected by the update = " + n);
    }
}
