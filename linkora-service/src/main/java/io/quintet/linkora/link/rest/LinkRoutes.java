package io.quintet.linkora.link.rest;

import static io.quintet.linkora.link.service.LinkService.*;

import io.quintet.linkora.http.LinkoraRoutes;
import io.quintet.linkora.http.RouteRegistry;
import io.quintet.linkora.link.AddLink;
import io.quintet.linkora.link.DeleteDuplicateLinks;
import io.quintet.linkora.link.LinkDto;
import io.quintet.linkora.link.UpdateLinkNote;
import io.quintet.linkora.link.UpdateLinkTitle;
import io.quintet.linkora.link.UpdateLinkedFolderId;
import io.quintet.linkora.link.UpdateUserAgent;
import io.quintet.linkora.link.service.LinkService;
import io.quintet.linkora.model.IdBased;
import jakarta.enterprise.context.ApplicationScoped;

/** Link routes (spec 7.3). */
@ApplicationScoped
public class LinkRoutes implements LinkoraRoutes {

    private final LinkService links;

    public LinkRoutes(LinkService links) {
        this.links = links;
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.postJson(CREATE_A_NEW_LINK, (body, ctx) -> links.create(AddLink.read(body)));
        routes.postJson(DELETE_A_LINK, (body, ctx) -> links.delete(IdBased.read(body)));
        routes.postJson(
                UPDATE_LINKED_FOLDER_ID, (body, ctx) -> links.updateLinkedFolder(UpdateLinkedFolderId.read(body)));
        routes.postJson(UPDATE_LINK_TITLE, (body, ctx) -> links.updateTitle(UpdateLinkTitle.read(body)));
        routes.postJson(UPDATE_LINK_NOTE, (body, ctx) -> links.updateNote(UpdateLinkNote.read(body)));
        routes.postJson(UPDATE_USER_AGENT, (body, ctx) -> links.updateUserAgent(UpdateUserAgent.read(body)));
        routes.postJson(ARCHIVE_LINK, (body, ctx) -> links.setArchived(IdBased.read(body), true));
        routes.postJson(UNARCHIVE_LINK, (body, ctx) -> links.setArchived(IdBased.read(body), false));
        routes.postJson(MARK_AS_IMP, (body, ctx) -> links.setImportant(IdBased.read(body), true));
        routes.postJson(UNMARK_AS_IMP, (body, ctx) -> links.setImportant(IdBased.read(body), false));
        routes.postJson(UPDATE_LINK, (body, ctx) -> links.update(LinkDto.read(body)));
        routes.postJson(DELETE_DUPLICATE_LINKS, (body, ctx) -> links.deleteDuplicates(DeleteDuplicateLinks.read(body)));
        // a mutation served as GET, as in the reference (spec 2.4)
        routes.get(FORCE_SET_DEFAULT_FOLDER_TO_INTERNAL_IDS, (ctx, c) -> links.forceDefaultFolders());
    }
}
