package io.projectservice.console;

import io.projectservice.api.ApiException;
import io.projectservice.api.Envelope;
import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.jwt.build.Jwt;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The console's "sign in as" button of the dev and test profiles: a token for any user, signed
 * with the dev key those profiles configure ({@code smallrye.jwt.sign.key.location}). Not built
 * into a production build at all (a request for it there is a 404), and a production
 * configuration holds no signing key.
 */
@IfBuildProfile(anyOf = { "dev", "test" })
@Path("/console/dev-token")
@Produces(MediaType.APPLICATION_JSON)
public class DevTokenResource {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Duration LIFETIME = Duration.ofHours(8);

    private final OperatorConfig operator;

    public DevTokenResource(OperatorConfig operator) {
        this.operator = operator;
    }

    @GET
    public Envelope token(@RestQuery String user, @RestQuery String organization, @RestQuery String operator) {
        if (user == null || !NAME.matcher(user).matches()) {
            throw ApiException.badRequest("Parameter 'user' is required: 1 to 64 letters, digits, '.', '_', '@' or '-'");
        }
        if (organization == null || !NAME.matcher(organization).matches()) {
            throw ApiException.badRequest("Parameter 'organization' is required: 1 to 64 letters, digits, '.', '_',"
                    + " '@' or '-'");
        }
        Set<String> groups = new LinkedHashSet<>(Set.of("user"));
        if ("true".equals(operator)) {
            groups.add(this.operator.role());
        }
        String token = Jwt.upn(user).subject(user).claim("preferred_username", user)
                .claim("organization", organization).groups(groups).expiresIn(LIFETIME).sign();
        return Envelope.success("A development token for " + user + " (" + organization + ")",
                Map.of("token", token, "expires_in_seconds", LIFETIME.toSeconds()));
    }
}
