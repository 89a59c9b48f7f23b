package io.projectservice.support;

import io.smallrye.jwt.build.Jwt;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

/** Bearer tokens for tests, signed with the dev key the test profile trusts (and some that it must not). */
public final class Tokens {
    private Tokens() {
    }

    public static String of(String user, String org) {
        return Jwt.upn(user).claim("organization", org).groups(Set.of("user")).sign();
    }

    public static String bearer(String user, String org) {
        return "Bearer " + of(user, org);
    }

    /** A token with exactly these claims (besides the issuer and times), signed with the dev key. */
    public static String withClaims(java.util.Map<String, Object> claims) {
        return Jwt.claims(claims).sign();
    }

    public static String expired(String user, String org) {
        return Jwt.upn(user).claim("organization", org).issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600)).sign();
    }

    public static String signedByAnotherKey(String user, String org) {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return Jwt.upn(user).claim("organization", org).sign(generator.generateKeyPair().getPrivate());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned token ({@code alg: none}) with otherwise valid claims. */
    public static String unsigned(String user, String org) {
        var enc = Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        String header = enc.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = enc.encodeToString(("{\"iss\":\"projects-service-dev\",\"upn\":\"" + user
                + "\",\"organization\":\"" + org + "\",\"iat\":" + now + ",\"exp\":" + (now + 600) + "}")
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + ".";
    }
}
