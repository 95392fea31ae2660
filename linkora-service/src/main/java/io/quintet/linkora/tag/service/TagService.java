package io.quintet.linkora.tag.service;

import io.quintet.linkora.model.IdBased;
import io.quintet.linkora.model.NewItemResponse;
import io.quintet.linkora.model.TimeStampBasedResponse;
import io.quintet.linkora.tag.CreateTag;
import io.quintet.linkora.tag.RenameTag;
import io.quintet.linkora.tag.Tag;
import io.quintet.linkora.tag.TagEvent;
import io.quintet.linkora.tag.repository.TagRepository;
import io.quintet.linkora.write.LastWriteWins;
import io.quintet.linkora.write.Writes;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Tags (spec 7.5). */
@ApplicationScoped
public class TagService {

    public static final String CREATE_TAG = "CREATE_TAG";
    public static final String RENAME_TAG = "RENAME_TAG";
    public static final String DELETE_TAG = "DELETE_TAG";
    public static final String GET_TAGS = "GET_TAGS";

    private final Writes writes;
    private final TagRepository tags;

    public TagService(Writes writes, TagRepository tags) {
        this.writes = writes;
        this.tags = tags;
    }

    public Uni<NewItemResponse> create(CreateTag request) {
        return writes.runStatement(write -> tags.insert(write, request.name()).map(id -> {
            write.event(CREATE_TAG, new TagEvent(id, request.name(), write.stamp(), request.correlation()));
            return new NewItemResponse(
                    new TimeStampBasedResponse(write.stamp(), "Tag created successfully with the id = " + id),
                    id,
                    request.correlation());
        }));
    }

    public Uni<TimeStampBasedResponse> rename(RenameTag request) {
        return writes.run(write -> LastWriteWins.check(
                        write, LastWriteWins.Table.TAGS, List.of(request.id()), request.eventTimestamp())
                .chain(() -> tags.rename(write, request.id(), request.newName()))
                .map(n -> {
                    write.event(RENAME_TAG, request.at(write.stamp()));
                    return new TimeStampBasedResponse(write.stamp(), "Tag renamed to " + request.newName());
                }));
    }

    /** Its pairs go by cascade, without tombstones of their own (spec 7.5). */
    public Uni<TimeStampBasedResponse> delete(IdBased request) {
        return writes.run(write -> tags.delete(write, request.id()).map(n -> {
            write.tombstone(DELETE_TAG, request.at(write.stamp()));
            write.event(DELETE_TAG, request.at(write.stamp()));
            return new TimeStampBasedResponse(write.stamp(), "Tag has been deleted.");
        }));
    }

    public Uni<List<Tag>> all() {
        return tags.all();
    }
}
