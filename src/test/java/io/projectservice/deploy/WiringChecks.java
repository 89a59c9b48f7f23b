package io.projectservice.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.config.ServiceConfig;
import io.smallrye.config.WithDefault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the schemas cannot see, on rendered manifests keyed by {@code group/Kind/name} (see
 * {@link KubernetesManifestsTest}): Kafka access (TLS, client certificates, ACLs), PostgreSQL's
 * synchronous replication and connection budget, Prometheus's way in, the token audience. Each
 * check answers the problems it found (empty when none), so a test can show it failing on a
 * broken copy.
 */
final class WiringChecks {
    /** Connections left for the operator, monitoring and an administrator's psql, besides the service's. */
    static final int ADMIN_HEADROOM = 20;
    static final String PROMETHEUS_NAMESPACE = "monitoring";
    static final Map<String, String> PROMETHEUS_POD = Map.of("app.kubernetes.io/name", "prometheus");
    private static final Set<String> KAFKA_ROLES = Set.of("relay", "projector", "analysis-worker");
    /** Operations that imply Describe (Kafka's ACL semantics). */
    private static final Set<String> IMPLY_DESCRIBE = Set.of("Read", "Write", "Delete", "Alter", "Describe", "All");

    private WiringChecks() {
    }

    // ---- Kafka: TLS, client certificates ---------------------------------------------------------

