package io.projectservice.analysis;

import io.projectservice.analysis.language.Names;
import io.projectservice.analysis.language.NodeLabels;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules every analysis result obeys, whichever engine made it. Structural faults are
 * rejected with {@link InvalidAnalysisException}: a blank or too long name, a node without id,
 * two nodes with one id, an over-long id or label, too many nodes, edges or properties, a
 * property value too large. Local faults are repaired, so one sloppy detail does not throw away
 * a good answer: strings are trimmed, a missing label becomes the id, descriptions are cut to
 * their limit, edges to or from unknown nodes and duplicate edges are dropped, and a missing edge
 * label becomes {@code "related to"}. An LLM's answer is also held to what a node is
 * ({@link #validate(AnalysisResult, AnalysisInput)}).
 */
@ApplicationScoped
public class AnalysisValidator {
    static final String DEFAULT_EDGE_LABEL = "related to";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AnalysisConfig.Result limits;

    public AnalysisValidator(AnalysisConfig config) {
        this.limits = config.result();
    }

    /**
     * An LLM's answer: the rules above, and those the offline analyzer follows by construction -
     * a node names a thing, so a node whose label is a verb, an adjective or an instruction
     * ("Deliver", "Analyze", "Smart") is dropped with its edges, unless the user asked for it as
     * a concept name or it carries properties (a table's columns).
     */
    public AnalysisResult validate(AnalysisResult result, AnalysisInput input) {
        AnalysisResult valid = validate(result);
        java.util.Set<String> asked = new HashSet<>();
        input.conceptNames().forEach(c -> asked.add(Names.entityKey(c)));
        Set<String> dropped = new HashSet<>();
        List<AnalysisResult.Node> nodes = new ArrayList<>();
        for (AnalysisResult.Node node : valid.nodes()) {
            if (node.properties().isEmpty() && !asked.contains(Names.entityKey(node.label()))
                    && !asked.contains(Names.entityKey(node.id())) && !NodeLabels.namesAThing(node.label())) {
                dropped.add(node.id());
            } else {
                nodes.add(node);
            }
        }
        if (dropped.isEmpty()) {
            return valid;
        }
        List<AnalysisResult.Edge> edges = valid.edges().stream()
                .filter(e -> !dropped.contains(e.source()) && !dropped.contains(e.target())).toList();
        return new AnalysisResult(valid.name(), valid.description(), nodes, edges, valid.engine(), valid.model(),
                valid.reason());
    }

    public AnalysisResult validate(AnalysisResult result) {
        String name = trim(result.name());
        if (name == null || name.isEmpty()) {
            throw new InvalidAnalysisException("the name is empty");
        }
        if (name.length() > limits.maxNameLength()) {
            throw new InvalidAnalysisException("the name is " + name.length() + " characters long; the limit is "
                    + limits.maxNameLength());
        }
        if (result.nodes().size() > limits.maxNodes()) {
            throw new InvalidAnalysisException(result.nodes().size() + " nodes; the limit is " + limits.maxNodes());
        }
        if (result.edges().size() > limits.maxEdges()) {
            throw new InvalidAnalysisException(result.edges().size() + " edges; the limit is " + limits.maxEdges());
        }
        List<AnalysisResult.Node> nodes = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (AnalysisResult.Node node : result.nodes()) {
            AnalysisResult.Node clean = node(node);
            if (!ids.add(clean.id())) {
                throw new InvalidAnalysisException("two nodes have the id '" + clean.id() + "'");
            }
            nodes.add(clean);
        }
        Set<AnalysisResult.Edge> edges = new LinkedHashSet<>();
        for (AnalysisResult.Edge edge : result.edges()) {
            if (edge == null) {
                continue;
            }
            String source = trim(edge.source());
            String target = trim(edge.target());
            if (!ids.contains(source) || !ids.contains(target)) {
                continue;
            }
            String label = trim(edge.label());
            label = label == null || label.isEmpty() ? DEFAULT_EDGE_LABEL : label;
            edges.add(new AnalysisResult.Edge(source, target, label(label, "edge label")));
        }
        return new AnalysisResult(name, Names.cut(trim(result.description()), limits.maxDescriptionLength()),
                nodes, List.copyOf(edges), result.engine(), result.model(), result.reason());
    }

    private AnalysisResult.Node node(AnalysisResult.Node node) {
        if (node == null) {
            throw new InvalidAnalysisException("a node is null");
        }
        String id = trim(node.id());
        if (id == null || id.isEmpty()) {
            throw new InvalidAnalysisException("a node has no id");
        }
        label(id, "node id");
        String label = trim(node.label());
        label = label(label == null || label.isEmpty() ? id : label, "node label");
        Map<String, Object> properties = node.properties();
        if (properties.size() > limits.maxPropertiesPerNode()) {
            throw new InvalidAnalysisException("node '" + id + "' has " + properties.size()
                    + " properties; the limit is " + limits.maxPropertiesPerNode());
        }
        Map<String, Object> cleanProperties = new LinkedHashMap<>();
        properties.forEach((key, value) -> {
            String k = trim(key);
            if (k == null || k.isEmpty()) {
                throw new InvalidAnalysisException("node '" + id + "' has a property without a name");
            }
            label(k, "property name");
            if (jsonLength(value) > limits.maxPropertyValueLength()) {
                throw new InvalidAnalysisException("property '" + k + "' of node '" + id + "' is longer than "
                        + limits.maxPropertyValueLength() + " characters");
            }
            cleanProperties.put(k, value);
        });
        return new AnalysisResult.Node(id, label, Names.cut(trim(node.description()),
                limits.maxDescriptionLength()), cleanProperties);
    }

    private String label(String text, String what) {
        if (text.length() > limits.maxLabelLength()) {
            throw new InvalidAnalysisException("a " + what + " is " + text.length() + " characters long; the limit is "
                    + limits.maxLabelLength());
        }
        return text;
    }

    private static int jsonLength(Object value) {
        if (value == null) {
            return 4;
        }
        if (value instanceof String s) {
            return s.length();
        }
        try {
            return JSON.writeValueAsString(value).length();
        } catch (JsonProcessingException e) {
            throw new InvalidAnalysisException("a property value is not JSON");
        }
    }

    private static String trim(String s) {
        return s == null ? null : s.strip();
    }
}
