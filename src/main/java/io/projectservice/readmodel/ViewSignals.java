package io.projectservice.readmodel;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Wakes requests waiting for the read model: fired by this process' projector directly and, for
 * projectors in other replicas, by their NOTIFY.
 */
@ApplicationScoped
public class ViewSignals {
    private final List<Runnable> waiters = new CopyOnWriteArrayList<>();

    public void fire() {
        for (Runnable w : waiters) {
            waiters.remove(w);
            w.run();
        }
    }

    /** Completes at the next signal, or after {@code atMost}, whichever comes first. */
    public Uni<Void> next(Duration atMost) {
        return Uni.createFrom().<Void>emitter(em -> {
            Runnable waiter = () -> em.complete(null);
            waiters.add(waiter);
            em.onTermination(() -> waiters.remove(waiter));
        }).ifNoItem().after(atMost).recoverWithItem(() -> null);
    }
}
