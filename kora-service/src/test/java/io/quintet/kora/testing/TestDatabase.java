package io.quintet.kora.testing;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quintet.protocol.testing.PostgresTestResource;

/**
 * The one declaration of this module's test PostgreSQL (database {@code kora} on the embedded
 * server): an unrestricted test resource applies to every {@code @QuarkusTest} of the module.
 */
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "kora"))
public final class TestDatabase {

    private TestDatabase() {}
}
