package io.quintet.synkronus;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * The one declaration of this module's test PostgreSQL ({@link SynkronusDatabase}): an unrestricted
 * test resource applies to every {@code @QuarkusTest} of the module.
 */
@QuarkusTestResource(SynkronusDatabase.class)
public final class TestDatabase {

    private TestDatabase() {}
}
