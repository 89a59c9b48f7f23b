package io.projectservice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.pipeline.KafkaSettings;
import io.quarkus.kafka.client.runtime.KafkaRuntimeConfigProducer;
import io.quarkus.runtime.ApplicationConfig;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The environment a Kafka-using pod of the prod overlay gets (its ConfigMap and its own variables,
 * a Secret's value standing in as {@code <secret>/<key>}) goes through the same path as in the
 * running service: Quarkus's {@code kafka.*} pass-through ({@link KafkaRuntimeConfigProducer},
 * which turns {@code KAFKA_SSL_KEYSTORE_LOCATION} into {@code ssl.keystore.location}), then
 * {@link KafkaSettings}. Every producer, consumer and admin client must come out with TLS, the
 * cluster CA and the Deployment's own client certificate.
 */
class KafkaClientSettingsTest {

    @ParameterizedTest
    @ValueSource(strings = { "projects-pipeline", "projects-worker" })
    void everyKafkaClientOfThePodUsesTlsAndItsOwnCertificate(String deployment) {
        Map<String, ObjectNode> objects = new TreeMap<>();
        Kustomize.build(Path.of("k8s", "overlays", "prod")).forEach(o -> objects.put(o.path("kind").asText() + "/"
                + o.at("/metadata/name").asText(), o));
        Map<String, String> env = new TreeMap<>();
        objects.get("ConfigMap/projects-config").get("data").fields()
                .forEachRemaining(f -> env.put(f.getKey(), f.getValue().asText()));
        for (JsonNode e : objects.get("Deployment/" + deployment).at("/spec/template/spec/containers/0/env")) {
            JsonNode secret = e.at("/valueFrom/secretKeyRef");
            env.put(e.path("name").asText(), secret.isMissingNode() ? e.path("value").asText()
                    : secret.path("name").asText() + "/" + secret.path("key").asText());
        }
        SmallRyeConfig config = new SmallRyeConfigBuilder().withSources(new EnvConfigSource(env, 300)).build();
        Map<String, Object> passedThrough = new KafkaRuntimeConfigProducer().createKafkaRuntimeConfig(config, application());
        KafkaSettings settings = new KafkaSettings(env.get("KAFKA_BOOTSTRAP_SERVERS"), passedThrough);

        String user = deployment; // the KafkaUser of each Deployment has its name
        Map<String, String> expected = Map.of(
                "security.protocol", "SSL",
                "ssl.truststore.type", "PKCS12",
                "ssl.truststore.location", "/etc/projects/kafka/cluster-ca/ca.p12",
                "ssl.truststore.password", "projects-kafka-cluster-ca-cert/ca.password",
                "ssl.keystore.type", "PKCS12",
                "ssl.keystore.location", "/etc/projects/kafka/user/user.p12",
                "ssl.keystore.password", user + "/user.password",
                "bootstrap.servers", "projects-kafka-kafka-bootstrap:9093");
        for (Properties client : List.of(settings.common(), settings.producer("relay"),
                settings.consumer("group", "client"))) {
            Map<String, String> actual = new TreeMap<>();
            expected.keySet().forEach(k -> actual.put(k, String.valueOf(client.get(k))));
            assertEquals(new TreeMap<>(expected), actual, deployment);
            assertFalse(client.containsKey("sasl.jaas.config"));
        }
    }

    /** quarkus.application.*: the pass-through reads only the name (for a default group id). */
    private static ApplicationConfig application() {
        return (ApplicationConfig) Proxy.newProxyInstance(ApplicationConfig.class.getClassLoader(),
                new Class<?>[] {ApplicationConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "name" -> Optional.of("projects-service");
                    case "toString" -> "ApplicationConfig";
                    default -> method.getReturnType() == Optional.class ? Optional.empty() : null;
                });
    }
}
