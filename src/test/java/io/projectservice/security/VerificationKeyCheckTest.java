package io.projectservice.security;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The startup check of the verification key, on the configurations an operator can get wrong.
 * That a wrong key stops a real process in prod mode: {@code VerificationKeyStartupIT}.
 */
class VerificationKeyCheckTest {
    private static final String DEV_KEY = "deploy/local/dev-keys/jwt-public.pem";

    private static JWTAuthContextInfo at(String location) {
        JWTAuthContextInfo context = new JWTAuthContextInfo();
        context.setPublicKeyLocation(location);
        return context;
    }

    @Test
    void aReadableKeyPasses() {
        assertNull(VerificationKeyCheck.problem(at(DEV_KEY)));
        assertNull(VerificationKeyCheck.problem(at(Path.of(DEV_KEY).toAbsolutePath().toUri().toString())));
    }

    @Test
    void aJwkSetWithASharedKeyPasses(@TempDir Path tmp) throws Exception {
        Path jwks = Files.writeString(tmp.resolve("hs256.json"), """
                {"keys": [{"kty": "oct", "kid": "k1", "k": "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldC0xMjM0NTY3OA"}]}""");
        JWTAuthContextInfo context = at(jwks.toString());
        context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.HS256));
        assertNull(VerificationKeyCheck.problem(context));
    }

    @Test
    void aMissingFileIsNamedWithItsCause() {
        String problem = VerificationKeyCheck.problem(at("/etc/projects/jwt/nothing-here.pem"));
        assertTrue(problem != null && problem.contains("'/etc/projects/jwt/nothing-here.pem' cannot be loaded"), problem);
        assertTrue(problem.contains("MP_JWT_VERIFY_PUBLICKEY_LOCATION"), problem);
    }

    @Test
    void aFileThatIsNoKeyFails(@TempDir Path tmp) throws Exception {
        Path garbage = Files.writeString(tmp.resolve("public.pem"), "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n");
        String problem = VerificationKeyCheck.problem(at(garbage.toString()));
        assertTrue(problem != null && problem.contains("holds no key the service can use"), problem);
        Path empty = Files.writeString(tmp.resolve("empty.pem"), "");
        problem = VerificationKeyCheck.problem(at(empty.toString()));
        assertTrue(problem != null && problem.contains(empty.toString()), problem);
    }

    @Test
    void anUnreadableFileFails(@TempDir Path tmp) throws Exception {
        Path key = Files.copy(Path.of(DEV_KEY), tmp.resolve("public.pem"));
        assertNull(VerificationKeyCheck.problem(at(key.toString())));
        Files.delete(key);
        Files.createDirectory(key); // a directory where the file should be: nothing to read
        String problem = VerificationKeyCheck.problem(at(key.toString()));
        assertTrue(problem != null && problem.contains("cannot be loaded"), problem);
    }

    @Test
    void noKeyAtAllFails() {
        String problem = VerificationKeyCheck.problem(new JWTAuthContextInfo());
        assertTrue(problem != null && problem.startsWith("No JWT verification key is configured"), problem);
    }
}
