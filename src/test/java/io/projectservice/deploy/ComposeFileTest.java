package io.projectservice.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.util.KeyUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/docker-compose.yml runs the prod profile, so it must never trust the committed dev key: the
 * API trusts the key pair its jwt-keys container generates. Docker is not needed: the file is read as
 * YAML (anchors and merge keys resolved, as compose does), and the generator script runs here on
 * temporary directories, its tokens checked with the verifier the service uses.
 */
class ComposeFileTest {
    private static final Path COMPOSE = Path.of("deploy", "docker-compose.yml");
    private static final Path KEYS_SCRIPT = Path.of("deploy", "compose", "jwt-keys.sh");
    private static final String GENERATOR = "jwt-keys";

    @Test
    void theComposeStackNeverTrustsTheDevKey() throws IOException {
        assertEquals(List.of(), devKeyProblems(compose()));
    }

    @Test
    void theApiTrustsTheGeneratedPublicKeyOnly() throws IOException {
        assertEquals(List.of(), keyWiringProblems(compose()));
    }

    /** The checks above fail on the compose file as it was (the dev key mounted into a prod profile). */
    @Test
    void theChecksRejectTheDevKeyWiring() throws IOException {
        Map<String, Object> broken = compose();
        Map<String, Object> api = service(broken, "api");
        volumes(api).add("./local/dev-keys/jwt-public.pem:/etc/projects/jwt/jwt-public.pem:ro");
        assertFalse(devKeyProblems(broken).isEmpty());

        broken = compose();
        api = service(broken, "api");
        volumes(api).clear();
        assertTrue(keyWiringProblems(broken).stream().anyMatch(p -> p.contains("not a volume")), keyWiringProblems(broken).toString());

        broken = compose();
        volumes(service(broken, "api")).add("jwt-private:/keys/private:ro");
        assertTrue(keyWiringProblems(broken).stream().anyMatch(p -> p.contains("private")), keyWiringProblems(broken).toString());

        broken = compose();
        depends(service(broken, "api")).remove(GENERATOR);
        assertTrue(keyWiringProblems(broken).stream().anyMatch(p -> p.contains("depend")), keyWiringProblems(broken).toString());

        broken = compose();
        env(service(broken, "api")).put("QUARKUS_PROFILE", "dev");
        assertTrue(devKeyProblems(broken).stream().anyMatch(p -> p.contains("profile")), devKeyProblems(broken).toString());
    }

    @Test
    void theGeneratorMakesAPairOnceAndItsTokensVerifyForTheApi(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(runs("openssl", "version"), "openssl is not installed");
        Map<String, Object> compose = compose();
        Map<String, String> generatorEnv = env(service(compose, GENERATOR));
        Map<String, String> apiEnv = env(service(compose, "api"));
        Path privateDir = Files.createDirectories(tmp.resolve("private"));
        Path publicDir = Files.createDirectories(tmp.resolve("public"));
        Map<String, String> env = Map.of("PRIVATE_DIR", privateDir.toString(), "PUBLIC_DIR", publicDir.toString(),
                "TOKEN_SH", Path.of("deploy/local/token.sh").toAbsolutePath().toString(),
                "JWT_ISSUER", generatorEnv.get("JWT_ISSUER"), "JWT_AUDIENCE", generatorEnv.get("JWT_AUDIENCE"));

        script(env, "generate");
        Path publicKey = publicDir.resolve(Path.of(apiEnv.get("MP_JWT_VERIFY_PUBLICKEY_LOCATION")).getFileName());
        byte[] first = Files.readAllBytes(publicKey);
        assertFalse(Arrays.equals(first, Files.readAllBytes(Path.of("deploy/local/dev-keys/jwt-public.pem"))),
                "a new pair, not the dev key");
        script(env, "generate");
        assertArrayEquals(first, Files.readAllBytes(publicKey), "a restart keeps the pair");
        assertFalse(Files.list(publicDir).anyMatch(p -> p.toString().contains("private")));

        // a token from the generator passes the checks the API is configured with ...
        String token = script(env, "token", "--user", "alice", "--org", "acme").trim();
        JWTAuthContextInfo api = new JWTAuthContextInfo(KeyUtils.decodePublicKey(Files.readString(publicKey)),
                apiEnv.get("MP_JWT_VERIFY_ISSUER"));
        api.setExpectedAudience(Set.of(apiEnv.get("MP_JWT_VERIFY_AUDIENCES").split(",")));
        JsonWebToken jwt = new DefaultJWTParser(api).parse(token);
        assertEquals("alice", jwt.getName());
        // ... and one signed with the dev key does not
        String devToken = run(Map.of(), "bash", "deploy/local/token.sh", "--user", "alice", "--org", "acme",
                "--issuer", apiEnv.get("MP_JWT_VERIFY_ISSUER"), "--audience", apiEnv.get("MP_JWT_VERIFY_AUDIENCES")).trim();
        assertNotEquals(token, devToken);
        try {
            new DefaultJWTParser(api).parse(devToken);
            throw new AssertionError("a token signed with the dev key was accepted");
        } catch (ParseException expected) {
            // the signature does not verify
        }
    }

