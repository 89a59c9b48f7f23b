package io.projectservice.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import java.lang.reflect.Proxy;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** The cache of verified tokens, on a fake parser and a fake clock (milliseconds). */
class VerifiedTokensTest {
    private static final long T0 = 1_800_000_000_000L;

    /** Verifies by table: token -> {exp, iat} in seconds; a token not in the table is refused. */
    static final class FakeParser implements JWTParser {
        final Map<String, long[]> valid = new HashMap<>();
        int calls;

        @Override
        public JsonWebToken parse(String token) throws ParseException {
            calls++;
            long[] times = valid.get(token);
            if (times == null) {
                throw new ParseException("refused");
            }
            Map<String, Object> claims = Map.of("exp", times[0], "iat", times[1], "upn", token);
            return (JsonWebToken) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {JsonWebToken.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "getClaim" -> claims.get((String) args[0]);
                        case "getClaimNames" -> Set.copyOf(claims.keySet());
                        case "getName" -> token;
                        case "getExpirationTime" -> times[0];
                        case "getIssuedAtTime" -> times[1];
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> null;
                    });
        }

        // @formatter:off
        @Override public JsonWebToken parse(String t, JWTAuthContextInfo c) { throw new UnsupportedOperationException(); }
        @Override public JsonWebToken verify(String t, PublicKey k) { throw new UnsupportedOperationException(); }
        @Override public JsonWebToken verify(String t, SecretKey k) { throw new UnsupportedOperationException(); }
        @Override public JsonWebToken verify(String t, String k) { throw new UnsupportedOperationException(); }
        @Override public JsonWebToken decrypt(String t, PrivateKey k) { throw new UnsupportedOperationException(); }
        @Override public JsonWebToken decrypt(String t, SecretKey k) { throw new UnsupportedOperationException(); }
        @Override public JsonWebToken decrypt(String t, String k) { throw new UnsupportedOperationException(); }
        @Override public JsonWebToken parseOnly(String t) { throw new UnsupportedOperationException(); }
        // @formatter:on
    }

    private final FakeParser parser = new FakeParser();
    private final AtomicLong now = new AtomicLong(T0);

    private VerifiedTokens tokens(Long tokenAge) {
        return new VerifiedTokens(parser, tokenAge, now::get);
    }

    @Test
    void aTokenIsVerifiedOnceWhileItIsValid() throws Exception {
        parser.valid.put("a", new long[] {T0 / 1000 + 600, T0 / 1000});
        VerifiedTokens cache = tokens(null);
        JsonWebToken first = cache.parse("a");
        now.addAndGet(299_000);
        assertSame(first, cache.parse("a"));
        assertEquals(1, parser.calls);
    }

    @Test
    void anExpiredEntryIsNeverAnsweredFromTheCache() throws Exception {
        parser.valid.put("a", new long[] {T0 / 1000 + 60, T0 / 1000});
        VerifiedTokens cache = tokens(null);
        cache.parse("a");
        now.set(T0 + 60_000); // exp reached: the parser decides again (and here refuses)
        parser.valid.remove("a");
        assertThrows(ParseException.class, () -> cache.parse("a"));
        assertEquals(2, parser.calls);
        assertThrows(ParseException.class, () -> cache.parse("a"));
        assertEquals(3, parser.calls);
    }

    @Test
    void refusalsAreNotCached() {
        VerifiedTokens cache = tokens(null);
        assertThrows(ParseException.class, () -> cache.parse("forged"));
        assertThrows(ParseException.class, () -> cache.parse("forged"));
        assertEquals(2, parser.calls);
        assertEquals(0, cache.size());
    }

    @Test
    void entriesLiveAtMostFiveMinutesAndNoLongerThanTheTokenAge() throws Exception {
        parser.valid.put("long", new long[] {T0 / 1000 + 86_400, T0 / 1000});
        VerifiedTokens cache = tokens(null);
        cache.parse("long");
        now.set(T0 + VerifiedTokens.MAX_AGE_MILLIS);
        cache.parse("long");
        assertEquals(2, parser.calls);

        parser.calls = 0;
        now.set(T0);
        VerifiedTokens aged = tokens(30L); // mp.jwt.verify.token.age=30
        aged.parse("long");
        now.set(T0 + 29_000);
        aged.parse("long");
        now.set(T0 + 30_000);
        aged.parse("long");
        assertEquals(2, parser.calls);
    }

    @Test
    void theCacheIsBounded() throws Exception {
        VerifiedTokens cache = tokens(null);
        for (int i = 0; i < VerifiedTokens.MAX_ENTRIES + 100; i++) {
            parser.valid.put("t" + i, new long[] {T0 / 1000 + 600, T0 / 1000});
            cache.parse("t" + i);
        }
        assertEquals(VerifiedTokens.MAX_ENTRIES, cache.size());
        now.set(T0 + 600_000); // all expired: the next verified token makes room
        parser.valid.put("fresh", new long[] {T0 / 1000 + 1200, T0 / 1000});
        cache.parse("fresh");
        assertTrue(cache.size() == 1, "expired entries were dropped, the fresh one kept");
    }
}
