package io.quintet.kora.collection.repository;

import static io.quintet.kora.collection.repository.ColumnCodec.quote;
import static io.quintet.kora.collection.repository.ColumnCodec.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.kora.collection.AppSchema;
import io.quintet.kora.collection.CollectionDef;
import io.quintet.kora.collection.FieldDef;
import io.quintet.kora.collection.FieldKind;
import io.quintet.kora.collection.RecordReplay;
import io.quintet.kora.collection.RelationDef;
import io.quintet.kora.collection.SchemaException;
import io.quintet.kora.operation.Operation;
import io.quintet.kora.store.OperationRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The materialized collection tables in schema {@code kora} (kora.md 12.3, 12.4): DDL from the app
 * schema, record upserts from replay, and the reads. Every method takes the SQL client to run on,
 * so writes share the append's transaction.
 */
@ApplicationScoped
public class CollectionRepository {

    /** A read of {@code queryCollection} (12.4); {@code where} may be null. */
    public record Query(
            ObjectNode where,
            String orderBy,
            boolean descending,
            Integer limit,
            Integer offset,
            boolean includeDeleted) {}

    /** A record that references a deleted one, with the referencing value. */
    public record Reference(String id, String value) {}

    private final OperationRepository operations;

    public CollectionRepository(OperationRepository operations) {
        this.operations = operations;
    }

    // ------------------------------------------------------------------ DDL

    /** The idempotent DDL of one collection: create, add every column, enum checks, indexes. */
    public static List<String> ddl(CollectionDef c) {
        List<String> statements = new ArrayList<>();
        StringBuilder create = new StringBuilder("CREATE TABLE IF NOT EXISTS ")
                .append(table(c.name()))
                .append(" (\"id\" TEXT PRIMARY KEY NOT NULL");
        for (FieldDef f : c.fields().values()) {
            create.append(", ").append(columnDefinition(f, true));
        }
        create.append(", \"_created_at\" BIGINT NOT NULL DEFAULT 0, \"_updated_at\" BIGINT NOT NULL DEFAULT 0,"
                + " \"_deleted\" INTEGER NOT NULL DEFAULT 0)");
        statements.add(create.toString());
        for (FieldDef f : c.fields().values()) {
            statements.add(
                    "ALTER TABLE " + table(c.name()) + " ADD COLUMN IF NOT EXISTS " + columnDefinition(f, false));
            if (f.kind() == FieldKind.ENUM) {
                // PostgreSQL's name for the inline check, replaced so a widened enum list takes effect;
                // NOT VALID: rows written under the old list stay as they are
                String check = quote(c.name() + "_" + f.name() + "_check");
                statements.add("ALTER TABLE " + table(c.name()) + " DROP CONSTRAINT IF EXISTS " + check);
                statements.add("ALTER TABLE " + table(c.name()) + " ADD CONSTRAINT " + check + " " + enumCheck(f)
                        + " NOT VALID");
            }
        }
        for (String index : c.indexes()) {
            statements.add("CREATE INDEX IF NOT EXISTS " + quote("idx_" + c.name() + "_" + index) + " ON "
                    + table(c.name()) + " (" + quote(index) + ")");
        }
        statements.add("CREATE INDEX IF NOT EXISTS " + quote("idx_" + c.name() + "__deleted") + " ON " + table(c.name())
                + " (\"_deleted\")");
        return statements;
    }

    private static String columnDefinition(FieldDef f, boolean withCheck) {
        StringBuilder column =
                new StringBuilder(quote(f.name())).append(' ').append(f.kind().sqlType());
        String literal = ColumnCodec.defaultLiteral(f);
        if (literal != null) column.append(" DEFAULT ").append(literal);
        if (withCheck && f.kind() == FieldKind.ENUM) column.append(' ').append(enumCheck(f));
        return column.toString();
    }

    private static String enumCheck(FieldDef f) {
        StringBuilder check =
                new StringBuilder("CHECK (").append(quote(f.name())).append(" IN (");
        for (int i = 0; i < f.enumValues().size(); i++) {
            if (i > 0) check.append(", ");
            check.append('\'').append(f.enumValues().get(i).replace("'", "''")).append('\'');
        }
        return check.append("))").toString();
    }

