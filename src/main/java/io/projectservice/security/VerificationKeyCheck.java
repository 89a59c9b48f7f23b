package io.projectservice.security;

import io.projectservice.config.ServiceConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.KeyProvider;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.KeyLocationResolver;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Loads the token verification key at startup, the way the bearer-token mechanism will (a PEM or
 * JWK(S) file, a JWKS URL, inline content), so that a process running the {@code api} role with a
 * missing, unreadable or unusable key stops at once with one clear log line. Left to itself,
 * smallrye-jwt reads the key at the first request and fails every request with a 500 while the
 * readiness check reports UP. Runs before the migrations: it needs nothing but the key.
 */
@ApplicationScoped
public class VerificationKeyCheck {
    private static final Logger LOG = Logger.getLogger(VerificationKeyCheck.class);
    private static final String WHAT_TO_CHECK = "Check MP_JWT_VERIFY_PUBLICKEY_LOCATION (or"
            + " SMALLRYE_JWT_VERIFY_KEY_LOCATION) and the Secret mounted there";

    private final ServiceConfig config;
    private final JWTAuthContextInfo authContext;

    public VerificationKeyCheck(ServiceConfig config, JWTAuthContextInfo authContext) {
        this.config = config;
        this.authContext = authContext;
    }

    void onStart(@Observes @Priority(0) StartupEvent event) {
        if (!config.runs("api")) {
            return; // only the API verifies tokens; the other roles need no key
        }
        String problem;
        try {
            problem = problem(authContext);
        } catch (RuntimeException e) {
            // smallrye-jwt reads a key file while it builds the context, and fails on a missing one
            problem = cannotLoad(configuredLocation(), e);
        }
        if (problem != null) {
            LOG.error(problem);
            throw new IllegalStateException(problem);
        }
    }

    /** Why no token could be verified with this configuration, or null when the key loads. */
    static String problem(JWTAuthContextInfo context) {
        if (context.getPublicVerificationKey() != null || context.getSecretVerificationKey() != null) {
            return null;
        }
        String location = context.getPublicKeyLocation();
        String where = location == null ? "(inline content)" : "at '" + location + "'";
        if (location == null && context.getPublicKeyContent() == null && context.getSecretKeyContent() == null) {
            return "No JWT verification key is configured, so no request could be authenticated: set "
                    + "MP_JWT_VERIFY_PUBLICKEY_LOCATION (a PEM or JWK(S) file, or a JWKS URL), or "
                    + "SMALLRYE_JWT_VERIFY_KEY_LOCATION with SMALLRYE_JWT_VERIFY_ALGORITHM=HS256";
        }
        if (context.getKeyProvider() == KeyProvider.AWS_ALB) {
            return null; // keys are fetched per key id from the load balancer's endpoint, as tokens come
        }
        try {
            if (new LoadedKey(context).found()) {
                return null;
            }
            return "The JWT verification key " + where + " holds no key the service can use (neither a PEM"
                    + " public key or certificate nor a JWK or JWK set), so no request could be authenticated. "
                    + WHAT_TO_CHECK;
        } catch (Exception e) {
            return cannotLoad(where, e);
        }
    }

    private static String cannotLoad(String where, Throwable e) {
        return "The JWT verification key " + where + " cannot be loaded, so no request could be authenticated: "
                + causes(e) + ". " + WHAT_TO_CHECK;
    }

    private static String configuredLocation() {
        var config = ConfigProvider.getConfig();
        return config.getOptionalValue("mp.jwt.verify.publickey.location", String.class)
                .or(() -> config.getOptionalValue("smallrye.jwt.verify.key.location", String.class))
                .map(l -> "at '" + l + "'").orElse("(inline content)");
    }

    private static String causes(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 1000; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (sb.indexOf(message) < 0) {
                sb.append(sb.length() == 0 ? "" : ": ").append(message);
            }
        }
        return sb.toString();
    }

    /**
     * The resolver the parser builds for a key location or inline key, built now: its constructor
     * reads the file or URL (and fetches a JWKS), and throws when that fails. Content that is no
     * key leaves it empty instead, which the parser would only notice at the first request.
     */
    private static final class LoadedKey extends KeyLocationResolver {
        LoadedKey(JWTAuthContextInfo context) throws UnresolvableKeyException {
            super(context);
        }

        boolean found() {
            return key != null || jsonWebKeys != null && !jsonWebKeys.isEmpty() || httpsJwks != null;
        }
    }
}
