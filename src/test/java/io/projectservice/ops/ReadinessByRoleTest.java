package io.projectservice.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.projectservice.config.ServiceConfig;
import io.projectservice.pipeline.KafkaHealth;
import io.projectservice.pipeline.PipelineHealth;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/**
 * An API-only instance does not go unready for Kafka or for a lagging view (its pods would all
 * leave the Service at once, and writes would stop although the log could take them); instances
 * running the pipeline do check both (shown end to end in {@link ReadinessTest}).
 */
class ReadinessByRoleTest {

    private static ServiceConfig roles(String roles) {
        return new SmallRyeConfigBuilder().withMapping(ServiceConfig.class)
                .withDefaultValue("projects.roles", roles).build().getConfigMapping(ServiceConfig.class);
    }

    @Test
    void anApiOnlyInstanceReportsKafkaAndPipelineAsNotUsed() {
        ServiceConfig api = roles("api");
        // no Kafka settings and no database pool: neither may be touched
        HealthCheckResponse kafka = new KafkaHealth(api, null).call().await().atMost(Duration.ofSeconds(5));
        HealthCheckResponse pipeline = new PipelineHealth(null, api, null, null).call().await().atMost(Duration.ofSeconds(5));
        for (HealthCheckResponse r : new HealthCheckResponse[] {kafka, pipeline}) {
            assertEquals(HealthCheckResponse.Status.UP, r.getStatus(), r.getName());
            assertEquals(false, r.getData().orElseThrow().get("used"), r.getName());
        }
    }

    @Test
    void everyPipelineRoleChecksKafka() {
        for (String role : new String[] {"relay", "projector", "analysis-worker"}) {
            assertEquals(true, KafkaHealth.usedBy(roles(role)), role);
        }
        assertEquals(false, KafkaHealth.usedBy(roles("api")));
    }
}