    public Uni<Void> createTables(SqlConnection connection, AppSchema schema) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (CollectionDef c : schema.collections().values()) {
            for (String statement : ddl(c)) {
                chain = chain.chain(() -> connection.query(statement).execute().replaceWithVoid());
            }
        }
        return chain;
    }

    // ------------------------------------------------------------------ materialization

    /** Rebuilds one record from the log after an append (13.4); a never-live deleted record gets no row. */
    public Uni<Void> materialize(SqlClient client, CollectionDef c, String recordId, long now) {
        return operations
                .recordOperations(client, c.name(), recordId)
                .chain(ops -> write(client, c, recordId, RecordReplay.replay(ops), now, false));
    }

    /**
     * Every operation of the records {@code recordIds}, by record: the read half of
     * {@link #materializeAll}, to be sent in the same pipeline as the append that precedes it.
     */
    public Uni<Map<String, List<Operation>>> recordsOperations(
            SqlClient client, CollectionDef c, Collection<String> recordIds) {
        return operations.recordsOperations(client, c.name(), recordIds).map(ops -> {
            Map<String, List<Operation>> byRecord = new LinkedHashMap<>();
            ops.forEach(op -> byRecord.computeIfAbsent(op.recordId(), k -> new ArrayList<>())
                    .add(op));
            return byRecord;
        });
    }

    /**
     * Rebuilds many records of one collection (13.4) from their operations (as
     * {@link #recordsOperations} read them): one multi-row upsert of the live ones and one statement
     * marking the deleted ones, sent together; never-live deleted records get no row.
     */
    public Uni<Void> materializeAll(
            SqlClient client, CollectionDef c, Map<String, List<Operation>> byRecord, long now) {
        List<String> ids = new ArrayList<>();
        List<RecordReplay.State> states = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        byRecord.forEach((id, ops) -> {
            RecordReplay.State state = RecordReplay.replay(ops);
            if (state == null) return;
            if (state.deleted()) {
                deleted.add(id);
            } else {
                ids.add(id);
                states.add(state);
            }
        });
        List<Uni<Void>> writes = new ArrayList<>();
        if (!ids.isEmpty())
            writes.add(client.preparedQuery(upsertAll(c))
                    .execute(upsertArguments(c, ids, states))
                    .replaceWithVoid());
        if (!deleted.isEmpty()) {
            writes.add(client.preparedQuery("UPDATE " + table(c.name())
                            + " SET \"_deleted\" = 1, \"_updated_at\" = $2 WHERE \"id\" = ANY($1)")
                    .execute(Tuple.of(deleted.toArray(new String[0]), now))
                    .replaceWithVoid());
        }
        if (writes.isEmpty()) return Uni.createFrom().voidItem();
        return Uni.join().all(writes).andCollectFailures().replaceWithVoid();
    }

    /** {@code INSERT … SELECT FROM unnest(…) ON CONFLICT DO UPDATE}: every column as one array parameter. */
    private static String upsertAll(CollectionDef c) {
        StringBuilder columns = new StringBuilder("\"id\"");
        StringBuilder arrays = new StringBuilder("$1::text[]");
        StringBuilder select = new StringBuilder("u.\"id\"");
        StringBuilder updates = new StringBuilder();
        int n = 1;
        for (FieldDef f : c.fields().values()) {
            n++;
            columns.append(", ").append(quote(f.name()));
            arrays.append(", $").append(n).append("::").append(arrayType(f.kind()));
            select.append(", u.").append(quote(f.name())).append(f.kind().isJson() ? "::jsonb" : "");
            updates.append(quote(f.name()))
                    .append(" = excluded.")
                    .append(quote(f.name()))
                    .append(", ");
        }
        columns.append(", \"_created_at\", \"_updated_at\", \"_deleted\"");
        arrays.append(", $")
                .append(n + 1)
                .append("::int8[], $")
                .append(n + 2)
                .append("::int8[], $")
                .append(n + 3)
                .append("::int4[]");
        select.append(", u.\"_created_at\", u.\"_updated_at\", u.\"_deleted\"");
        updates.append("\"_created_at\" = excluded.\"_created_at\", \"_updated_at\" = excluded.\"_updated_at\","
                + " \"_deleted\" = excluded.\"_deleted\"");
        return "INSERT INTO " + table(c.name()) + " (" + columns + ") SELECT " + select + " FROM unnest(" + arrays
                + ") AS u(" + columns + ") ON CONFLICT (\"id\") DO UPDATE SET " + updates;
    }

    private static String arrayType(FieldKind kind) {
        return switch (kind) {
            case NUMBER -> "float8[]";
            case BOOLEAN -> "int4[]";
            case TIMESTAMP -> "int8[]";
            case RICHTEXT -> "bytea[]";
            default -> "text[]"; // text kinds, and JSON as text cast per element
        };
    }

    private static Tuple upsertArguments(CollectionDef c, List<String> ids, List<RecordReplay.State> states) {
        int rows = ids.size();
        List<Object> args = new ArrayList<>();
        args.add(ids.toArray(new String[0]));
        for (FieldDef f : c.fields().values()) {
            Object[] column = switch (f.kind()) {
                case NUMBER -> new Double[rows];
                case BOOLEAN -> new Integer[rows];
                case TIMESTAMP -> new Long[rows];
                case RICHTEXT -> new Buffer[rows];
                default -> new String[rows];
            };
            for (int i = 0; i < rows; i++) {
                ObjectNode fields = states.get(i).fields();
                JsonNode value = fields.has(f.name()) ? fields.get(f.name()) : f.defaultValue();
                column[i] = ColumnCodec.toColumn(f, value);
            }
            args.add(column);
        }
        Long[] created = new Long[rows];
        Long[] updated = new Long[rows];
        Integer[] deleted = new Integer[rows];
        for (int i = 0; i < rows; i++) {
            created[i] = states.get(i).createdAt();
            updated[i] = states.get(i).updatedAt();
            deleted[i] = 0;
        }
        args.add(created);
        args.add(updated);
        args.add(deleted);
        return Tuple.from(args);
    }

    /** Rebuilds every record of a collection from the log (after {@code setSchema}). */
    public Uni<Integer> backfill(SqlClient client, CollectionDef c, long now) {
        return operations.collectionOperations(client, c.name()).chain(ops -> {
            Map<String, List<Operation>> byRecord = new LinkedHashMap<>();
            ops.forEach(op -> byRecord.computeIfAbsent(op.recordId(), k -> new ArrayList<>())
                    .add(op));
            return Multi.createFrom()
                    .iterable(byRecord.entrySet())
                    .onItem()
                    .transformToUniAndConcatenate(
                            e -> write(client, c, e.getKey(), RecordReplay.replay(e.getValue()), now, true))
                    .collect()
                    .last()
                    .replaceWith(byRecord.size());
        });
    }

    private Uni<Void> write(
            SqlClient client, CollectionDef c, String recordId, RecordReplay.State state, long now, boolean backfill) {
        if (state == null) return Uni.createFrom().voidItem();
        if (state.deleted() && !backfill) {
            return client.preparedQuery("UPDATE " + table(c.name())
                            + " SET \"_deleted\" = 1, \"_updated_at\" = $2 WHERE \"id\" = $1")
                    .execute(Tuple.of(recordId, now))
                    .replaceWithVoid();
        }
        List<Object> args = new ArrayList<>();
        args.add(recordId);
        StringBuilder columns = new StringBuilder("\"id\"");
        StringBuilder values = new StringBuilder("$1");
        StringBuilder updates = new StringBuilder();
        for (FieldDef f : c.fields().values()) {
            JsonNode value = state.fields().has(f.name()) ? state.fields().get(f.name()) : f.defaultValue();
            args.add(ColumnCodec.toColumn(f, value));
            columns.append(", ").append(quote(f.name()));
            values.append(", ").append(ColumnCodec.placeholder(f, args.size()));
            updates.append(quote(f.name()))
                    .append(" = excluded.")
                    .append(quote(f.name()))
                    .append(", ");
        }
        args.add(state.createdAt());
        args.add(state.deleted() ? now : state.updatedAt());
        args.add(state.deleted() ? 1 : 0);
        int n = args.size();
        columns.append(", \"_created_at\", \"_updated_at\", \"_deleted\"");
        values.append(", $")
                .append(n - 2)
                .append(", $")
                .append(n - 1)
                .append(", $")
                .append(n);
        updates.append("\"_created_at\" = excluded.\"_created_at\", \"_updated_at\" = excluded.\"_updated_at\","
                + " \"_deleted\" = excluded.\"_deleted\"");
        String sql = "INSERT INTO " + table(c.name()) + " (" + columns + ") VALUES (" + values
                + ") ON CONFLICT (\"id\") DO UPDATE SET " + updates;
        return client.preparedQuery(sql).execute(Tuple.from(args)).replaceWithVoid();
    }

    // ------------------------------------------------------------------ reads

    private static String selectList(CollectionDef c) {
        StringBuilder select = new StringBuilder("\"id\"");
        c.fields().values().forEach(f -> select.append(", ").append(ColumnCodec.select(f)));
        return select.append(", \"_created_at\", \"_updated_at\", \"_deleted\"").toString();
    }

    private static ObjectNode record(CollectionDef c, Row row, boolean withDeleted) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("id", row.getString("id"));
        c.fields().values().forEach(f -> out.set(f.name(), ColumnCodec.fromColumn(f, row, f.name())));
        ColumnCodec.putSystem(out, row, withDeleted);
        return out;
    }

    /** Rows by id, soft-deleted ones included, each with {@code _deleted} (for scope backfill lookups). */
    public Uni<Map<String, ObjectNode>> rows(SqlClient client, CollectionDef c, Collection<String> ids) {
        String sql = "SELECT " + selectList(c) + " FROM " + table(c.name()) + " WHERE \"id\" = ANY($1)";
        return client.preparedQuery(sql)
                .execute(Tuple.of(ids.toArray(new String[0])))
                .map(rows -> {
                    Map<String, ObjectNode> result = new HashMap<>();
                    rows.forEach(row -> result.put(row.getString("id"), record(c, row, true)));
                    return result;
                });
    }

    /** {@code findRecord}: the live row or null. */
    public Uni<ObjectNode> find(SqlClient client, CollectionDef c, String id) {
        String sql = "SELECT " + selectList(c) + " FROM " + table(c.name()) + " WHERE \"id\" = $1 AND \"_deleted\" = 0";
        return client.preparedQuery(sql)
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : record(c, rows.iterator().next(), false));
    }

    public Uni<List<ObjectNode>> query(SqlClient client, CollectionDef c, Query query) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(selectList(c))
                .append(" FROM ")
                .append(table(c.name()))
                .append(where(c, query.where(), query.includeDeleted(), args));
        if (query.orderBy() != null) {
            checkColumn(c, query.orderBy());
            sql.append(" ORDER BY ")
                    .append(quote(query.orderBy()))
                    .append(query.descending() ? " DESC" : " ASC")
                    .append(", \"id\"");
        }
        if (query.limit() != null) {
            args.add(query.limit().longValue());
            sql.append(" LIMIT $").append(args.size());
        }
        if (query.offset() != null) {
            args.add(query.offset().longValue());
            sql.append(" OFFSET $").append(args.size());
        }
        return client.preparedQuery(sql.toString()).execute(Tuple.from(args)).map(rows -> {
            List<ObjectNode> result = new ArrayList<>();
            rows.forEach(row -> result.add(record(c, row, false)));
            return result;
        });
    }

    /** {@code countCollection}: live rows matching {@code where}. */
    public Uni<Long> count(SqlClient client, CollectionDef c, ObjectNode where) {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT count(*) FROM " + table(c.name()) + where(c, where, false, args);
        return client.preparedQuery(sql)
                .execute(Tuple.from(args))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** Equality on each member, against the stored representation; NULL matches null. */
    private static String where(CollectionDef c, ObjectNode where, boolean includeDeleted, List<Object> args) {
        List<String> terms = new ArrayList<>();
        if (!includeDeleted) terms.add("\"_deleted\" = 0");
        if (where != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = where.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                checkColumn(c, e.getKey());
                Object value;
                String placeholder;
                FieldDef f = c.field(e.getKey());
                if (f == null) {
                    // id, _created_at, _updated_at, _deleted
                    JsonNode v = e.getValue();
                    value = e.getKey().equals("id")
                            ? (v.isTextual() ? v.textValue() : v.toString())
                            : v.isBoolean()
                                    ? (Object) (long) (v.booleanValue() ? 1 : 0)
                                    : v.isNumber() ? (Object) v.longValue() : null;
                    if (value == null && !v.isNull())
                        throw new SchemaException("where." + e.getKey() + " must be a number");
                    placeholder = "$" + (args.size() + 1);
                } else {
                    value = ColumnCodec.toColumn(f, e.getValue());
                    if (value == null && !e.getValue().isNull()) {
                        throw new SchemaException("where." + e.getKey() + " does not fit field kind "
                                + f.kind().wireName());
                    }
                    placeholder = ColumnCodec.placeholder(f, args.size() + 1);
                }
                if (value == null) {
                    terms.add(quote(e.getKey()) + " IS NULL");
                } else {
                    args.add(value);
                    terms.add(quote(e.getKey()) + " = " + placeholder);
                }
            }
        }
        return terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms);
    }

    static void checkColumn(CollectionDef c, String name) {
        if (c.field(name) == null && !ColumnCodec.isSystemColumn(name)) {
            throw new SchemaException("unknown field \"" + name + "\" in collection " + c.name());
        }
    }

    // ------------------------------------------------------------------ constraint support (13.2, 13.3)

    /** Live records other than {@code excludedId} matching every {@code values} member. */
    public Uni<Long> countLive(SqlClient client, CollectionDef c, ObjectNode values, String excludedId) {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT count(*) FROM " + table(c.name()) + where(c, values, false, args);
        if (excludedId != null) {
            args.add(excludedId);
            sql += " AND \"id\" <> $" + args.size();
        }
        return client.preparedQuery(sql)
                .execute(Tuple.from(args))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** Live records of the relation's source whose foreign key equals {@code id}, sorted by id. */
    public Uni<List<Reference>> referencing(SqlClient client, RelationDef relation, String id) {
        String sql = "SELECT \"id\", " + quote(relation.field()) + " FROM " + table(relation.from())
                + " WHERE \"_deleted\" = 0 AND " + quote(relation.field()) + " = $1 ORDER BY \"id\"";
        return client.preparedQuery(sql).execute(Tuple.of(id)).map(rows -> {
            List<Reference> result = new ArrayList<>();
            rows.forEach(row -> result.add(new Reference(row.getString(0), row.getString(1))));
            return result;
        });
    }
}
