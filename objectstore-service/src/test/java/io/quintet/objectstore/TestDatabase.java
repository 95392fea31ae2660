package io.quintet.objectstore;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quintet.protocol.testing.PostgresTestResource;

/** The module's one declaration of the embedded PostgreSQL; Quarkus applies it to every @QuarkusTest here. */
@QuarkusTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "objectstore"))
public final class TestDatabase {

    private TestDatabase() {}
}
