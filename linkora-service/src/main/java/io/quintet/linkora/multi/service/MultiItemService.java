package io.quintet.linkora.multi.service;

import io.quintet.linkora.folder.repository.FolderRepository;
import io.quintet.linkora.folder.service.FolderService;
import io.quintet.linkora.link.repository.LinkRepository;
import io.quintet.linkora.model.LinkType;
import io.quintet.linkora.model.TimeStampBasedResponse;
import io.quintet.linkora.multi.CopyEvent;
import io.quintet.linkora.multi.CopyFolder;
import io.quintet.linkora.multi.CopyItems;
import io.quintet.linkora.multi.CopyItemsResponse;
import io.quintet.linkora.multi.CopyRef;
import io.quintet.linkora.multi.MarkItemsRegular;
import io.quintet.linkora.multi.MoveItems;
import io.quintet.linkora.multi.MultiItems;
import io.quintet.linkora.multi.repository.CopyRepository;
import io.quintet.linkora.write.LastWriteWins;
import io.quintet.linkora.write.WriteContext;
import io.quintet.linkora.write.Writes;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Multi-item actions (spec 7.6). Every listed row is LWW-checked (our D4) and links are stamped
 * with their type's default folder consistently (D17).
 */
@ApplicationScoped
public class MultiItemService {

    public static final String ARCHIVE_MULTIPLE_ITEMS = "ARCHIVE_MULTIPLE_ITEMS";
    public static final String DELETE_MULTIPLE_ITEMS = "DELETE_MULTIPLE_ITEMS";
    public static final String MOVE_EXISTING_ITEMS = "MOVE_EXISTING_ITEMS";
    public static final String COPY_EXISTING_ITEMS = "COPY_EXISTING_ITEMS";
    public static final String UNARCHIVE_MULTIPLE_ITEMS = "UNARCHIVE_MULTIPLE_ITEMS";

    private final Writes writes;
    private final FolderRepository folders;
    private final FolderService folderService;
    private final LinkRepository links;
    private final CopyRepository copies;

    public MultiItemService(
            Writes writes,
            FolderRepository folders,
            FolderService folderService,
            LinkRepository links,
            CopyRepository copies) {
        this.writes = writes;
        this.folders = folders;
        this.folderService = folderService;
        this.links = links;
        this.copies = copies;
    }

    public Uni<TimeStampBasedResponse> archive(MultiItems request) {
        return writes.run(write -> checked(write, request.linkIds(), request.folderIds(), request.eventTimestamp())
                .chain(() -> links.setType(write, request.linkIds(), LinkType.ARCHIVE_LINK, null))
                .chain(linkCount -> folders.setArchived(write, request.folderIds(), true)
                        .map(folderCount -> linkCount + folderCount))
                .map(n -> {
                    write.event(ARCHIVE_MULTIPLE_ITEMS, request.at(write.stamp()));
                    return new TimeStampBasedResponse(write.stamp(), "Archived " + n + " items.");
                }));
    }

    /**
     * Folder subtrees as {@code DELETE_FOLDER} does (with their per-folder tombstones, without
     * events), then the listed links; one tombstone and one event for the request (spec 7.6.2).
     */
    public Uni<TimeStampBasedResponse> delete(MultiItems request) {
        return writes.run(write -> folderService
                .deleteSubtrees(write, request.folderIds(), request.correlation())
                .chain(() -> links.delete(write, request.linkIds()))
                .map(n -> {
                    write.tombstone(DELETE_MULTIPLE_ITEMS, request.at(write.stamp()));
                    write.event(DELETE_MULTIPLE_ITEMS, request.at(write.stamp()));
                    return new TimeStampBasedResponse(write.stamp(), "Deleted.");
                }));
    }

    /** Folders under {@code newParentFolderId}; links into it with the given type (spec 7.6.3). */
    public Uni<TimeStampBasedResponse> move(MoveItems request) {
        return writes.run(write -> checked(write, request.linkIds(), request.folderIds(), request.eventTimestamp())
                .chain(() -> links.setType(write, request.linkIds(), request.linkType(), request.newParentFolderId()))
                .chain(linkCount -> (request.folderIds().isEmpty()
                                ? Uni.createFrom().item(0)
                                : folders.setParent(write, request.folderIds(), request.newParentFolderId()))
                        .map(folderCount -> linkCount + folderCount))
                .map(n -> {
                    write.event(MOVE_EXISTING_ITEMS, request.at(write.stamp()));
                    return new TimeStampBasedResponse(write.stamp(), "Number of rows affected by the update = " + n);
                }));
    }

