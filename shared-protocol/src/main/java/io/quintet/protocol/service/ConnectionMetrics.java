package io.quintet.protocol.service;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Drops the reactive PostgreSQL client's per-connection gauges. Vert.x 4.5 creates the SQL
 * client's metrics once per socket connection ({@code PgConnectionFactory.newSocketConnection}),
 * and Quarkus' Micrometer adapter registers its gauges ({@code postgresql.queue.size},
 * {@code postgresql.current}) for each under the same name and tags: the pool's second connection
 * registered them a second time (a WARN at every start), and they only ever showed the first
 * connection's figures. The timers and counters of the same family ({@code postgresql.queue.delay},
 * {@code postgresql.processing}, {@code postgresql.completed}, {@code postgresql.reset}) are shared by
 * every connection and stay.
 */
@ApplicationScoped
public class ConnectionMetrics {

    @Produces
    @Singleton
    MeterFilter withoutPerConnectionGauges() {
        return MeterFilter.deny(id -> id.getType() == Meter.Type.GAUGE && "sql".equals(id.getTag("clientType")));
    }
}
