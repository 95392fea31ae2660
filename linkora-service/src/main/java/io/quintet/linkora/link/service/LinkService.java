package io.quintet.linkora.link.service;

import io.quintet.linkora.link.AddLink;
import io.quintet.linkora.link.DeleteDuplicateLinks;
import io.quintet.linkora.link.LinkDto;
import io.quintet.linkora.link.LinkTagPair;
import io.quintet.linkora.link.UpdateLinkNote;
import io.quintet.linkora.link.UpdateLinkTitle;
import io.quintet.linkora.link.UpdateLinkedFolderId;
import io.quintet.linkora.link.UpdateUserAgent;
import io.quintet.linkora.link.repository.LinkRepository;
import io.quintet.linkora.model.IdBased;
import io.quintet.linkora.model.LinkType;
import io.quintet.linkora.model.NewItemResponse;
import io.quintet.linkora.model.TimeStampBasedResponse;
import io.quintet.linkora.write.LastWriteWins;
import io.quintet.linkora.write.WriteContext;
import io.quintet.linkora.write.Writes;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.function.Function;

/** Link mutations (spec 7.3). */
@ApplicationScoped
public class LinkService {

    public static final String CREATE_A_NEW_LINK = "CREATE_A_NEW_LINK";
    public static final String DELETE_A_LINK = "DELETE_A_LINK";
    public static final String UPDATE_LINKED_FOLDER_ID = "UPDATE_LINKED_FOLDER_ID";
    public static final String UPDATE_LINK_TITLE = "UPDATE_LINK_TITLE";
    public static final String UPDATE_LINK_NOTE = "UPDATE_LINK_NOTE";
    public static final String UPDATE_USER_AGENT = "UPDATE_USER_AGENT";
    public static final String ARCHIVE_LINK = "ARCHIVE_LINK";
    public static final String UNARCHIVE_LINK = "UNARCHIVE_LINK";
    public static final String MARK_AS_IMP = "MARK_AS_IMP";
    public static final String UNMARK_AS_IMP = "UNMARK_AS_IMP";
    public static final String UPDATE_LINK = "UPDATE_LINK";
    public static final String DELETE_DUPLICATE_LINKS = "DELETE_DUPLICATE_LINKS";
    public static final String FORCE_SET_DEFAULT_FOLDER_TO_INTERNAL_IDS = "FORCE_SET_DEFAULT_FOLDER_TO_INTERNAL_IDS";

    private final Writes writes;
    private final LinkRepository links;

    public LinkService(Writes writes, LinkRepository links) {
        this.writes = writes;
        this.links = links;
    }

    /**
     * Default-folder stamping, history replacement (one {@code DELETE_A_LINK} tombstone per
     * replaced row, no event for them), insert and tag pairs, in one statement (spec 7.3.1). Only a
     * history link can replace rows, so only its create needs a transaction for the tombstones.
     */
    public Uni<NewItemResponse> create(AddLink request) {
        Long folder = request.linkType().stampFolder(request.idOfLinkedFolder());
        String title = request.title() == null ? "" : request.title();
        Function<Function<WriteContext, Uni<NewItemResponse>>, Uni<NewItemResponse>> scope =
                request.linkType() == LinkType.HISTORY_LINK ? writes::run : writes::runStatement;
        return scope.apply(write -> links.create(
                        write,
                        request.linkType(),
                        title,
                        request.url(),
                        request.baseURL(),
                        request.imgURL(),
                        request.note(),
                        folder,
                        request.userAgent(),
                        request.mediaType(),
                        request.markedAsImportant(),
                        request.tags())
                .map(created -> {
                    for (long replaced : created.replaced()) {
                        write.tombstone(DELETE_A_LINK, new IdBased(replaced, request.correlation(), write.stamp()));
                    }
                    List<LinkTagPair> pairs = created.tagIds().stream()
                            .map(tag -> new LinkTagPair(created.id(), tag))
                            .toList();
                    write.event(
                            CREATE_A_NEW_LINK,
                            new LinkDto(
                                    created.id(),
                                    request.linkType(),
                                    title,
                                    request.url(),
                                    request.baseURL(),
                                    request.imgURL(),
                                    request.note(),
                                    folder,
                                    request.userAgent(),
                                    request.markedAsImportant(),
                                    request.mediaType(),
                                    request.correlation(),
                                    pairs,
                                    write.stamp()));
                    return new NewItemResponse(
                            new TimeStampBasedResponse(
                                    write.stamp(),
                                    "Link created successfully for " + request.linkType() + " with id = " + created.id()
                                            + "."),
                            created.id(),
                            request.correlation());
                }));
    }

    /** Unconditional; an unknown id is still tombstoned and broadcast (spec 7.3.2, Q7). */
    public Uni<TimeStampBasedResponse> delete(IdBased request) {
        return writes.run(write -> links.delete(write, List.of(request.id())).map(n -> {
            write.tombstone(DELETE_A_LINK, request.at(write.stamp()));
            write.event(DELETE_A_LINK, request.at(write.stamp()));
            return new TimeStampBasedResponse(write.stamp(), "Link deleted successfully.");
        }));
    }

