package io.quintet.objectstore.graphql;

import static graphql.schema.GraphQLArgument.newArgument;
import static graphql.schema.GraphQLFieldDefinition.newFieldDefinition;
import static graphql.schema.GraphQLInputObjectField.newInputObjectField;
import static graphql.schema.GraphQLInputObjectType.newInputObject;
import static graphql.schema.GraphQLObjectType.newObject;

import graphql.Scalars;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import io.quintet.objectstore.model.Entity;
import io.quintet.objectstore.model.Model;
import io.quintet.objectstore.model.Property;
import io.quintet.objectstore.model.PropertyType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The GraphQL schema of section 11 for one model version: per sync type an object type, a query
 * ({@code note(ids, filter, offset, first)}, or {@code query_<name>} for a lower-case type name) and the
 * mutations {@code put<Type>(input: obj | [obj]) { returning { id … } }} and
 * {@code delete<Type>(ids: [...] | all: true)}. 64-bit integers travel as decimal strings, as in OSP/1 JSON.
 */
final class GraphQlSchemaFactory {

    static final Pattern NAME = Pattern.compile("[_A-Za-z][_0-9A-Za-z]*");

    private final Map<String, GraphQLInputObjectType> filters = new HashMap<>();

    static String queryName(String type) {
        return Character.isLowerCase(type.charAt(0))
                ? "query_" + type
                : Character.toLowerCase(type.charAt(0)) + type.substring(1);
    }

    GraphQLSchema build(Model model, GraphQlFetchers fetchers) {
        GraphQLObjectType.Builder query = newObject().name("Query");
        GraphQLObjectType.Builder mutation = newObject().name("Mutation");
        GraphQLCodeRegistry.Builder code = GraphQLCodeRegistry.newCodeRegistry();
        GraphQLObjectType deleteResult = newObject()
                .name("DeleteResult")
                .field(newFieldDefinition().name("count").type(GraphQLNonNull.nonNull(Scalars.GraphQLInt)))
                .field(newFieldDefinition().name("ids").type(list(Scalars.GraphQLID)))
                .build();
        int types = 0;
        for (Entity entity : model.syncTypes()) {
            if (!NAME.matcher(entity.name()).matches()) continue;
            List<Property> props = entity.properties().stream()
                    .filter(p -> !p.isId()
                            && NAME.matcher(p.name()).matches()
                            && !p.name().equals("id"))
                    .toList();
            GraphQLObjectType.Builder object = newObject()
                    .name(entity.name())
                    .field(newFieldDefinition().name("id").type(GraphQLNonNull.nonNull(Scalars.GraphQLID)));
            GraphQLInputObjectType.Builder input = newInputObject()
                    .name(entity.name() + "Input")
                    .field(newInputObjectField().name("id").type(Scalars.GraphQLID));
            GraphQLInputObjectType.Builder filter = newInputObject().name(entity.name() + "Filter");
            boolean filterable = false;
            for (Property p : props) {
                object.field(newFieldDefinition().name(p.name()).type(output(p.type())));
                input.field(newInputObjectField().name(p.name()).type(input(p.type())));
                GraphQLInputObjectType f = filterFor(p.type());
                if (f != null) {
                    filter.field(newInputObjectField().name(p.name()).type(f));
                    filterable = true;
                }
            }
            GraphQLObjectType objectType = object.build();
            GraphQLObjectType putResult = newObject()
                    .name(entity.name() + "PutResult")
                    .field(newFieldDefinition()
                            .name("returning")
                            .type(GraphQLNonNull.nonNull(GraphQLList.list(GraphQLNonNull.nonNull(objectType)))))
                    .build();
            var q = newFieldDefinition()
                    .name(queryName(entity.name()))
                    .type(GraphQLNonNull.nonNull(GraphQLList.list(GraphQLNonNull.nonNull(objectType))))
                    .argument(
                            newArgument().name("ids").type(GraphQLList.list(GraphQLNonNull.nonNull(Scalars.GraphQLID))))
                    .argument(newArgument().name("offset").type(Scalars.GraphQLInt))
                    .argument(newArgument().name("first").type(Scalars.GraphQLInt));
            if (filterable) q.argument(newArgument().name("filter").type(filter.build()));
            query.field(q);
            code.dataFetcher(FieldCoordinates.coordinates("Query", queryName(entity.name())), fetchers.query(entity));
            mutation.field(newFieldDefinition()
                    .name("put" + entity.name())
                    .type(GraphQLNonNull.nonNull(putResult))
                    .argument(newArgument()
                            .name("input")
                            .type(GraphQLNonNull.nonNull(GraphQLList.list(GraphQLNonNull.nonNull(input.build()))))));
            code.dataFetcher(FieldCoordinates.coordinates("Mutation", "put" + entity.name()), fetchers.put(entity));
            mutation.field(newFieldDefinition()
                    .name("delete" + entity.name())
                    .type(GraphQLNonNull.nonNull(deleteResult))
                    .argument(
                            newArgument().name("ids").type(GraphQLList.list(GraphQLNonNull.nonNull(Scalars.GraphQLID))))
                    .argument(newArgument().name("all").type(Scalars.GraphQLBoolean)));
            code.dataFetcher(
                    FieldCoordinates.coordinates("Mutation", "delete" + entity.name()), fetchers.delete(entity));
            types++;
        }
        GraphQLSchema.Builder schema =
                GraphQLSchema.newSchema().query(query.build()).codeRegistry(code.build());
        if (types > 0) schema.mutation(mutation.build());
        return schema.build();
    }

