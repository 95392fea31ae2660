/**
 * Sync primitives shared by every Quintet service: last-write-wins registers and maps
 * ({@link io.quintet.protocol.lww}), hybrid logical clocks ({@link io.quintet.protocol.hlc}),
 * version vectors ({@link io.quintet.protocol.vv}), delta cursors ({@link io.quintet.protocol.delta}),
 * the PostgreSQL operation log ({@link io.quintet.protocol.oplog}) and the change feed across
 * replicas ({@link io.quintet.protocol.feed}).
 *
 * <p>Plain Java: no Quarkus runtime type appears in this API, so the primitives can be tested
 * and benchmarked without a container.
 */
package io.quintet.protocol;
