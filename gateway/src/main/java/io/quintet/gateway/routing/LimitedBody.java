package io.quintet.gateway.routing;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * The request body on its way upstream: counts bytes so that a body without Content-Length is cut
 * off at the route's limit, and reports when the body has been read completely (the moment the
 * upstream's response timeout starts). Passes buffers through untouched; nothing is accumulated.
 */
final class LimitedBody implements ReadStream<Buffer> {

    /** Signals the pipe that the body went over the limit; the forwarder answers 413. */
    static final class TooLarge extends RuntimeException {
        TooLarge() {
            super("request body exceeds the route's limit", null, false, false);
        }
    }

    private final ReadStream<Buffer> source;
    private final long limit;
    private final Runnable onEnd;
    private final Runnable onTooLarge;
    private long count;
    private boolean tooLarge;
    private Handler<Buffer> dataHandler;
    private Handler<Throwable> exceptionHandler;

    LimitedBody(ReadStream<Buffer> source, long limit, Runnable onEnd, Runnable onTooLarge) {
        this.source = source;
        this.limit = limit;
        this.onEnd = onEnd;
        this.onTooLarge = onTooLarge;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        dataHandler = handler;
        source.handler(handler == null ? null : this::data);
        return this;
    }

    private void data(Buffer buffer) {
        if (tooLarge) return;
        count += buffer.length();
        if (count > limit) {
            tooLarge = true;
            onTooLarge.run();
            Handler<Throwable> failed = exceptionHandler;
            if (failed != null) failed.handle(new TooLarge());
            return;
        }
        Handler<Buffer> h = dataHandler;
        if (h != null) h.handle(buffer);
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> handler) {
        source.endHandler(
                handler == null
                        ? null
                        : v -> {
                            if (tooLarge) return;
                            onEnd.run();
                            handler.handle(null);
                        });
        return this;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        exceptionHandler = handler;
        source.exceptionHandler(handler);
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        source.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        source.resume();
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        source.fetch(amount);
        return this;
    }
}
