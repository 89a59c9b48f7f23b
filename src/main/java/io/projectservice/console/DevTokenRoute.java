package io.projectservice.console;

import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.jwt.build.Jwt;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The console's "sign in as" button of the dev and test profiles: {@code GET
 * /console/dev-token?user=&organization=[&operator=true]} answers a token for anyone, signed with
 * the dev key those profiles configure ({@code smallrye.jwt.sign.key.location}). The bean is not
 * built into a production build at all (the path is a 404 there), and a production configuration
 * holds no signing key. A plain route, not a resource: the API's resources all require a caller,
 * and the whole point here is that there is none yet.
 */
@IfBuildProfile(anyOf = { "dev", "test" })
@Singleton
public class DevTokenRoute {
    static final String PATH = "/console/dev-token";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Duration LIFETIME = Duration.ofHours(8);

    private final OperatorConfig operator;

    public DevTokenRoute(OperatorConfig operator) {
        this.operator = operator;
    }

    void install(@Observes Router router) {
        // signing reads the key file and computes an RSA signature: off the event loop
        router.get(PATH).blockingHandler(this::token);
    }

    private void token(RoutingContext rc) {
        String user = rc.request().getParam("user");
        String organization = rc.request().getParam("organization");
        if (user == null || !NAME.matcher(user).matches()) {
            answer(rc, 400, error("Parameter 'user' is required: 1 to 64 letters, digits, '.', '_', '@' or '-'"));
            return;
        }
        if (organization == null || !NAME.matcher(organization).matches()) {
            answer(rc, 400, error("Parameter 'organization' is required: 1 to 64 letters, digits, '.', '_', '@'"
                    + " or '-'"));
            return;
        }
        Set<String> groups = new LinkedHashSet<>(List.of("user"));
        if ("true".equals(rc.request().getParam("operator"))) {
            groups.add(operator.role());
        }
        String token = Jwt.upn(user).subject(user).claim("preferred_username", user)
                .claim("organization", organization).groups(groups).expiresIn(LIFETIME).sign();
        answer(rc, 200, new JsonObject().put("status", "success")
                .put("message", "A development token for " + user + " (" + organization + ")")
                .put("data", new JsonObject().put("token", token).put("expires_in_seconds", LIFETIME.toSeconds())));
    }

    private static JsonObject error(String message) {
        return new JsonObject().put("status", "error").put("message", message).putNull("data");
    }

    private static void answer(RoutingContext rc, int status, JsonObject envelope) {
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(envelope.encode());
    }
}
