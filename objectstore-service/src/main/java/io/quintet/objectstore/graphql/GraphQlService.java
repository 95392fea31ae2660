package io.quintet.objectstore.graphql;

import graphql.ExecutionInput;
import graphql.GraphQL;
import io.quintet.objectstore.data.ObjectQueries;
import io.quintet.objectstore.schema.RegisteredVersion;
import io.quintet.objectstore.schema.SchemaRegistry;
import io.quintet.objectstore.tx.LocalWriter;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.Map;

/** Runs GraphQL requests (section 11) against the schema of the current model version (rebuilt on a switch). */
@Singleton
public class GraphQlService {

    private record Built(int versionId, GraphQL graphQl) {}

    private final SchemaRegistry schemas;
    private final ObjectQueries queries;
    private final LocalWriter writer;
    private volatile Built built;

    public GraphQlService(SchemaRegistry schemas, ObjectQueries queries, LocalWriter writer) {
        this.schemas = schemas;
        this.queries = queries;
        this.writer = writer;
    }

    private GraphQL current() {
        RegisteredVersion v = schemas.current();
        Built b = built;
        if (b == null || b.versionId() != v.versionId()) {
            var schema = new GraphQlSchemaFactory().build(v.model(), new GraphQlFetchers(v.model(), queries, writer));
            b = new Built(v.versionId(), GraphQL.newGraphQL(schema).build());
            built = b;
        }
        return b.graphQl();
    }

    /** The result in the GraphQL response format ({@code data}, {@code errors}). */
    public Uni<Map<String, Object>> execute(
            String query, Map<String, Object> variables, String operationName, boolean canWrite) {
        ExecutionInput input = ExecutionInput.newExecutionInput()
                .query(query)
                .variables(variables == null ? Map.of() : variables)
                .operationName(operationName)
                .graphQLContext(Map.of(GraphQlFetchers.CAN_WRITE, canWrite))
                .build();
        return Uni.createFrom()
                .completionStage(() -> current().executeAsync(input))
                .map(r -> r.toSpecification());
    }
}
