package io.quintet.linkora.tag.repository;

import io.quintet.linkora.tag.Tag;
import io.quintet.linkora.write.WriteContext;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Statements on {@code linkora.tags}; pairs go with their tag by cascade. */
@ApplicationScoped
public class TagRepository {

    private static final String INSERT = "INSERT INTO linkora.tags (last_modified, name) VALUES ($1, $2) RETURNING id";
    private static final String RENAME = "UPDATE linkora.tags SET name = $2, last_modified = $3 WHERE id = $1";
    private static final String DELETE = "DELETE FROM linkora.tags WHERE id = $1";
    private static final String ALL = "SELECT id, name, last_modified FROM linkora.tags ORDER BY id";

    private final Pool pool;

    public TagRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Long> insert(WriteContext write, String name) {
        return write.connection()
                .preparedQuery(INSERT)
                .execute(Tuple.of(write.stamp(), name))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<Integer> rename(WriteContext write, long id, String name) {
        return write.connection()
                .preparedQuery(RENAME)
                .execute(Tuple.of(id, name, write.stamp()))
                .map(RowSet::rowCount);
    }

    public Uni<Integer> delete(WriteContext write, long id) {
        return write.connection().preparedQuery(DELETE).execute(Tuple.of(id)).map(RowSet::rowCount);
    }

    public Uni<List<Tag>> all() {
        return pool.preparedQuery(ALL).execute().map(rows -> {
            List<Tag> tags = new ArrayList<>(rows.size());
            rows.forEach(row -> tags.add(new Tag(row.getLong(0), row.getString(1), row.getLong(2))));
            return tags;
        });
    }
}
