package io.projectservice.analysis.jobs;

import io.projectservice.analysis.llm.LlmSettings;
import io.projectservice.analysis.llm.OpenAiEnvironment;
import io.projectservice.analysis.AnalysisResult;
import io.projectservice.analysis.AnalysisValidator;
import io.projectservice.analysis.offline.OfflineAnalyzer;
import io.projectservice.analysis.AnalysisConfig;
import io.projectservice.analysis.TestConfigs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without an API key: no LLM anywhere, the offline analyzer answers and says why. */
class ContextAnalyzerTest {

    @Test
    void noKeyMeansOffline() {
        AnalysisConfig config = TestConfigs.defaults();
        // no LLM analyzer at all: with the integration off it must never be touched
        ContextAnalyzer analyzer = new ContextAnalyzer(new LlmSettings(false, "gpt-4o-mini"), null,
                new OfflineAnalyzer(config), new AnalysisValidator(config));

        AnalysisResult result = analyzer.analyze("Libraries lend books to members. A member borrows books.",
                List.of("Loan"), List.of());

        assertEquals(AnalysisResult.OFFLINE, result.engine());
        assertEquals("no OPENAI_API_KEY configured", result.reason());
        assertEquals(null, result.model());
        assertEquals("loan", result.nodes().get(0).id());
        assertFalse(result.name().isBlank());
    }

    @Test
    void environmentSwitchesTheClient() {
        assertEquals(Map.of(OpenAiEnvironment.ENABLE, "false"), properties(Map.of()));
        assertEquals(Map.of(OpenAiEnvironment.ENABLE, "false"), properties(Map.of("OPENAI_API_KEY", "  ")));
        assertEquals(Map.of(OpenAiEnvironment.API_KEY, "sk-123", OpenAiEnvironment.ENABLE, "true"),
                properties(Map.of("OPENAI_API_KEY", " sk-123 ")));
    }

    private static Map<String, String> properties(Map<String, String> environment) {
        OpenAiEnvironment source = new OpenAiEnvironment(environment);
        return source.getProperties();
    }
}