    /**
     * Every listener is TLS with client authentication and the cluster authorizes; every Deployment
     * whose roles use Kafka trusts the cluster CA and presents the certificate of an existing
     * KafkaUser (with its password from that user's Secret); the API holds no Kafka credentials;
     * KEDA's trigger authenticates the same way.
     */
    static List<String> kafkaAccessProblems(Map<String, ObjectNode> objects) {
        List<String> problems = new ArrayList<>();
        ObjectNode kafka = one(objects, "kafka.strimzi.io/Kafka/");
        String cluster = kafka.at("/metadata/name").asText();
        String clusterCa = cluster + "-cluster-ca-cert";
        Set<Integer> ports = new TreeSet<>();
        for (JsonNode l : kafka.at("/spec/kafka/listeners")) {
            ports.add(l.path("port").asInt());
            if (!l.path("tls").asBoolean(false)) {
                problems.add("Kafka listener " + l.path("name").asText() + " is not TLS");
            }
            if (!Set.of("tls", "scram-sha-512").contains(l.at("/authentication/type").asText())) {
                problems.add("Kafka listener " + l.path("name").asText() + " does not authenticate clients");
            }
        }
        if (!"simple".equals(kafka.at("/spec/kafka/authorization/type").asText())) {
            problems.add("Kafka has no ACL authorization (spec.kafka.authorization.type: simple)");
        }
        if (kafka.at("/spec/entityOperator/userOperator").isMissingNode()) {
            problems.add("Kafka runs no User Operator: KafkaUsers would get neither certificates nor ACLs");
        }
        Map<String, ObjectNode> users = users(objects);
        users.forEach((name, u) -> {
            if (!cluster.equals(u.at("/metadata/labels/strimzi.io~1cluster").asText())) {
                problems.add("KafkaUser " + name + " belongs to no cluster of these manifests");
            }
            if (!"tls".equals(u.at("/spec/authentication/type").asText())) {
                problems.add("KafkaUser " + name + ": the service's clients present TLS client certificates");
            }
        });
        String bootstrap = objects.get("/ConfigMap/projects-config").at("/data/KAFKA_BOOTSTRAP_SERVERS").asText();
        if (!ports.contains(port(bootstrap))) {
            problems.add("KAFKA_BOOTSTRAP_SERVERS " + bootstrap + " is on no listener port " + ports);
        }

        deployments(objects).forEach((name, d) -> {
            Map<String, JsonNode> env = env(d);
            boolean usesKafka = roles(d).stream().anyMatch(KAFKA_ROLES::contains);
            if (!usesKafka) {
                if (env.keySet().stream().anyMatch(k -> k.startsWith("KAFKA_SSL") || k.startsWith("KAFKA_SASL"))
                        || mountedSecrets(d).values().stream().anyMatch(users::containsKey)) {
                    problems.add(name + ": uses no Kafka but holds Kafka credentials");
                }
                return;
            }
            if (!"SSL".equals(value(env, "KAFKA_SECURITY_PROTOCOL"))) {
                problems.add(name + ": KAFKA_SECURITY_PROTOCOL is " + value(env, "KAFKA_SECURITY_PROTOCOL") + ", not SSL");
            }
            String trustSecret = secretOfFile(d, value(env, "KAFKA_SSL_TRUSTSTORE_LOCATION"));
            if (!clusterCa.equals(trustSecret)) {
                problems.add(name + ": the truststore comes from " + trustSecret + ", not the cluster CA " + clusterCa);
            }
            if (!(clusterCa + "/ca.password").equals(secretKey(env.get("KAFKA_SSL_TRUSTSTORE_PASSWORD")))) {
                problems.add(name + ": KAFKA_SSL_TRUSTSTORE_PASSWORD is not " + clusterCa + "/ca.password");
            }
            String user = secretOfFile(d, value(env, "KAFKA_SSL_KEYSTORE_LOCATION"));
            if (user == null || !users.containsKey(user)) {
                problems.add(name + ": its keystore (" + value(env, "KAFKA_SSL_KEYSTORE_LOCATION")
                        + ") is not the Secret of a KafkaUser " + users.keySet() + " but " + user);
            } else if (!(user + "/user.password").equals(secretKey(env.get("KAFKA_SSL_KEYSTORE_PASSWORD")))) {
                problems.add(name + ": KAFKA_SSL_KEYSTORE_PASSWORD is not " + user + "/user.password");
            }
        });

        ObjectNode scaled = one(objects, "keda.sh/ScaledObject/");
        JsonNode trigger = scaled.at("/spec/triggers/0");
        if (!ports.contains(port(trigger.at("/metadata/bootstrapServers").asText()))) {
            problems.add("KEDA's bootstrapServers is on no listener port " + ports);
        }
        if (!"enable".equals(trigger.at("/metadata/tls").asText())) {
            problems.add("KEDA's trigger does not use TLS (metadata.tls: enable)");
        }
        ObjectNode auth = objects.get("keda.sh/TriggerAuthentication/" + trigger.at("/authenticationRef/name").asText());
        if (auth == null) {
            problems.add("KEDA's trigger names no TriggerAuthentication of these manifests");
        } else {
            Map<String, String> refs = new TreeMap<>();
            auth.at("/spec/secretTargetRef").forEach(r -> refs.put(r.path("parameter").asText(),
                    r.path("name").asText() + "/" + r.path("key").asText()));
            if (!(clusterCa + "/ca.crt").equals(refs.get("ca"))) {
                problems.add("KEDA does not trust the cluster CA: " + refs);
            }
            String certUser = refs.getOrDefault("cert", "").split("/")[0];
            if (!users.containsKey(certUser) || !(certUser + "/user.key").equals(refs.get("key"))) {
                problems.add("KEDA's certificate and key are not one KafkaUser's: " + refs);
            }
        }
        return problems;
    }

    // ---- Kafka: ACLs -----------------------------------------------------------------------------

