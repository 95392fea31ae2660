/**
 * The Quarkus glue every Quintet service shares: schema migration at start, the operation log
 * and change feed beans, the database settings. Opt-in: these beans exist only in a service that
 * indexes this jar ({@code quarkus.index-dependency.quintet.group-id=io.quintet},
 * {@code quarkus.index-dependency.quintet.artifact-id=shared-protocol}) and names its schema
 * ({@code quintet.service.schema}); see docs/architecture.md for the recipe.
 */
package io.quintet.protocol.service;
