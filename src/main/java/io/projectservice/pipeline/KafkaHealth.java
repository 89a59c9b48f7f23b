package io.projectservice.pipeline;

import io.projectservice.config.ServiceConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the Kafka brokers, for an instance whose roles use Kafka (relay, projector,
 * analysis worker). It replaces Quarkus's own check, whose admin call waits up to a minute when
 * the brokers are unreachable: longer than any probe's timeout, and a worker thread held per probe.
 * This one answers within {@code projects.kafka.health-timeout} without holding a thread.
 *
 * <p>An instance that only runs {@code api} reports UP with {@code used=false}: the API never
 * talks to Kafka (writes go to the log, which the relay publishes later), so a Kafka outage must
 * not take API pods out of their Service.
 */
@Readiness
@ApplicationScoped
public class KafkaHealth implements AsyncHealthCheck {
    static final String NAME = "Kafka brokers";

    private final ServiceConfig config;
    private final KafkaSettings kafka;
    private final Duration timeout;
    private volatile Admin admin;

    public KafkaHealth(ServiceConfig config, KafkaSettings kafka) {
        this.config = config;
        this.kafka = kafka;
        this.timeout = config.kafka().healthTimeout();
    }

    public static boolean usedBy(ServiceConfig config) {
        return config.runs("relay") || config.runs("projector") || config.runs("analysis-worker");
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (!usedBy(config)) {
            return Uni.createFrom().item(HealthCheckResponse.named(NAME).up()
                    .withData("used", false).withData("roles", String.join(",", config.roles())).build());
        }
        return Uni.createFrom()
                .completionStage(() -> admin().describeCluster(new DescribeClusterOptions()
                        .timeoutMs((int) timeout.toMillis())).nodes().toCompletionStage())
                .map(nodes -> HealthCheckResponse.named(NAME).status(!nodes.isEmpty())
                        .withData("nodes", nodes.stream().map(n -> n.host() + ":" + n.port())
                                .collect(Collectors.joining(",")))
                        .build())
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named(NAME).down()
                        .withData("bootstrap_servers", kafka.bootstrapServers())
                        .withData("reason", String.valueOf(e.getMessage())).build());
    }

    private Admin admin() {
        Admin a = admin;
        if (a == null) {
            synchronized (this) {
                if (admin == null) {
                    Properties p = kafka.common();
                    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "projects-health");
                    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
                    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
                    p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
                    admin = Admin.create(p);
                }
                a = admin;
            }
        }
        return a;
    }

    void close(@Observes ShutdownEvent event) {
        Admin a = admin;
        if (a != null) {
            a.close(Duration.ofSeconds(1));
        }
    }
}
