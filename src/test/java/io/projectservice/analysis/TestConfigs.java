package io.projectservice.analysis;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;

/** The analysis configuration with its real defaults, for tests that need no Quarkus application. */
public final class TestConfigs {
    private TestConfigs() {
    }

    public static AnalysisConfig defaults() {
        return with(Map.of());
    }

    public static AnalysisConfig with(Map<String, String> overrides) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(AnalysisConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withDefaultValues(overrides)
                .build();
        return config.getConfigMapping(AnalysisConfig.class);
    }
}
