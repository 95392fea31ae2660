package io.quintet.kora.session;

import io.smallrye.mutiny.Uni;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a session's work one task at a time in submission order (kora.md 6: inbound messages are
 * processed strictly in arrival order), and keeps live pushes from interleaving with them.
 */
final class SerialQueue {

    private record Task(Supplier<Uni<Void>> work, Runnable onDone, Consumer<Throwable> onFailure) {}

    private final Queue<Task> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();

    /** A Uni that, when subscribed, queues {@code work} and completes when it has run. */
    Uni<Void> submit(Supplier<Uni<Void>> work) {
        return Uni.createFrom().emitter(emitter -> {
            tasks.add(new Task(work, () -> emitter.complete(null), emitter::fail));
            drain();
        });
    }

    private void drain() {
        while (running.compareAndSet(false, true)) {
            Task task = tasks.poll();
            if (task == null) {
                running.set(false);
                if (tasks.isEmpty()) return;
                continue;
            }
            Uni<Void> uni;
            try {
                uni = task.work().get();
            } catch (RuntimeException e) {
                uni = Uni.createFrom().failure(e);
            }
            uni.subscribe().with(ignored -> finish(task, null), failure -> finish(task, failure));
            return;
        }
    }

    private void finish(Task task, Throwable failure) {
        running.set(false);
        if (failure == null) task.onDone().run();
        else task.onFailure().accept(failure);
        drain();
    }
}
