package io.projectservice.app;

import io.projectservice.readmodel.ReadModelRebuild;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * The service's entry point. Without arguments it serves until stopped; {@code rebuild-read-model}
 * rebuilds the list read model from the log and exits (run it with {@code projects.roles=} so
 * the process starts no relay or projector of its own).
 */
@QuarkusMain
public class Main implements QuarkusApplication {
    private static final Logger LOG = Logger.getLogger(Main.class);

    @Inject
    ReadModelRebuild rebuild;

    @Override
    public int run(String... args) {
        if (args.length == 0) {
            Quarkus.waitForExit();
            return 0;
        }
        if (args.length == 1 && args[0].equals("rebuild-read-model")) {
            long start = System.nanoTime();
            var result = rebuild.rebuild().await().atMost(Duration.ofHours(2));
            double seconds = (System.nanoTime() - start) / 1e9;
            LOG.infof("read model rebuilt: %d projects from %d events in %.1f s (%.0f events/s)", result.projects(),
                    result.events(), seconds, result.events() / Math.max(seconds, 1e-9));
            return 0;
        }
        LOG.errorf("unknown command %s; known: rebuild-read-model", String.join(" ", args));
        return 2;
    }
}