    // ---- the checks ------------------------------------------------------------------------------

    /** No service mounts or names the dev keys, and nothing switches the service to a dev/test profile. */
    static List<String> devKeyProblems(Map<String, Object> compose) {
        List<String> problems = new ArrayList<>();
        services(compose).forEach((name, s) -> {
            if (String.valueOf(s).contains("dev-keys")) {
                problems.add(name + ": refers to deploy/local/dev-keys");
            }
            String profile = env(s).getOrDefault("QUARKUS_PROFILE", "prod");
            if (!profile.equals("prod")) {
                problems.add(name + ": runs profile " + profile + ", not prod");
            }
        });
        return problems;
    }

    /**
     * Every service with the api role reads its key from the public-key volume that the generator
     * writes, starts after the generator finished, and does not mount the private key's volume.
     */
    static List<String> keyWiringProblems(Map<String, Object> compose) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> generator = service(compose, GENERATOR);
        if (generator == null) {
            return List.of("no " + GENERATOR + " service");
        }
        Map<String, String> generated = new java.util.HashMap<>(); // volume -> mount point in the generator
        volumes(generator).forEach(v -> {
            String[] parts = v.split(":");
            if (!parts[0].startsWith(".") && !parts[0].startsWith("/")) {
                generated.put(parts[0], parts[1]);
            }
        });
        services(compose).forEach((name, s) -> {
            String roles = env(s).getOrDefault("PROJECTS_ROLES", "api,relay,projector,analysis-worker");
            if (!s.containsKey("build") || !List.of(roles.split(",")).contains("api")) {
                return; // not the service's image, or no API in it
            }
            String location = env(s).get("MP_JWT_VERIFY_PUBLICKEY_LOCATION");
            if (location == null) {
                problems.add(name + ": no MP_JWT_VERIFY_PUBLICKEY_LOCATION");
                return;
            }
            String source = null;
            for (String v : volumes(s)) {
                String[] parts = v.split(":");
                if (location.startsWith(parts[1] + "/")) {
                    source = parts[0];
                }
                if (generated.containsKey(parts[0]) && generated.get(parts[0]).contains("private")) {
                    problems.add(name + ": mounts the private key's volume " + parts[0]);
                }
            }
            if (source == null || !generated.containsKey(source)) {
                problems.add(name + ": " + location + " is not a volume that " + GENERATOR + " writes (" + source + ")");
            } else if (generated.get(source).contains("private")) {
                problems.add(name + ": reads its key from the private key's volume");
            }
            Object condition = depends(s).get(GENERATOR) instanceof Map<?, ?> m ? m.get("condition") : null;
            if (!"service_completed_successfully".equals(condition)) {
                problems.add(name + ": does not depend on " + GENERATOR + " having completed (" + condition + ")");
            }
        });
        return problems;
    }

    // ---- YAML and processes ----------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static Map<String, Object> compose() throws IOException {
        return new Yaml().load(Files.readString(COMPOSE));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services(Map<String, Object> compose) {
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    private static Map<String, Object> service(Map<String, Object> compose, String name) {
        return services(compose).get(name);
    }

    @SuppressWarnings("unchecked")
    private static List<String> volumes(Map<String, Object> service) {
        return (List<String>) service.computeIfAbsent("volumes", k -> new ArrayList<String>());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> depends(Map<String, Object> service) {
        Object d = service.get("depends_on");
        return d instanceof Map<?, ?> ? (Map<String, Object>) d : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> env(Map<String, Object> service) {
        Object e = service.get("environment");
        return e == null ? new java.util.HashMap<>() : (Map<String, String>) e;
    }

    private static String script(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", KEYS_SCRIPT.toString()));
        command.addAll(List.of(args));
        return run(env, command.toArray(String[]::new));
    }

    private static String run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + err);
        return new String(out, StandardCharsets.UTF_8);
    }

    private static boolean runs(String... command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
