package io.projectservice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.metadata.authorizer.StandardAcl;
import org.apache.kafka.metadata.authorizer.StandardAuthorizer;
import org.apache.kafka.server.authorizer.Action;
import org.apache.kafka.server.authorizer.AuthorizableRequestContext;
import org.apache.kafka.server.authorizer.AuthorizationResult;
import org.junit.jupiter.api.Test;

/**
 * The ACLs of the rendered KafkaUsers, loaded into Kafka's own authorizer (the one a KRaft broker
 * runs for {@code authorization: simple}): {@link WiringChecks#allows} must answer what Kafka
 * answers for every user, operation and resource the service and its subscribers touch, so the
 * ACL checks of {@link KubernetesManifestsTest} mean what a broker would enforce.
 */
class KafkaAclsTest {
    private static final List<String> TOPICS = List.of("projects.events.v1", "projects.analysis.v1",
            "projects.events.dlq.v1", "some.other.topic");
    private static final List<String> GROUPS = List.of("projects-list-projector", "projects-analysis-worker",
            "projects-subscriber-search-index", "projects-subscriber-", "search-index", "projects-");
    private static final List<AclOperation> OPERATIONS = List.of(AclOperation.READ, AclOperation.WRITE,
            AclOperation.DESCRIBE, AclOperation.DELETE, AclOperation.ALTER);

    @Test
    void theChecksReadTheAclsAsKafkasAuthorizerDoes() throws Exception {
        Map<String, ObjectNode> users = WiringChecks.users(byId(Kustomize.build(Path.of("k8s", "overlays", "prod"))));
        StandardAuthorizer kafka = authorizer(users);
        List<String> disagreements = new ArrayList<>();
        int allowed = 0;
        for (String user : users.keySet()) {
            for (AclOperation op : OPERATIONS) {
                String operation = op.name().charAt(0) + op.name().substring(1).toLowerCase(Locale.ROOT);
                for (String topic : TOPICS) {
                    boolean k = allowedByKafka(kafka, user, op, ResourceType.TOPIC, topic);
                    allowed += k ? 1 : 0;
                    if (k != WiringChecks.allows(users.get(user), "topic", topic, operation)) {
                        disagreements.add(user + " " + operation + " topic " + topic + ": Kafka says " + k);
                    }
                }
                for (String group : GROUPS) {
                    boolean k = allowedByKafka(kafka, user, op, ResourceType.GROUP, group);
                    allowed += k ? 1 : 0;
                    if (k != WiringChecks.allows(users.get(user), "group", group, operation)) {
                        disagreements.add(user + " " + operation + " group " + group + ": Kafka says " + k);
                    }
                }
            }
        }
        assertEquals(List.of(), disagreements);
        assertTrue(allowed > 0 && allowed < users.size() * OPERATIONS.size() * (TOPICS.size() + GROUPS.size()),
                "some operations allowed, not all: " + allowed);
        // and what matters most, as Kafka decides it
        assertTrue(allowedByKafka(kafka, "projects-pipeline", AclOperation.WRITE, ResourceType.TOPIC, "projects.events.v1"));
        for (String other : List.of("projects-worker", "projects-keda", "projects-subscriber")) {
            assertEquals(false, allowedByKafka(kafka, other, AclOperation.WRITE, ResourceType.TOPIC, "projects.events.v1"), other);
        }
        assertTrue(allowedByKafka(kafka, "projects-subscriber", AclOperation.READ, ResourceType.GROUP, "projects-subscriber-audit"));
        assertEquals(false, allowedByKafka(kafka, "projects-subscriber", AclOperation.READ, ResourceType.GROUP, "projects-list-projector"));
    }

    private static StandardAuthorizer authorizer(Map<String, ObjectNode> users) {
        StandardAuthorizer authorizer = new StandardAuthorizer();
        authorizer.configure(Map.of());
        // the broker hands its plugins a metrics registry; the authorizer records every decision in it
        authorizer.withPluginMetrics(new PluginMetricsImpl(new Metrics(), Map.of()));
        users.forEach((name, user) -> {
            for (JsonNode acl : user.at("/spec/authorization/acls")) {
                ResourceType type = ResourceType.fromString(acl.at("/resource/type").asText());
                String resource = acl.at("/resource/name").asText("*");
                PatternType pattern = PatternType.fromString(acl.at("/resource/patternType").asText("literal"));
                AclPermissionType permission = acl.path("type").asText("allow").equals("deny") ? AclPermissionType.DENY
                        : AclPermissionType.ALLOW;
                for (JsonNode op : acl.path("operations")) {
                    AclOperation operation = AclOperation.fromString(op.asText());
                    authorizer.addAcl(Uuid.randomUuid(), new StandardAcl(type, resource, pattern, principal(name).toString(),
                            acl.path("host").asText("*"), operation, permission));
                }
            }
        });
        authorizer.completeInitialLoad();
        return authorizer;
    }

    private static boolean allowedByKafka(StandardAuthorizer authorizer, String user, AclOperation op,
            ResourceType type, String name) {
        Action action = new Action(op, new ResourcePattern(type, name, PatternType.LITERAL), 1, true, true);
        return authorizer.authorize(context(user), List.of(action)).get(0) == AuthorizationResult.ALLOWED;
    }

    private static KafkaPrincipal principal(String user) {
        return new KafkaPrincipal(KafkaPrincipal.USER_TYPE, user);
    }

    private static AuthorizableRequestContext context(String user) {
        return new AuthorizableRequestContext() {
            @Override
            public String listenerName() {
                return "TLS-9093";
            }

            @Override
            public SecurityProtocol securityProtocol() {
                return SecurityProtocol.SSL;
            }

            @Override
            public KafkaPrincipal principal() {
                return KafkaAclsTest.principal(user);
            }

            @Override
            public InetAddress clientAddress() {
                return InetAddress.getLoopbackAddress();
            }

            @Override
            public int requestType() {
                return 0;
            }

            @Override
            public int requestVersion() {
                return 0;
            }

            @Override
            public String clientId() {
                return "test";
            }

            @Override
            public int correlationId() {
                return 0;
            }
        };
    }

    private static Map<String, ObjectNode> byId(List<ObjectNode> objects) {
        Map<String, ObjectNode> m = new TreeMap<>();
        objects.forEach(o -> {
            String[] p = Kustomize.id(o).split("/", -1);
            m.put(p[0] + "/" + p[1] + "/" + p[3], o);
        });
        return m;
    }
}
