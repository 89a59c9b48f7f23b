package io.projectservice.analysis.llm;

import io.projectservice.analysis.AnalysisResult;
import java.util.List;

/** The typed answer the LLM is asked for; checked by {@link AnalysisValidator} before use. */
public record LlmAnalysis(String name, String description, List<AnalysisResult.Node> nodes,
        List<AnalysisResult.Edge> edges) {
}
