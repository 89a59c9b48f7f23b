package io.projectservice.analysis;

import java.util.List;
import java.util.Map;

/**
 * What create-from-context makes of the user's context and files: a project name and
 * description and an ontology (nodes and edges).
 *
 * @param engine {@link #LLM} or {@link #OFFLINE}
 * @param model the LLM's model name; null for the offline analyzer
 * @param reason why this engine produced the result, e.g. {@code "no OPENAI_API_KEY configured"}
 */
public record AnalysisResult(String name, String description, List<Node> nodes, List<Edge> edges, String engine,
        String model, String reason) {
    public static final String LLM = "llm";
    public static final String OFFLINE = "offline";

    public AnalysisResult {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        edges = edges == null ? List.of() : List.copyOf(edges);
    }

    /** @param properties attributes of the node (a table node: column name to column type) */
    public record Node(String id, String label, String description, Map<String, Object> properties) {
        public Node {
            properties = properties == null ? Map.of() : properties;
        }
    }

    public record Edge(String source, String target, String label) {
    }

    public AnalysisResult withEngine(String engine, String model, String reason) {
        return new AnalysisResult(name, description, nodes, edges, engine, model, reason);
    }
}
