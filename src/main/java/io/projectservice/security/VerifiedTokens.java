package io.projectservice.security;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The JWT parser of the bearer-token mechanism, with a bounded cache of verified tokens: a client
 * sends the same token with every request, and verifying it (JSON, base64, an RS256 signature)
 * was about a tenth of the CPU of a save. The key is the exact token string, so a cached answer
 * is the one the full verification gave for these very bytes. An entry is used only while the
 * token has not expired ({@code exp}, without the clock skew the full check allows, so the cache
 * never accepts what the parser would refuse), nor outlived {@code mp.jwt.verify.token.age}, and
 * for at most {@link #MAX_AGE_MILLIS}, which bounds how long a token signed with a key that was
 * since rotated out stays accepted. Failures are never cached. When full, new tokens are
 * verified every time until entries expire.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {
    static final int MAX_ENTRIES = 1024;
    static final long MAX_AGE_MILLIS = 5 * 60 * 1000;

    private final JWTParser parser;
    private final Long tokenAgeSeconds;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

    private record Entry(JsonWebToken token, long validUntilMillis) {
    }

    public VerifiedTokens(DefaultJWTParser parser, JWTAuthContextInfo authContext) {
        this(parser, authContext.getTokenAge(), System::currentTimeMillis);
    }

    VerifiedTokens(JWTParser parser, Long tokenAgeSeconds, LongSupplier clock) {
        this.parser = parser;
        this.tokenAgeSeconds = tokenAgeSeconds;
        this.clock = clock;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        long now = clock.getAsLong();
        Entry cached = cache.get(token);
        if (cached != null) {
            if (now < cached.validUntilMillis()) {
                return cached.token();
            }
            cache.remove(token, cached);
        }
        JsonWebToken verified = parser.parse(token);
        remember(token, verified, now);
        return verified;
    }

    private void remember(String token, JsonWebToken verified, long now) {
        long exp = verified.getExpirationTime();
        if (exp <= 0) {
            return;
        }
        long until = Math.min(exp * 1000, now + MAX_AGE_MILLIS);
        if (tokenAgeSeconds != null) {
            long iat = verified.getIssuedAtTime();
            until = iat <= 0 ? now : Math.min(until, (iat + tokenAgeSeconds) * 1000);
        }
        if (until <= now) {
            return;
        }
        if (cache.size() >= MAX_ENTRIES) {
            cache.values().removeIf(e -> e.validUntilMillis() <= now);
            if (cache.size() >= MAX_ENTRIES) {
                return;
            }
        }
        cache.put(token, new Entry(verified, until));
    }

    int size() {
        return cache.size();
    }

    // everything else as the parser does it, uncached (the service itself only calls parse)

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return parser.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return parser.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return parser.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return parser.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return parser.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return parser.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return parser.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return parser.parseOnly(token);
    }
}