    /** Folders regular again, links {@code SAVED_LINK}; the message counts links only (spec 7.6.5). */
    public Uni<TimeStampBasedResponse> unarchive(MarkItemsRegular request) {
        return writes.run(write -> checked(write, request.linkIds(), request.foldersIds(), request.eventTimestamp())
                .chain(() -> folders.setArchived(write, request.foldersIds(), false))
                .chain(() -> links.setType(write, request.linkIds(), LinkType.SAVED_LINK, null))
                .map(n -> {
                    write.event(UNARCHIVE_MULTIPLE_ITEMS, request.at(write.stamp()));
                    return new TimeStampBasedResponse(write.stamp(), "Unarchived " + n + " items.");
                }));
    }

    /**
     * Copies in one transaction, every new row (pairs included) stamped with the same second T,
     * so {@code GET_UPDATES?eventTimestamp=T-1} returns them all (spec 7.6.4, Q10). Two statements:
     * the folders, then every link copy (loose and in the copied folders) with its pairs.
     */
    public Uni<CopyItemsResponse> copy(CopyItems request) {
        int folderCount = request.folders().size();
        Long[] localIds = new Long[folderCount];
        Long[] parentLocalIds = new Long[folderCount];
        Long[] folderSources = new Long[folderCount];
        Boolean[] isRoot = new Boolean[folderCount];
        for (int i = 0; i < folderCount; i++) {
            CopyRef folder = request.folders().get(i).currentFolder();
            localIds[i] = folder.newlyCopiedLocalId();
            parentLocalIds[i] = folder.parentOfNewlyCopiedLocalId();
            folderSources[i] = folder.sourceRemoteId();
            isRoot[i] = folder.isRootFolderForTheDestination();
        }
        return writes.run(write -> copies.copyFolders(
                        write, localIds, parentLocalIds, folderSources, isRoot, request.newParentFolderId())
                .chain(newFolders -> copyLinks(write, request, newFolders)));
    }

    private Uni<CopyItemsResponse> copyLinks(WriteContext write, CopyItems request, Map<Integer, Long> newFolders) {
        List<Long> sources = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<Long> targets = new ArrayList<>();
        List<String> looseKeys = new ArrayList<>(request.linkIds().keySet());
        Long looseFolder = request.linkType().stampFolder(request.newParentFolderId());
        for (String key : looseKeys) {
            sources.add(request.linkIds().get(key));
            types.add(request.linkType().name());
            targets.add(looseFolder);
        }
        // the links of folders that were not copied (unknown source) are left out with them
        for (int i = 0; i < request.folders().size(); i++) {
            Long folderId = newFolders.get(i);
            if (folderId == null) {
                continue;
            }
            for (CopyRef link : request.folders().get(i).links()) {
                sources.add(link.sourceRemoteId());
                types.add(LinkType.FOLDER_LINK.name());
                targets.add(folderId);
            }
        }
        return copies.copyLinks(
                        write, sources.toArray(Long[]::new), types.toArray(String[]::new), targets.toArray(Long[]::new))
                .map(newLinks -> {
                    Map<String, Long> looseCopies = new LinkedHashMap<>();
                    for (int i = 0; i < looseKeys.size(); i++) {
                        Long id = newLinks.get(i);
                        if (id != null) {
                            looseCopies.put(looseKeys.get(i), id);
                        }
                    }
                    List<CopyFolder> copiedFolders = new ArrayList<>();
                    int position = looseKeys.size();
                    for (int i = 0; i < request.folders().size(); i++) {
                        Long folderId = newFolders.get(i);
                        if (folderId == null) {
                            continue;
                        }
                        CopyFolder folder = request.folders().get(i);
                        List<CopyRef> copiedLinks = new ArrayList<>();
                        for (CopyRef link : folder.links()) {
                            Long id = newLinks.get(position++);
                            if (id != null) {
                                copiedLinks.add(CopyRef.copiedLink(link.newlyCopiedLocalId(), id));
                            }
                        }
                        copiedFolders.add(new CopyFolder(
                                CopyRef.copiedFolder(folder.currentFolder().newlyCopiedLocalId(), folderId),
                                copiedLinks));
                    }
                    write.event(COPY_EXISTING_ITEMS, new CopyEvent(write.stamp(), request.correlation()));
                    return new CopyItemsResponse(copiedFolders, looseCopies, request.correlation(), write.stamp());
                });
    }

    private static Uni<Void> checked(WriteContext write, List<Long> linkIds, List<Long> folderIds, long clientStamp) {
        return LastWriteWins.check(write, LastWriteWins.Table.LINKS, linkIds, clientStamp)
                .chain(() -> LastWriteWins.check(write, LastWriteWins.Table.FOLDERS, folderIds, clientStamp));
    }
}
