package io.projectservice.console;

import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * {@code /console} is the console's page: the static files under META-INF/resources/console are
 * served from {@code /console/}, so the bare path is sent there. The Content-Security-Policy of
 * those paths is configuration ({@code quarkus.http.filter.console.*}).
 */
@Singleton
public class ConsoleRoutes {

    void install(@Observes Router router) {
        // Vert.x matches "/console/" to this route too: only the bare path is sent on
        router.get("/console").handler(rc -> {
            if ("/console".equals(rc.request().path())) {
                rc.redirect("/console/");
            } else {
                rc.next();
            }
        });
    }
}