    private static GraphQLList list(GraphQLScalarType t) {
        return GraphQLList.list(GraphQLNonNull.nonNull(t));
    }

    /** The scalar a property value takes (vectors as lists, 64-bit as String, bytes as base64 String). */
    static GraphQLScalarType scalar(int type) {
        return switch (type) {
            case PropertyType.BOOL, PropertyType.BOOL_VECTOR -> Scalars.GraphQLBoolean;
            case PropertyType.BYTE,
                    PropertyType.SHORT,
                    PropertyType.CHAR,
                    PropertyType.INT,
                    PropertyType.SHORT_VECTOR,
                    PropertyType.CHAR_VECTOR,
                    PropertyType.INT_VECTOR -> Scalars.GraphQLInt;
            case PropertyType.FLOAT, PropertyType.DOUBLE, PropertyType.FLOAT_VECTOR, PropertyType.DOUBLE_VECTOR ->
                Scalars.GraphQLFloat;
            case PropertyType.RELATION -> Scalars.GraphQLID;
            default -> Scalars.GraphQLString;
        };
    }

    static boolean isList(int type) {
        return type >= PropertyType.BOOL_VECTOR && type != PropertyType.BYTE_VECTOR;
    }

    private static GraphQLOutputType output(int type) {
        return isList(type) ? GraphQLList.list(scalar(type)) : scalar(type);
    }

    private static GraphQLInputType input(int type) {
        return isList(type) ? GraphQLList.list(scalar(type)) : scalar(type);
    }

    /** Operators per type (section 11): numbers and strings compare, strings also match, bool only eq. */
    private GraphQLInputObjectType filterFor(int type) {
        if (isList(type) || type == PropertyType.FLEX || type == PropertyType.BYTE_VECTOR) return null;
        GraphQLScalarType scalar = scalar(type);
        boolean bool = type == PropertyType.BOOL;
        boolean string = type == PropertyType.STRING;
        boolean id = type == PropertyType.RELATION;
        boolean wide = PropertyType.isWideScalar(type);
        String name = bool
                ? "BoolFilter"
                : string ? "StringFilter" : id ? "IdFilter" : wide ? "LongFilter" : scalar.getName() + "Filter";
        return filters.computeIfAbsent(name, n -> {
            GraphQLInputObjectType.Builder b = newInputObject().name(n);
            List<String> ops = bool
                    ? List.of("eq")
                    : id
                            ? List.of("eq", "neq")
                            : string
                                    ? List.of(
                                            "eq", "neq", "lt", "lte", "gt", "gte", "contains", "startsWith", "endsWith")
                                    : List.of("eq", "neq", "lt", "lte", "gt", "gte");
            for (String op : ops) b.field(newInputObjectField().name(op).type(scalar));
            return b.build();
        });
    }
}
