package io.quintet.objectstore.monitoring.rest;

import io.quintet.objectstore.monitoring.MetricSampler;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /objectstore/api/sync/prometheus}: the obx_* metrics of section 8, unauthenticated as in ObjectBox (5.4). */
@Path("/api/sync/prometheus")
public class PrometheusResource {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final MetricSampler sampler;

    public PrometheusResource(MetricSampler sampler) {
        this.sampler = sampler;
    }

    @GET
    @Produces(CONTENT_TYPE)
    @Operation(summary = "Prometheus text of every obx_* metric, sampled once per second, with timestamps")
    public String metrics() {
        return sampler.prometheusText();
    }
}
