package io.quintet.linkora.tag.rest;

import static io.quintet.linkora.tag.service.TagService.*;

import io.quintet.linkora.http.LinkoraRoutes;
import io.quintet.linkora.http.RouteRegistry;
import io.quintet.linkora.model.IdBased;
import io.quintet.linkora.tag.CreateTag;
import io.quintet.linkora.tag.RenameTag;
import io.quintet.linkora.tag.service.TagService;
import jakarta.enterprise.context.ApplicationScoped;

/** Tag routes (spec 7.5). */
@ApplicationScoped
public class TagRoutes implements LinkoraRoutes {

    private final TagService tags;

    public TagRoutes(TagService tags) {
        this.tags = tags;
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.postJson(CREATE_TAG, (body, ctx) -> tags.create(CreateTag.read(body)));
        routes.postJson(RENAME_TAG, (body, ctx) -> tags.rename(RenameTag.read(body)));
        routes.postJson(DELETE_TAG, (body, ctx) -> tags.delete(IdBased.read(body)));
        routes.get(GET_TAGS, (ctx, c) -> tags.all());
    }
}