    /**
     * With Kafka's ACL semantics (Describe implied by Read and Write, prefix patterns, {@code *}):
     * only the relay's user writes the service's topics; the projector and the workers read their
     * topic in their own group; KEDA only describes; a subscriber reads the event topic in groups of
     * its prefix and can neither write nor join the service's groups.
     */
    static List<String> aclProblems(Map<String, ObjectNode> objects) throws ReflectiveOperationException {
        List<String> problems = new ArrayList<>();
        String events = defaultOf(ServiceConfig.Kafka.class, "eventsTopic");
        String analysis = defaultOf(ServiceConfig.Kafka.class, "analysisTopic");
        String projectorGroup = defaultOf(ServiceConfig.Kafka.class, "projectorGroup");
        String workerGroup = defaultOf(ServiceConfig.CreateFromContext.class, "workerGroup");
        Map<String, ObjectNode> users = users(objects);
        Map<String, String> userOfRole = new TreeMap<>();
        deployments(objects).forEach((name, d) -> {
            String user = secretOfFile(d, value(env(d), "KAFKA_SSL_KEYSTORE_LOCATION"));
            roles(d).forEach(r -> userOfRole.put(r, user));
        });
        String relay = userOfRole.get("relay");

        Set<String> topics = new LinkedHashSet<>(List.of(events, analysis));
        objects.values().stream().filter(o -> o.path("kind").asText().equals("KafkaTopic"))
                .forEach(t -> topics.add(t.at("/spec/topicName").asText()));
        for (String topic : topics) {
            Set<String> writers = users.keySet().stream().filter(u -> allows(users.get(u), "topic", topic, "Write"))
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> expected = relay == null ? Set.of() : Set.of(relay);
            if (!writers.equals(expected)) {
                problems.add("topic " + topic + ": Write is held by " + writers + ", must be the relay's user " + expected);
            }
        }
        require(problems, users, userOfRole.get("projector"), "topic", events, "Read", "the projector reads the events");
        require(problems, users, userOfRole.get("projector"), "group", projectorGroup, "Read", "the projector's group");
        require(problems, users, relay, "topic", analysis, "Write", "the relay hands jobs to the workers");
        String worker = userOfRole.get("analysis-worker");
        require(problems, users, worker, "topic", analysis, "Read", "the workers read the jobs");
        require(problems, users, worker, "group", workerGroup, "Read", "the workers' group");

        for (String group : List.of(projectorGroup, workerGroup)) {
            Set<String> members = users.keySet().stream().filter(u -> allows(users.get(u), "group", group, "Read"))
                    .collect(Collectors.toCollection(TreeSet::new));
            String owner = group.equals(projectorGroup) ? userOfRole.get("projector") : worker;
            if (!members.equals(owner == null ? Set.of() : Set.of(owner))) {
                problems.add("group " + group + ": joined by " + members + ", must be " + owner + " alone");
            }
        }

        ObjectNode scaled = one(objects, "keda.sh/ScaledObject/");
        ObjectNode auth = objects.get("keda.sh/TriggerAuthentication/"
                + scaled.at("/spec/triggers/0/authenticationRef/name").asText());
        String keda = auth == null ? null : secretRef(auth, "cert");
        require(problems, users, keda, "topic", analysis, "Describe", "KEDA reads the topic's offsets");
        require(problems, users, keda, "group", workerGroup, "Describe", "KEDA reads the group's offsets");
        if (keda != null && users.containsKey(keda) && canReadOrWriteAnything(users.get(keda), topics)) {
            problems.add("KEDA's user " + keda + " may read or write records: it only needs Describe");
        }

        ObjectNode subscriber = users.get("projects-subscriber");
        if (subscriber == null) {
            problems.add("no read-only KafkaUser projects-subscriber for outside subscribers");
        } else {
            require(problems, users, "projects-subscriber", "topic", events, "Read", "subscribers read the events");
            require(problems, users, "projects-subscriber", "group", "projects-subscriber-search-index", "Read",
                    "subscribers use groups of their prefix");
            for (String topic : topics) {
                if (allows(subscriber, "topic", topic, "Write")) {
                    problems.add("projects-subscriber may write " + topic);
                }
            }
            if (allows(subscriber, "topic", analysis, "Read")) {
                problems.add("projects-subscriber may read the analysis jobs (they carry uploaded content)");
            }
        }
        return problems;
    }

