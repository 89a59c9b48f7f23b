package io.projectservice.database;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Lets requests wait, without holding a thread, for something another part of the system
 * signals on a named channel: fired directly in this process, and through PostgreSQL NOTIFY for
 * the other replicas (each channel is LISTENed to once, on first use).
 */
@ApplicationScoped
public class Wakeups {
    private static final Duration MIN_WAIT = Duration.ofMillis(1);

    private final Map<String, List<Runnable>> waiters = new ConcurrentHashMap<>();
    private final PgNotifications notifications;

    public Wakeups(PgNotifications notifications) {
        this.notifications = notifications;
    }

    public void fire(String channel) {
        List<Runnable> list = waiters.get(channel);
        if (list == null) {
            return;
        }
        for (Runnable w : list) {
            list.remove(w);
            w.run();
        }
    }

    /**
     * Completes at the next signal on the channel, or after {@code atMost} (at least 1 ms), whichever
     * comes first.
     */
    public Uni<Void> next(String channel, Duration atMost) {
        // on an event loop the timeout is a Vert.x timer, which refuses a delay under 1 ms: the
        // exception would escape on the event loop and the Uni would never complete
        Duration bound = atMost.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : atMost;
        List<Runnable> list = waiters.computeIfAbsent(channel, c -> {
            notifications.listen(c, () -> fire(c));
            return new CopyOnWriteArrayList<>();
        });
        return Uni.createFrom().<Void>emitter(em -> {
            Runnable waiter = () -> em.complete(null);
            list.add(waiter);
            em.onTermination(() -> list.remove(waiter));
        }).ifNoItem().after(bound).recoverWithItem(() -> null);
    }
}
