package io.quintet.synkronus.attachment.service;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.ArrayDeque;
import java.util.Queue;

/** A fixed number of concurrent uploads; the others wait their turn without blocking a thread. */
public final class UploadSlots {

    private final int slots;
    private int inUse;
    private final Queue<UniEmitter<? super Void>> waiting = new ArrayDeque<>();

    public UploadSlots(int slots) {
        this.slots = Math.max(1, slots);
    }

    public Uni<Void> acquire() {
        return Uni.createFrom().emitter(emitter -> {
            synchronized (this) {
                if (inUse < slots) {
                    inUse++;
                } else {
                    waiting.add(emitter);
                    return;
                }
            }
            emitter.complete(null);
        });
    }

    public void release() {
        UniEmitter<? super Void> next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                inUse--;
                return;
            }
        }
        next.complete(null);
    }
}