    /** Stores {@code newParentFolderId} (our D1 fix), stamped by type, where the stored type matches. */
    public Uni<TimeStampBasedResponse> updateLinkedFolder(UpdateLinkedFolderId request) {
        return checked(
                request.linkId(),
                request.eventTimestamp(),
                write -> links.setFolder(
                                write,
                                request.linkId(),
                                request.linkType(),
                                request.linkType().stampFolder(request.newParentFolderId()))
                        .map(n -> answer(
                                write,
                                UPDATE_LINKED_FOLDER_ID,
                                request.at(write.stamp()),
                                "idOfLinkedFolder Updated Successfully.")));
    }

    public Uni<TimeStampBasedResponse> updateTitle(UpdateLinkTitle request) {
        return checked(
                request.linkId(),
                request.eventTimestamp(),
                write -> links.setTitle(write, request.linkId(), request.newTitleOfTheLink())
                        .map(n -> answer(
                                write,
                                UPDATE_LINK_TITLE,
                                request.at(write.stamp()),
                                "Title was updated successfully.")));
    }

    public Uni<TimeStampBasedResponse> updateNote(UpdateLinkNote request) {
        return checked(
                request.linkId(),
                request.eventTimestamp(),
                write -> links.setNote(write, request.linkId(), request.newNote())
                        .map(n -> answer(
                                write, UPDATE_LINK_NOTE, request.at(write.stamp()), "Note was updated successfully.")));
    }

    /** No LWW check (spec 6.1); the user agent is stored (our D2 fix). */
    public Uni<TimeStampBasedResponse> updateUserAgent(UpdateUserAgent request) {
        return writes.run(write -> links.setUserAgent(write, request.linkId(), request.linkType(), request.userAgent())
                .map(n -> answer(
                        write, UPDATE_USER_AGENT, request.at(write.stamp()), "User agent was updated successfully.")));
    }

    /** {@code ARCHIVE_LINK} (type and -4) or {@code UNARCHIVE_LINK} ({@code SAVED_LINK} and -2), spec 7.3.7–8. */
    public Uni<TimeStampBasedResponse> setArchived(IdBased request, boolean archived) {
        LinkType type = archived ? LinkType.ARCHIVE_LINK : LinkType.SAVED_LINK;
        return checked(
                request.id(),
                request.eventTimestamp(),
                write -> links.setType(write, List.of(request.id()), type, null)
                        .map(n -> archived
                                ? answer(
                                        write,
                                        ARCHIVE_LINK,
                                        request.at(write.stamp()),
                                        "Archived link with id : " + request.id() + " successfully")
                                : answer(
                                        write,
                                        UNARCHIVE_LINK,
                                        request.at(write.stamp()),
                                        "Unarchived link with id : " + request.id() + " successfully as SAVED_LINK")));
    }

    public Uni<TimeStampBasedResponse> setImportant(IdBased request, boolean important) {
        return checked(
                request.id(),
                request.eventTimestamp(),
                write -> links.setImportant(write, request.id(), important)
                        .map(n -> answer(
                                write,
                                important ? MARK_AS_IMP : UNMARK_AS_IMP,
                                request.at(write.stamp()),
                                "Marked link with id : " + request.id()
                                        + (important ? " as Important." : " as Non-Important."))));
    }

    /** Every column (stamped by type) and the pair set; the event echoes the request unstamped (spec 7.3.10). */
    public Uni<TimeStampBasedResponse> update(LinkDto request) {
        return checked(
                request.id(),
                request.eventTimestamp(),
                write -> links.update(
                                write,
                                request.id(),
                                request.linkType(),
                                request.title(),
                                request.url(),
                                request.baseURL(),
                                request.imgURL(),
                                request.note(),
                                request.linkType().stampFolder(request.idOfLinkedFolder()),
                                request.userAgent(),
                                request.mediaType(),
                                request.markedAsImportant(),
                                request.linkTags())
                        .map(n -> answer(
                                write,
                                UPDATE_LINK,
                                request.at(write.stamp()),
                                "Updated the link (id : " + request.id() + ") successfully.")));
    }

    /** One tombstone with the client's own {@code eventTimestamp} (spec 7.3.12); the event has the server's. */
    public Uni<TimeStampBasedResponse> deleteDuplicates(DeleteDuplicateLinks request) {
        return writes.run(write -> links.delete(write, request.linkIds()).map(n -> {
            write.tombstone(DELETE_DUPLICATE_LINKS, request);
            return answer(write, DELETE_DUPLICATE_LINKS, request.at(write.stamp()), "Deleted Duplicate links.");
        }));
    }

    /** The event is the answer itself, without correlation: every client re-runs the fix (spec 7.3.11). */
    public Uni<TimeStampBasedResponse> forceDefaultFolders() {
        return writes.run(write -> links.forceDefaultFolders(write).map(n -> {
            TimeStampBasedResponse answer =
                    new TimeStampBasedResponse(write.stamp(), "Set Default folders to internal IDs.");
            write.event(FORCE_SET_DEFAULT_FOLDER_TO_INTERNAL_IDS, answer);
            return answer;
        }));
    }

    private Uni<TimeStampBasedResponse> checked(
            long linkId, long clientStamp, Function<WriteContext, Uni<TimeStampBasedResponse>> work) {
        return writes.run(write -> LastWriteWins.check(write, LastWriteWins.Table.LINKS, List.of(linkId), clientStamp)
                .chain(() -> work.apply(write)));
    }

    private static TimeStampBasedResponse answer(WriteContext write, String operation, Object event, String message) {
        write.event(operation, event);
        return new TimeStampBasedResponse(write.stamp(), message);
    }
}
