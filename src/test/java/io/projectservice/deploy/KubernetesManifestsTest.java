package io.projectservice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.config.ServiceConfig;
import io.projectservice.pipeline.KafkaSettings;
import io.projectservice.support.RequiredTools;
import io.smallrye.config.WithDefault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders k8s/base and the overlays with {@link Kustomize} and validates every object with
 * {@link ManifestValidator} (Kubernetes, KEDA and CloudNativePG JSON Schemas from k8s/schemas,
 * Strimzi's model classes), all offline. Then checks what the schemas cannot know: the wiring
 * between the objects and the service's configuration. And shows that typos fail.
 */
class KubernetesManifestsTest {
    private static final Path K8S = Path.of("k8s");
    private static final ManifestValidator VALIDATOR = new ManifestValidator();
    private static final Set<String> BASE = Set.of(
            "/ServiceAccount/projects-service", "/ConfigMap/projects-config", "apps/Deployment/projects-api",
            "/Service/projects-api", "autoscaling/HorizontalPodAutoscaler/projects-api",
            "policy/PodDisruptionBudget/projects-api", "apps/Deployment/projects-worker",
            "apps/Deployment/projects-pipeline", "policy/PodDisruptionBudget/projects-pipeline",
            "networking.k8s.io/NetworkPolicy/projects-pipeline",
            "keda.sh/ScaledObject/projects-worker", "policy/PodDisruptionBudget/projects-worker",
            "networking.k8s.io/NetworkPolicy/projects-api", "networking.k8s.io/NetworkPolicy/projects-worker",
            "kafka.strimzi.io/Kafka/projects-kafka", "kafka.strimzi.io/KafkaNodePool/dual-role",
            "kafka.strimzi.io/KafkaTopic/projects-events-v1", "kafka.strimzi.io/KafkaTopic/projects-analysis-v1",
            "kafka.strimzi.io/KafkaUser/projects-pipeline", "kafka.strimzi.io/KafkaUser/projects-worker",
            "kafka.strimzi.io/KafkaUser/projects-keda", "kafka.strimzi.io/KafkaUser/projects-subscriber",
            "keda.sh/TriggerAuthentication/projects-worker-kafka", "kafka.strimzi.io/KafkaTopic/projects-events-dlq-v1",
            "postgresql.cnpg.io/Cluster/projects-db",
            "/Service/projects-metrics", "monitoring.coreos.com/ServiceMonitor/projects-service",
            "monitoring.coreos.com/PrometheusRule/projects-service", "/ConfigMap/projects-grafana-dashboard");
    /** What each rendered directory holds: the base, plus each production overlay's way in. */
    static final Map<String, Set<String>> EXPECTED = Map.of(
            "base", BASE, "overlays/dev", BASE, "overlays/prod-common", BASE,
            "overlays/prod", plus(BASE, "networking.k8s.io/Ingress/projects-api"),
            "overlays/prod-gateway", plus(BASE, "gateway.networking.k8s.io/Gateway/projects",
                    "gateway.networking.k8s.io/HTTPRoute/projects-api",
                    "gateway.networking.k8s.io/HTTPRoute/projects-api-https-redirect"),
            "jobs/rebuild-read-model", Set.of("batch/Job/projects-rebuild-read-model"));

    @ParameterizedTest
    @ValueSource(strings = { "base", "overlays/dev", "overlays/prod-common", "overlays/prod", "overlays/prod-gateway",
            "jobs/rebuild-read-model" })
    void everyRenderedObjectMatchesItsSchema(String dir) {
        List<ObjectNode> objects = Kustomize.build(K8S.resolve(dir));
        assertEquals(EXPECTED.get(dir), objects.stream().map(o -> withoutNamespace(Kustomize.id(o))).collect(Collectors.toSet()));
        List<String> problems = new ArrayList<>();
        objects.forEach(o -> problems.addAll(VALIDATOR.validate(o)));
        assertEquals(List.of(), problems, dir + " has invalid objects");
    }

    @ParameterizedTest
    @ValueSource(strings = { "overlays/dev", "overlays/prod", "overlays/prod-gateway" })
    void theObjectsAreWiredToEachOtherAndToTheService(String dir) throws Exception {
        Map<String, ObjectNode> objects = byId(Kustomize.build(K8S.resolve(dir)));
        String ns = objects.get("/ConfigMap/projects-config").at("/metadata/namespace").asText();
        assertFalse(ns.isEmpty());
        objects.values().forEach(o -> assertEquals(ns, o.at("/metadata/namespace").asText(), Kustomize.id(o)));
        assertTrue(objects.values().stream().noneMatch(o -> o.path("kind").asText().equals("Secret")),
                "Secrets are referenced by name, never shipped with values");

        JsonNode config = objects.get("/ConfigMap/projects-config").get("data");
        assertEquals("false", config.path("PROJECTS_KAFKA_CREATE_TOPICS").asText());
        assertEquals("projects-kafka-kafka-bootstrap:9093", config.path("KAFKA_BOOTSTRAP_SERVERS").asText());

        // topics: the names the service uses, partitions as the comments say
        String eventsTopic = defaultOf(ServiceConfig.Kafka.class, "eventsTopic");
        String analysisTopic = defaultOf(ServiceConfig.Kafka.class, "analysisTopic");
        JsonNode events = objects.get("kafka.strimzi.io/KafkaTopic/projects-events-v1").get("spec");
        JsonNode analysis = objects.get("kafka.strimzi.io/KafkaTopic/projects-analysis-v1").get("spec");
        JsonNode deadLetters = objects.get("kafka.strimzi.io/KafkaTopic/projects-events-dlq-v1").get("spec");
        assertEquals(eventsTopic, events.path("topicName").asText());
        assertEquals(analysisTopic, analysis.path("topicName").asText());
        assertEquals(defaultOf(ServiceConfig.Kafka.class, "deadLetterTopic"), deadLetters.path("topicName").asText());
        // the event topic and its dead letters take every record the relay may send
        for (JsonNode topic : List.of(events, deadLetters)) {
            assertTrue(topic.at("/config/max.message.bytes").asInt() >= KafkaSettings.MAX_RECORD_BYTES,
                    topic.path("topicName").asText() + " refuses records the relay sends");
        }
        assertEquals(-1, events.at("/config/retention.ms").asLong());
        assertEquals("delete", events.at("/config/cleanup.policy").asText());
        int brokers = objects.get("kafka.strimzi.io/KafkaNodePool/dual-role").at("/spec/replicas").asInt();
        for (JsonNode topic : List.of(events, analysis, deadLetters)) {
            assertTrue(topic.path("replicas").asInt() <= brokers, "more replicas than brokers");
            assertTrue(topic.at("/config/min.insync.replicas").asInt() < topic.path("replicas").asInt()
                    || topic.path("replicas").asInt() == 1, "min.insync.replicas must leave room for a lost broker");
        }

        // KEDA scales the workers on the analysis topic's lag, within its partitions
        JsonNode scaled = objects.get("keda.sh/ScaledObject/projects-worker").get("spec");
        JsonNode trigger = scaled.at("/triggers/0");
        assertEquals("kafka", trigger.path("type").asText());
        assertEquals(analysisTopic, trigger.at("/metadata/topic").asText());
        assertEquals("projects-kafka-kafka-bootstrap." + ns + ".svc:9093", trigger.at("/metadata/bootstrapServers").asText());
        assertTrue(scaled.path("maxReplicaCount").asInt() <= analysis.path("partitions").asInt());
        assertEquals("projects-worker", scaled.at("/scaleTargetRef/name").asText());

        // the three Deployments: roles (each role in exactly one, none left out; the API's without
        // Kafka, so that its readiness ignores Kafka), image, probes, limits, the CNPG cluster's secret
        String dbSecret = objects.get("postgresql.cnpg.io/Cluster/projects-db").at("/metadata/name").asText() + "-app";
        Map<String, String> roles = Map.of("projects-api", "api", "projects-worker", "analysis-worker",
                "projects-pipeline", "relay,projector");
        List<String> every = roles.values().stream().flatMap(r -> List.of(r.split(",")).stream()).sorted().toList();
        assertEquals(List.of("analysis-worker", "api", "projector", "relay"), every);
        roles.forEach((name, role) -> {
            ObjectNode d = objects.get("apps/Deployment/" + name);
            assertNotNull(d, name);
            if (name.equals("projects-pipeline")) {
                assertTrue(d.at("/spec/replicas").asInt() >= 1, name + ": a relay must always run");
            } else {
                assertFalse(d.path("spec").has("replicas"), name + ": the autoscaler owns the replica count");
            }
            JsonNode pod = d.at("/spec/template/spec");
            assertTrue(d.at("/spec/template/metadata/labels").toString()
                    .contains(d.at("/spec/selector/matchLabels/app.kubernetes.io~1component").asText()));
            JsonNode c = pod.at("/containers/0");
            Map<String, JsonNode> env = new TreeMap<>();
            c.path("env").forEach(e -> env.put(e.path("name").asText(), e));
            assertEquals(role, env.get("PROJECTS_ROLES").path("value").asText(), name);
            assertEquals("postgresql://$(DB_HOST):$(DB_PORT)/$(DB_NAME)", env.get("DB_URL").path("value").asText());
            for (String var : List.of("DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASSWORD")) {
                assertEquals(dbSecret, env.get(var).at("/valueFrom/secretKeyRef/name").asText(), name + " " + var);
            }
            assertTrue(c.path("image").asText().startsWith("registry.example.com/projects/projects-service:"));
            assertEquals("/q/health/live", c.at("/livenessProbe/httpGet/path").asText());
            assertEquals("/q/health/ready", c.at("/readinessProbe/httpGet/path").asText());
            for (String r : List.of("/requests/cpu", "/requests/memory", "/limits/cpu", "/limits/memory")) {
                assertFalse(c.at("/resources" + r).isMissingNode(), name + " resources" + r);
            }
            assertEquals(185, pod.at("/securityContext/runAsUser").asInt());
            assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean());
            assertEquals("projects-service", pod.path("serviceAccountName").asText());
            assertEquals("projects-config", c.at("/envFrom/0/configMapRef/name").asText());

            // the JVM's heap (MaxRAMPercentage of the limit) leaves room for what is not heap
            String javaOpts = env.containsKey("JAVA_OPTS") ? env.get("JAVA_OPTS").path("value").asText()
                    : config.path("JAVA_OPTS").asText();
            var percentage = java.util.regex.Pattern.compile("-XX:MaxRAMPercentage=(\\d+)").matcher(javaOpts);
            assertTrue(percentage.find(), name + ": JAVA_OPTS sets MaxRAMPercentage: " + javaOpts);
            long limit = bytes(c.at("/resources/limits/memory").asText());
            long heap = limit * Integer.parseInt(percentage.group(1)) / 100;
            assertTrue(limit - heap >= 256L << 20, name + ": " + (limit - heap >> 20) + " MiB left besides the heap");
            if (name.equals("projects-api")) {
                assertTrue(heap <= 320L << 20, name + ": heap of " + (heap >> 20) + " MiB, the API needs under 200");
            }
        });
        JsonNode hpa = objects.get("autoscaling/HorizontalPodAutoscaler/projects-api").get("spec");
        assertEquals("projects-api", hpa.at("/scaleTargetRef/name").asText());
        assertEquals("cpu", hpa.at("/metrics/0/resource/name").asText());
        assertTrue(hpa.path("minReplicas").asInt() <= hpa.path("maxReplicas").asInt());
        // the API's JWT key file is the one the ConfigMap names
        JsonNode api = objects.get("apps/Deployment/projects-api").at("/spec/template/spec");
        assertEquals("/etc/projects/jwt/public.pem", config.path("MP_JWT_VERIFY_PUBLICKEY_LOCATION").asText());
        assertEquals("/etc/projects/jwt", api.at("/containers/0/volumeMounts/0/mountPath").asText());
        assertEquals("public.pem", api.at("/volumes/0/secret/items/0/path").asText());
    }

    // ---- security, durability, capacity: WiringChecks on the rendered overlays --------------------

    @ParameterizedTest
    @ValueSource(strings = { "overlays/dev", "overlays/prod", "overlays/prod-gateway" })
    void kafkaIsReachedOverTlsAsEachDeploymentsOwnUserWithLeastPrivilege(String dir) throws Exception {
        Map<String, ObjectNode> objects = byId(Kustomize.build(K8S.resolve(dir)));
        assertEquals(List.of(), WiringChecks.kafkaAccessProblems(objects));
        assertEquals(List.of(), WiringChecks.aclProblems(objects));
    }

    @ParameterizedTest
    @ValueSource(strings = { "overlays/dev", "overlays/prod", "overlays/prod-gateway" })
    void everyPodConnectionFitsInPostgresAtTheLargestScale(String dir) {
        Map<String, ObjectNode> objects = byId(Kustomize.build(K8S.resolve(dir)));
        List<WiringChecks.Share> shares = new ArrayList<>();
        assertEquals(List.of(), WiringChecks.budgetProblems(objects, shares));
        assertEquals(Set.of("projects-api", "projects-pipeline", "projects-worker"),
                shares.stream().map(WiringChecks.Share::deployment).collect(Collectors.toSet()));
        if (dir.contains("prod")) {
            // the arithmetic of k8s/README.md, "Connection budget"
            assertEquals(List.of(new WiringChecks.Share("projects-api", 13, 10, 143),
                    new WiringChecks.Share("projects-pipeline", 3, 6, 21),
                    new WiringChecks.Share("projects-worker", 15, 3, 60)), shares);
        }
    }

    @Test
    void productionPostgresAcknowledgesOnlyWhatAReplicaHolds() {
        assertEquals(List.of(), WiringChecks.replicationProblems(byId(Kustomize.build(K8S.resolve("overlays/prod"))), 3));
        assertEquals(List.of(), WiringChecks.replicationProblems(byId(Kustomize.build(K8S.resolve("overlays/dev"))), 1));
    }

    @ParameterizedTest
    @ValueSource(strings = { "overlays/dev", "overlays/prod", "overlays/prod-gateway" })
    void prometheusReachesEveryPodsMetricsAndStrangersDoNot(String dir) {
        assertEquals(List.of(), WiringChecks.prometheusProblems(byId(Kustomize.build(K8S.resolve(dir)))));
    }

    @Test
    void productionTokensMustNameThisService() {
        assertEquals(List.of(), WiringChecks.audienceProblems(byId(Kustomize.build(K8S.resolve("overlays/prod")))));
    }

    /** Each wiring check, on a copy of the prod overlay broken the way an edit could break it. */
    @Test
    void eachWiringCheckFailsOnABrokenCopy() throws Exception {
        // Kafka: a plain-text listener, no ACLs, a Deployment on a user that does not exist, the API with credentials
        assertFails(WiringChecks::kafkaAccessProblems, "is not TLS",
                o -> ((ObjectNode) o.get("kafka.strimzi.io/Kafka/projects-kafka").at("/spec/kafka/listeners/0")).put("tls", false));
        assertFails(WiringChecks::kafkaAccessProblems, "does not authenticate",
                o -> ((ObjectNode) o.get("kafka.strimzi.io/Kafka/projects-kafka").at("/spec/kafka/listeners/0")).remove("authentication"));
        assertFails(WiringChecks::kafkaAccessProblems, "no ACL authorization",
                o -> ((ObjectNode) o.get("kafka.strimzi.io/Kafka/projects-kafka").at("/spec/kafka")).remove("authorization"));
        assertFails(WiringChecks::kafkaAccessProblems, "not the Secret of a KafkaUser",
                o -> secretVolume(o, "projects-pipeline", "kafka-user").put("secretName", "projects-pipline"));
        assertFails(WiringChecks::kafkaAccessProblems, "not SSL",
                o -> env(o, "projects-worker", "KAFKA_SECURITY_PROTOCOL").put("value", "PLAINTEXT"));
        assertFails(WiringChecks::kafkaAccessProblems, "holds Kafka credentials",
                o -> envList(o, "projects-api").add(env(o, "projects-pipeline", "KAFKA_SSL_KEYSTORE_PASSWORD").deepCopy()));
        assertFails(WiringChecks::kafkaAccessProblems, "no listener port",
                o -> ((ObjectNode) o.get("/ConfigMap/projects-config").get("data"))
                        .put("KAFKA_BOOTSTRAP_SERVERS", "projects-kafka-kafka-bootstrap:9092"));
        assertFails(WiringChecks::kafkaAccessProblems, "KEDA's certificate",
                o -> ((ObjectNode) o.get("keda.sh/TriggerAuthentication/projects-worker-kafka").at("/spec/secretTargetRef/1"))
                        .put("name", "projects-kedaa"));
        // ACLs: a second writer of the event topic, a subscriber in the projector's group, KEDA reading records
        assertFails(WiringChecks::aclProblems, "topic projects.events.v1: Write is held by [projects-pipeline, projects-worker]",
                o -> acls(o, "projects-worker").add((JsonNode) Kustomize.YAML.valueToTree(Map.of("resource",
                        Map.of("type", "topic", "name", "projects.events.v1", "patternType", "literal"),
                        "operations", List.of("Write")))));
        assertFails(WiringChecks::aclProblems, "group projects-list-projector: joined by [projects-pipeline, projects-subscriber]",
                o -> ((ObjectNode) acls(o, "projects-subscriber").get(1).get("resource")).put("name", "projects-"));
        assertFails(WiringChecks::aclProblems, "KEDA's user projects-keda may read",
                o -> ((ArrayNode) acls(o, "projects-keda").get(0).get("operations")).add("Read"));
        assertFails(WiringChecks::aclProblems, "the workers' group",
                o -> ((ObjectNode) acls(o, "projects-worker").get(1).get("resource")).put("name", "projects-analysis-workers"));
        // PostgreSQL: asynchronous, durability traded away, too many connections
        assertFails(objects -> WiringChecks.replicationProblems(objects, 3), "asynchronously",
                o -> ((ObjectNode) o.get("postgresql.cnpg.io/Cluster/projects-db").at("/spec/postgresql")).remove("synchronous"));
        assertFails(objects -> WiringChecks.replicationProblems(objects, 3), "dataDurability",
                o -> ((ObjectNode) o.get("postgresql.cnpg.io/Cluster/projects-db").at("/spec/postgresql/synchronous"))
                        .put("dataDurability", "preferred"));
        assertFails(objects -> WiringChecks.replicationProblems(objects, 3), "synchronous.number 3",
                o -> ((ObjectNode) o.get("postgresql.cnpg.io/Cluster/projects-db").at("/spec/postgresql/synchronous"))
                        .put("number", 3));
        assertFails(objects -> WiringChecks.budgetProblems(objects, new ArrayList<>()), "connection budget",
                o -> ((ObjectNode) o.get("autoscaling/HorizontalPodAutoscaler/projects-api").get("spec")).put("maxReplicas", 14));
        assertFails(objects -> WiringChecks.budgetProblems(objects, new ArrayList<>()), "connection budget",
                o -> env(o, "projects-worker", "DB_POOL_SIZE").put("value", "16"));
        // Prometheus shut out, the pipeline opened to every namespace
        assertFails(WiringChecks::prometheusProblems, "projects-pipeline: Prometheus cannot reach",
                o -> ((ArrayNode) o.get("networking.k8s.io/NetworkPolicy/projects-pipeline").at("/spec/ingress")).remove(1));
        assertFails(WiringChecks::prometheusProblems, "projects-worker: pods of any namespace",
                o -> ((ObjectNode) o.get("networking.k8s.io/NetworkPolicy/projects-worker").at("/spec/ingress/0/from/0"))
                        .putObject("namespaceSelector"));
        // tokens for any audience
        assertFails(WiringChecks::audienceProblems, "MP_JWT_VERIFY_AUDIENCES",
                o -> ((ObjectNode) o.get("/ConfigMap/projects-config").get("data")).remove("MP_JWT_VERIFY_AUDIENCES"));
    }

    private interface Check {
        List<String> problems(Map<String, ObjectNode> objects) throws Exception;
    }

    private static void assertFails(Check check, String expected, Consumer<Map<String, ObjectNode>> breakIt)
            throws Exception {
        Map<String, ObjectNode> objects = byId(Kustomize.build(K8S.resolve("overlays/prod")));
        assertEquals(List.of(), check.problems(objects), "must pass before it is broken");
        breakIt.accept(objects);
        List<String> problems = check.problems(objects);
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), "expected '" + expected + "' in " + problems);
    }

    private static ArrayNode envList(Map<String, ObjectNode> objects, String deployment) {
        return (ArrayNode) objects.get("apps/Deployment/" + deployment).at("/spec/template/spec/containers/0/env");
    }

    private static ObjectNode env(Map<String, ObjectNode> objects, String deployment, String name) {
        for (JsonNode e : envList(objects, deployment)) {
            if (e.path("name").asText().equals(name)) {
                return (ObjectNode) e;
            }
        }
        throw new AssertionError(deployment + " has no " + name);
    }

    private static ObjectNode secretVolume(Map<String, ObjectNode> objects, String deployment, String volume) {
        for (JsonNode v : objects.get("apps/Deployment/" + deployment).at("/spec/template/spec/volumes")) {
            if (v.path("name").asText().equals(volume)) {
                return (ObjectNode) v.get("secret");
            }
        }
        throw new AssertionError(deployment + " has no volume " + volume);
    }

    private static ArrayNode acls(Map<String, ObjectNode> objects, String user) {
        return (ArrayNode) objects.get("kafka.strimzi.io/KafkaUser/" + user).at("/spec/authorization/acls");
    }

    /**
     * The renderer must agree with the real kustomize (kubectl's), object for object. kubectl is
     * on this project's machine image, not in Debian's packages (whose kubectl is too old for these
     * manifests): required in CI, skipped elsewhere without it. A kustomize that fails is a failure.
     */
    @ParameterizedTest
    @ValueSource(strings = { "base", "overlays/dev", "overlays/prod", "overlays/prod-gateway", "jobs/rebuild-read-model" })
    void theRendererAgreesWithKubectlKustomize(String dir, @TempDir Path tmp) throws Exception {
        RequiredTools.require(onPath("kubectl"), "kubectl (for its built-in kustomize)");
        Path out = tmp.resolve("rendered.yaml");
        Path err = tmp.resolve("errors.txt");
        Process p = new ProcessBuilder("kubectl", "kustomize", K8S.resolve(dir).toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("kubectl kustomize " + dir + " did not finish within 60 s");
        }
        assertEquals(0, p.exitValue(), "kubectl kustomize " + dir + " failed: " + Files.readString(err));
        assertEquals(byId(Kustomize.readAll(out)), byId(Kustomize.build(K8S.resolve(dir))));
    }

    // ---- a typo must fail ----------------------------------------------------------------------

    @Test
    void misspeltAndMistypedFieldsAreRejected() {
        List<ObjectNode> objects = Kustomize.build(K8S.resolve("overlays/prod"));
        Map<String, ObjectNode> byId = byId(objects);
        // field name typos
        assertRejected(byId, "apps/Deployment/projects-api", "livenesProbe",
                d -> rename(d.at("/spec/template/spec/containers/0"), "livenessProbe", "livenesProbe"));
        assertRejected(byId, "postgresql.cnpg.io/Cluster/projects-db", "instance",
                c -> rename(c.get("spec"), "instances", "instance"));
        assertRejected(byId, "keda.sh/ScaledObject/projects-worker", "maxReplicas",
                s -> rename(s.get("spec"), "maxReplicaCount", "maxReplicas"));
        assertRejected(byId, "kafka.strimzi.io/KafkaTopic/projects-events-v1", "partition",
                t -> rename(t.get("spec"), "partitions", "partition"));
        assertRejected(byId, "kafka.strimzi.io/KafkaNodePool/dual-role", "kraftMetadta",
                n -> rename(n.at("/spec/storage/volumes/0"), "kraftMetadata", "kraftMetadta"));
        // wrong types
        assertRejected(byId, "apps/Deployment/projects-worker", "containerPort",
                d -> ((ObjectNode) d.at("/spec/template/spec/containers/0/ports/0")).put("containerPort", "http"));
        assertRejected(byId, "keda.sh/ScaledObject/projects-worker", "lagThreshold",
                s -> ((ObjectNode) s.at("/spec/triggers/0/metadata")).put("lagThreshold", 5));
        assertRejected(byId, "kafka.strimzi.io/KafkaTopic/projects-analysis-v1", "partitions",
                t -> ((ObjectNode) t.get("spec")).put("partitions", "twelve"));
        assertRejected(byId, "kafka.strimzi.io/Kafka/projects-kafka", "tls",
                k -> ((ObjectNode) k.at("/spec/kafka/listeners/0")).put("tls", "no"));
        // a wrong enum value, a missing required field, a misspelt kind, an apiVersion not served
        assertRejected(byId, "kafka.strimzi.io/KafkaNodePool/dual-role", "roles",
                n -> ((ArrayNode) n.at("/spec/roles")).set(1, "brokers"));
        assertRejected(byId, "apps/Deployment/projects-api", "selector",
                d -> ((ObjectNode) d.get("spec")).remove("selector"));
        assertRejected(byId, "policy/PodDisruptionBudget/projects-api", "Deployement",
                p -> p.put("kind", "Deployement"));
        assertRejected(byId, "kafka.strimzi.io/KafkaTopic/projects-events-v1", "v2",
                t -> t.put("apiVersion", "kafka.strimzi.io/v2"));
    }

    /** The whole path, render then validate, on an overlay with a typo in its patch. */
    @Test
    void anOverlayWithATypoFailsValidation(@TempDir Path tmp) throws IOException {
        Path overlay = tmp.resolve("broken");
        Files.createDirectories(overlay);
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - %s
                patches:
                  - target:
                      kind: Deployment
                      name: projects-api
                    patch: |-
                      - op: add
                        path: /spec/template/spec/containers/0/resource
                        value: {limits: {memory: 2Gi}}
                """.formatted(K8S.resolve("overlays/dev").toAbsolutePath()));
        List<String> problems = new ArrayList<>();
        Kustomize.build(overlay).forEach(o -> problems.addAll(VALIDATOR.validate(o)));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("Deployment projects-api: "), problems.get(0));
        assertTrue(problems.get(0).contains("resource"), problems.get(0));
    }

    @Test
    void theRendererRefusesWhatItDoesNotImplement(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("kustomization.yaml"), """
                resources: [%s]
                namePrefix: dev-
                """.formatted(K8S.resolve("base").toAbsolutePath()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kustomize.build(tmp));
        assertTrue(e.getMessage().contains("namePrefix"), e.getMessage());
        Files.writeString(tmp.resolve("kustomization.yaml"), """
                resources: [%s]
                patches:
                  - target: {kind: Deployment, name: projects-apii}
                    patch: '[{"op": "remove", "path": "/spec/revisionHistoryLimit"}]'
                """.formatted(K8S.resolve("base").toAbsolutePath()));
        e = assertThrows(IllegalArgumentException.class, () -> Kustomize.build(tmp));
        assertTrue(e.getMessage().contains("matches no resource"), e.getMessage());
    }

    private static void assertRejected(Map<String, ObjectNode> objects, String id, String expected,
            Consumer<ObjectNode> breakIt) {
        ObjectNode original = objects.get(id);
        assertNotNull(original, id);
        assertEquals(List.of(), VALIDATOR.validate(original), id + " must be valid before it is broken");
        ObjectNode broken = original.deepCopy();
        breakIt.accept(broken);
        List<String> problems = VALIDATOR.validate(broken);
        assertFalse(problems.isEmpty(), id + ": the broken copy passed validation");
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), id + ": " + problems);
    }

    private static void rename(JsonNode parent, String from, String to) {
        ObjectNode o = (ObjectNode) parent;
        assertTrue(o.has(from), from);
        o.set(to, o.remove(from));
    }

    private static Set<String> plus(Set<String> set, String... more) {
        Set<String> all = new java.util.HashSet<>(set);
        all.addAll(List.of(more));
        return Set.copyOf(all);
    }

    static Map<String, ObjectNode> byId(List<ObjectNode> objects) {
        Map<String, ObjectNode> m = new TreeMap<>();
        objects.forEach(o -> m.put(withoutNamespace(Kustomize.id(o)), o));
        return m;
    }

    private static String withoutNamespace(String id) {
        String[] p = id.split("/", -1);
        return p[0] + "/" + p[1] + "/" + p[3];
    }

    private static String defaultOf(Class<?> type, String method) throws NoSuchMethodException {
        return type.getMethod(method).getAnnotation(WithDefault.class).value();
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }

    /** A Kubernetes memory quantity (Ki, Mi, Gi or plain bytes) in bytes. */
    private static long bytes(String quantity) {
        for (var unit : Map.of("Ki", 1L << 10, "Mi", 1L << 20, "Gi", 1L << 30).entrySet()) {
            if (quantity.endsWith(unit.getKey())) {
                return Long.parseLong(quantity.substring(0, quantity.length() - 2)) * unit.getValue();
            }
        }
        return Long.parseLong(quantity);
    }
}