    private static void require(List<String> problems, Map<String, ObjectNode> users, String user, String type,
            String name, String operation, String why) {
        if (user == null || !users.containsKey(user)) {
            problems.add(why + ": no KafkaUser (" + user + ")");
        } else if (!allows(users.get(user), type, name, operation)) {
            problems.add(why + ": " + user + " lacks " + operation + " on " + type + " " + name);
        }
    }

    /** Whether one of the user's ACLs allows the operation on the resource (Kafka's matching rules). */
    static boolean allows(ObjectNode user, String type, String name, String operation) {
        for (JsonNode acl : user.at("/spec/authorization/acls")) {
            if (acl.path("type").asText("allow").equals("deny") || !acl.at("/resource/type").asText().equals(type)) {
                continue;
            }
            String pattern = acl.at("/resource/name").asText("*");
            boolean prefix = acl.at("/resource/patternType").asText("literal").equals("prefix");
            boolean resource = pattern.equals("*") || (prefix ? name.startsWith(pattern) : name.equals(pattern));
            if (!resource) {
                continue;
            }
            for (JsonNode op : acl.path("operations")) {
                String o = op.asText();
                if (o.equals(operation) || o.equals("All") || operation.equals("Describe") && IMPLY_DESCRIBE.contains(o)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean canReadOrWriteAnything(ObjectNode user, Set<String> topics) {
        return topics.stream().anyMatch(t -> allows(user, "topic", t, "Read") || allows(user, "topic", t, "Write"));
    }

    // ---- PostgreSQL ------------------------------------------------------------------------------

    /**
     * With more than one instance, a commit waits for a replica ({@code synchronous}, ANY/FIRST n
     * with n below the instance count, data durability required), so an acknowledged write survives
     * a failover; with one instance there is nothing to wait for (CloudNativePG refuses the block).
     */
    static List<String> replicationProblems(Map<String, ObjectNode> objects, int minimumInstances) {
        List<String> problems = new ArrayList<>();
        ObjectNode cluster = one(objects, "postgresql.cnpg.io/Cluster/");
        int instances = cluster.at("/spec/instances").asInt(1);
        JsonNode sync = cluster.at("/spec/postgresql/synchronous");
        if (instances < minimumInstances) {
            problems.add("PostgreSQL runs " + instances + " instance(s), fewer than " + minimumInstances);
        }
        if (instances == 1) {
            if (!sync.isMissingNode()) {
                problems.add("PostgreSQL: synchronous replication with a single instance");
            }
            return problems;
        }
        if (sync.isMissingNode()) {
            problems.add("PostgreSQL replicates asynchronously: a failover can lose acknowledged writes");
            return problems;
        }
        if (!Set.of("any", "first").contains(sync.path("method").asText())) {
            problems.add("PostgreSQL: synchronous.method " + sync.path("method") + " is neither any nor first");
        }
        int number = sync.path("number").asInt(0);
        if (number < 1 || number >= instances) {
            problems.add("PostgreSQL: synchronous.number " + number + " must be 1 to " + (instances - 1));
        }
        if (!sync.path("dataDurability").asText("required").equals("required")) {
            problems.add("PostgreSQL: dataDurability " + sync.path("dataDurability")
                    + " acknowledges commits without a replica when none is left");
        }
        return problems;
    }

    /** One Deployment's share of the connection budget at its largest. */
    record Share(String deployment, int pods, int pool, int connections) {
    }

    /**
     * At the largest scale of every Deployment (autoscaler maximum or replicas, plus the rolling
     * update's surge), each pod's pool ({@code DB_POOL_SIZE}) and LISTEN connection, plus the
     * superuser's reserved slots and {@link #ADMIN_HEADROOM}, fit in {@code max_connections}.
     */
    static List<String> budgetProblems(Map<String, ObjectNode> objects, List<Share> shares) {
        List<String> problems = new ArrayList<>();
        ObjectNode cluster = one(objects, "postgresql.cnpg.io/Cluster/");
        JsonNode parameters = cluster.at("/spec/postgresql/parameters");
        int max = parameters.path("max_connections").asInt(100);
        int reserved = parameters.path("superuser_reserved_connections").asInt(3);
        JsonNode config = objects.get("/ConfigMap/projects-config").path("data");
        deployments(objects).forEach((name, d) -> {
            if (!env(d).containsKey("DB_URL")) {
                return;
            }
            int replicas = maxReplicas(objects, name, d);
            int pods = replicas + surge(d, replicas);
            String pool = value(env(d), "DB_POOL_SIZE");
            if (pool == null) {
                pool = config.path("DB_POOL_SIZE").asText(null);
            }
            int size = pool == null ? servicePoolDefault() : Integer.parseInt(pool);
            shares.add(new Share(name, pods, size, pods * (size + 1)));
        });
        int total = shares.stream().mapToInt(Share::connections).sum();
        if (total + reserved + ADMIN_HEADROOM > max) {
            problems.add("connection budget: " + shares + " = " + total + " + " + reserved + " reserved + "
                    + ADMIN_HEADROOM + " headroom > max_connections " + max);
        }
        return problems;
    }

    private static int maxReplicas(Map<String, ObjectNode> objects, String deployment, ObjectNode d) {
        for (ObjectNode o : objects.values()) {
            String kind = o.path("kind").asText();
            if (kind.equals("HorizontalPodAutoscaler") && o.at("/spec/scaleTargetRef/name").asText().equals(deployment)) {
                return o.at("/spec/maxReplicas").asInt();
            }
            if (kind.equals("ScaledObject") && o.at("/spec/scaleTargetRef/name").asText().equals(deployment)) {
                return o.at("/spec/maxReplicaCount").asInt(100); // KEDA's default maximum
            }
        }
        return d.at("/spec/replicas").asInt(1);
    }

    /** Extra pods during a rolling update: maxSurge as a count or a percentage rounded up (default 25%). */
    static int surge(ObjectNode d, int replicas) {
        JsonNode strategy = d.at("/spec/strategy");
        if (strategy.path("type").asText("RollingUpdate").equals("Recreate")) {
            return 0;
        }
        JsonNode surge = strategy.at("/rollingUpdate/maxSurge");
        String value = surge.isMissingNode() ? "25%" : surge.asText();
        if (value.endsWith("%")) {
            return (int) Math.ceil(replicas * Integer.parseInt(value.substring(0, value.length() - 1)) / 100.0);
        }
        return Integer.parseInt(value);
    }

    /** The service's own default for DB_POOL_SIZE, from application.properties. */
    private static int servicePoolDefault() {
        try {
            Matcher m = Pattern.compile("quarkus\\.datasource\\.reactive\\.max-size=\\$\\{DB_POOL_SIZE:(\\d+)}")
                    .matcher(Files.readString(Path.of("src/main/resources/application.properties")));
            if (!m.find()) {
                throw new IllegalStateException("application.properties: no DB_POOL_SIZE default");
            }
            return Integer.parseInt(m.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- NetworkPolicies: Prometheus -------------------------------------------------------------

    /**
     * Prometheus (pods {@link #PROMETHEUS_POD} in the namespace {@link #PROMETHEUS_NAMESPACE}) reaches
     * every Deployment's metrics port; pods of another namespace reach none but the API's (the API
     * takes traffic from the whole cluster by design).
     */
    static List<String> prometheusProblems(Map<String, ObjectNode> objects) {
        List<String> problems = new ArrayList<>();
        List<ObjectNode> policies = objects.values().stream()
                .filter(o -> o.path("kind").asText().equals("NetworkPolicy")).toList();
        deployments(objects).forEach((name, d) -> {
            Map<String, String> labels = new TreeMap<>();
            d.at("/spec/template/metadata/labels").fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
            int port = d.at("/spec/template/metadata/annotations/prometheus.io~1port").asInt(-1);
            String namespace = d.at("/metadata/namespace").asText();
            List<ObjectNode> selecting = policies.stream()
                    .filter(p -> matches(p.at("/spec/podSelector/matchLabels"), labels)).toList();
            if (selecting.isEmpty()) {
                problems.add(name + ": no NetworkPolicy selects its pods");
                return;
            }
            if (!admits(selecting, namespace, Map.of("kubernetes.io/metadata.name", PROMETHEUS_NAMESPACE),
                    PROMETHEUS_POD, port)) {
                problems.add(name + ": Prometheus cannot reach its metrics port " + port);
            }
            if (!roles(d).contains("api") && admits(selecting, namespace,
                    Map.of("kubernetes.io/metadata.name", "elsewhere"), Map.of("app", "anything"), port)) {
                problems.add(name + ": pods of any namespace reach port " + port);
            }
        });
        return problems;
    }

    /** Whether an ingress rule of the policies lets a pod with these labels, in that namespace, reach the port. */
    private static boolean admits(List<ObjectNode> policies, String ownNamespace, Map<String, String> namespaceLabels,
            Map<String, String> podLabels, int port) {
        String namespace = namespaceLabels.get("kubernetes.io/metadata.name");
        for (ObjectNode p : policies) {
            for (JsonNode rule : p.at("/spec/ingress")) {
                boolean portOk = !rule.has("ports") || java.util.stream.StreamSupport.stream(rule.path("ports").spliterator(), false)
                        .anyMatch(r -> r.path("port").asInt(-1) == port);
                if (!portOk) {
                    continue;
                }
                if (!rule.has("from")) {
                    return true;
                }
                for (JsonNode peer : rule.path("from")) {
                    boolean nsOk = peer.has("namespaceSelector")
                            ? matches(peer.at("/namespaceSelector/matchLabels"), namespaceLabels)
                                    && peer.at("/namespaceSelector/matchExpressions").isMissingNode()
                            : namespace.equals(ownNamespace);
                    boolean podOk = !peer.has("podSelector") || matches(peer.at("/podSelector/matchLabels"), podLabels)
                            && peer.at("/podSelector/matchExpressions").isMissingNode();
                    if (nsOk && podOk && !peer.has("ipBlock")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean matches(JsonNode matchLabels, Map<String, String> labels) {
        if (matchLabels.isMissingNode() || matchLabels.isNull()) {
            return true;
        }
        Map<String, String> wanted = new LinkedHashMap<>();
        matchLabels.fields().forEachRemaining(f -> wanted.put(f.getKey(), f.getValue().asText()));
        return labels.entrySet().containsAll(wanted.entrySet());
    }

    // ---- JWT -------------------------------------------------------------------------------------

    /** Production tokens must name this service as their audience. */
    static List<String> audienceProblems(Map<String, ObjectNode> objects) {
        String audiences = objects.get("/ConfigMap/projects-config").at("/data/MP_JWT_VERIFY_AUDIENCES").asText("");
        return audiences.isBlank() ? List.of("MP_JWT_VERIFY_AUDIENCES is not set: tokens for any audience are accepted")
                : List.of();
    }

    // ---- helpers ---------------------------------------------------------------------------------

    static Map<String, ObjectNode> deployments(Map<String, ObjectNode> objects) {
        Map<String, ObjectNode> m = new TreeMap<>();
        objects.forEach((id, o) -> {
            if (id.startsWith("apps/Deployment/")) {
                m.put(o.at("/metadata/name").asText(), o);
            }
        });
        return m;
    }

    static Map<String, ObjectNode> users(Map<String, ObjectNode> objects) {
        Map<String, ObjectNode> m = new TreeMap<>();
        objects.forEach((id, o) -> {
            if (id.startsWith("kafka.strimzi.io/KafkaUser/")) {
                m.put(o.at("/metadata/name").asText(), o);
            }
        });
        return m;
    }

    private static ObjectNode one(Map<String, ObjectNode> objects, String idPrefix) {
        List<ObjectNode> found = objects.entrySet().stream().filter(e -> e.getKey().startsWith(idPrefix))
                .map(Map.Entry::getValue).toList();
        if (found.size() != 1) {
            throw new IllegalStateException(found.size() + " objects " + idPrefix + "*");
        }
        return found.get(0);
    }

    static Map<String, JsonNode> env(ObjectNode deployment) {
        Map<String, JsonNode> env = new TreeMap<>();
        deployment.at("/spec/template/spec/containers/0/env").forEach(e -> env.put(e.path("name").asText(), e));
        return env;
    }

    private static Set<String> roles(ObjectNode deployment) {
        String roles = value(env(deployment), "PROJECTS_ROLES");
        return roles == null ? Set.of() : Set.of(roles.split(","));
    }

    private static String value(Map<String, JsonNode> env, String name) {
        JsonNode e = env.get(name);
        return e == null || !e.has("value") ? null : e.path("value").asText();
    }

    /** {@code secret/key} of an env var read from a Secret, or null. */
    private static String secretKey(JsonNode envVar) {
        if (envVar == null) {
            return null;
        }
        JsonNode ref = envVar.at("/valueFrom/secretKeyRef");
        return ref.isMissingNode() ? null : ref.path("name").asText() + "/" + ref.path("key").asText();
    }

    /** Volume name -> Secret name, for the Secret volumes the container mounts, keyed by mount path. */
    private static Map<String, String> mountedSecrets(ObjectNode deployment) {
        Map<String, String> secretOfVolume = new TreeMap<>();
        deployment.at("/spec/template/spec/volumes").forEach(v -> {
            if (v.has("secret")) {
                secretOfVolume.put(v.path("name").asText(), v.at("/secret/secretName").asText());
            }
        });
        Map<String, String> byPath = new TreeMap<>();
        deployment.at("/spec/template/spec/containers/0/volumeMounts").forEach(m -> {
            String secret = secretOfVolume.get(m.path("name").asText());
            if (secret != null) {
                byPath.put(m.path("mountPath").asText(), secret);
            }
        });
        return byPath;
    }

    /** The Secret a file path of the container comes from (its mount, with the file as one of its items), or null. */
    private static String secretOfFile(ObjectNode deployment, String file) {
        if (file == null) {
            return null;
        }
        Map<String, JsonNode> volumes = new TreeMap<>();
        deployment.at("/spec/template/spec/volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
        for (JsonNode m : deployment.at("/spec/template/spec/containers/0/volumeMounts")) {
            String dir = m.path("mountPath").asText();
            JsonNode v = volumes.get(m.path("name").asText());
            if (v == null || !v.has("secret") || !file.startsWith(dir + "/")) {
                continue;
            }
            String rest = file.substring(dir.length() + 1);
            JsonNode items = v.at("/secret/items");
            boolean present = items.isMissingNode() || java.util.stream.StreamSupport.stream(items.spliterator(), false)
                    .anyMatch(i -> i.path("path").asText().equals(rest));
            return present ? v.at("/secret/secretName").asText() : null;
        }
        return null;
    }

    private static String secretRef(ObjectNode triggerAuthentication, String parameter) {
        for (JsonNode r : triggerAuthentication.at("/spec/secretTargetRef")) {
            if (r.path("parameter").asText().equals(parameter)) {
                return r.path("name").asText();
            }
        }
        return null;
    }

    private static int port(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return colon < 0 ? -1 : Integer.parseInt(hostPort.substring(colon + 1));
    }

    static String defaultOf(Class<?> type, String method) throws NoSuchMethodException {
        return type.getMethod(method).getAnnotation(WithDefault.class).value();
    }
}
