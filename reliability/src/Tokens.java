import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bearer tokens. Good ones come from deploy/local/token.sh, as a user of the local stack gets
 * them; the bad ones (expired, not yet valid, another key, alg none, HS256 with the public key,
 * another issuer, a changed payload) are signed here with the JDK's RSA and HMAC.
 */
final class Tokens {
    static final String ISSUER = "projects-service-dev";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final Path root;
    private final PrivateKey devKey;
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    Tokens(Path root) {
        this.root = root;
        this.devKey = readKey(root.resolve("deploy/local/dev-keys/jwt-private.pem"));
    }

    /** A valid token from deploy/local/token.sh (cached per user and organization). */
    String of(String user, String org) {
        return cache.computeIfAbsent(user + "@" + org, k -> tokenSh(user, org));
    }

    private String tokenSh(String user, String org) {
        try {
            Process p = new ProcessBuilder(root.resolve("deploy/local/token.sh").toString(), "--user", user, "--org",
                    org, "--ttl", "120").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("token.sh failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String claims(String issuer, String user, String org, long iat, long exp) {
        return "{\"iss\":\"" + issuer + "\",\"sub\":\"" + user + "\",\"upn\":\"" + user
                + "\",\"preferred_username\":\"" + user + "\"" + (org == null ? "" : ",\"organization\":\"" + org + "\"")
                + ",\"groups\":[\"user\"],\"iat\":" + iat + ",\"exp\":" + exp + ",\"jti\":\"" + UUID.randomUUID()
                + "\"}";
    }

    /** RS256 with the dev key over any claims. */
    String rs256(String claims) {
        return sign("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", claims, devKey);
    }

    String expired(String user, String org) {
        long now = Instant.now().getEpochSecond();
        return rs256(claims(ISSUER, user, org, now - 7200, now - 3600));
    }

    String notYetValid(String user, String org) {
        long now = Instant.now().getEpochSecond();
        String c = claims(ISSUER, user, org, now + 3600, now + 7200);
        return rs256(c.substring(0, c.length() - 1) + ",\"nbf\":" + (now + 3600) + "}");
    }

    String otherIssuer(String user, String org) {
        long now = Instant.now().getEpochSecond();
        return rs256(claims("someone-else", user, org, now, now + 600));
    }

    String withoutOrganization(String user) {
        long now = Instant.now().getEpochSecond();
        return rs256(claims(ISSUER, user, null, now, now + 600));
    }

    String wrongKey(String user, String org) {
        try {
            var g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            long now = Instant.now().getEpochSecond();
            return sign("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", claims(ISSUER, user, org, now, now + 600),
                    g.generateKeyPair().getPrivate());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code alg: none}, no signature; with {@code withSignature}, a good token's signature is kept. */
    String algNone(String user, String org, boolean withSignature) {
        long now = Instant.now().getEpochSecond();
        String signingInput = enc("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + enc(claims(ISSUER, user, org, now,
                now + 600));
        return signingInput + "." + (withSignature ? of(user, org).substring(of(user, org).lastIndexOf('.') + 1) : "");
    }

    /** The key-confusion attack: HS256 whose secret is the server's public key. */
    String hs256WithPublicKey(String user, String org) {
        try {
            long now = Instant.now().getEpochSecond();
            String input = enc("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + enc(claims(ISSUER, user, org, now,
                    now + 600));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Files.readAllBytes(root.resolve("deploy/local/dev-keys/jwt-public.pem")),
                    "HmacSHA256"));
            return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A good token of one user whose payload was swapped for another user's: the signature no longer fits. */
    String tampered(String user, String org, String asUser) {
        String good = of(user, org);
        String[] parts = good.split("\\.");
        long now = Instant.now().getEpochSecond();
        return parts[0] + "." + enc(claims(ISSUER, asUser, org, now, now + 600)) + "." + parts[2];
    }

    private static String sign(String header, String claims, PrivateKey key) {
        try {
            String input = enc(header) + "." + enc(claims);
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64.encodeToString(s.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return B64.encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static PrivateKey readKey(Path pem) {
        try {
            String b64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder()
                    .decode(b64)));
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + pem + ": " + e.getMessage(), e);
        }
    }
}
