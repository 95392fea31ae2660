package io.quintet.linkora.multi.rest;

import static io.quintet.linkora.multi.service.MultiItemService.*;

import io.quintet.linkora.http.LinkoraRoutes;
import io.quintet.linkora.http.RouteRegistry;
import io.quintet.linkora.multi.CopyItems;
import io.quintet.linkora.multi.MarkItemsRegular;
import io.quintet.linkora.multi.MoveItems;
import io.quintet.linkora.multi.MultiItems;
import io.quintet.linkora.multi.service.MultiItemService;
import jakarta.enterprise.context.ApplicationScoped;

/** Multi-item routes (spec 7.6). */
@ApplicationScoped
public class MultiItemRoutes implements LinkoraRoutes {

    private final MultiItemService items;

    public MultiItemRoutes(MultiItemService items) {
        this.items = items;
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.postJson(ARCHIVE_MULTIPLE_ITEMS, (body, ctx) -> items.archive(MultiItems.read(body)));
        routes.postJson(DELETE_MULTIPLE_ITEMS, (body, ctx) -> items.delete(MultiItems.read(body)));
        routes.postJson(MOVE_EXISTING_ITEMS, (body, ctx) -> items.move(MoveItems.read(body)));
        routes.postJson(COPY_EXISTING_ITEMS, (body, ctx) -> items.copy(CopyItems.read(body)));
        routes.postJson(UNARCHIVE_MULTIPLE_ITEMS, (body, ctx) -> items.unarchive(MarkItemsRegular.read(body)));
    }
}
