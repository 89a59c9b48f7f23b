package io.projectservice.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalysisValidatorTest {
    private final AnalysisValidator validator = new AnalysisValidator(TestConfigs.defaults());

    @Test
    void repairsLocalFaults() {
        AnalysisResult result = validator.validate(result("  Shop  ", "d".repeat(3000),
                List.of(node("a", ""), node(" b ", "B")),
                List.of(edge("a", "b", "has"), edge("a", "b", "has"), edge("a", "zzz", "dangling"),
                        edge("b", "a", " "))));
        assertEquals("Shop", result.name());
        assertEquals(2000, result.description().length());
        // a missing label becomes the id; ids are trimmed
        assertEquals(List.of(node("a", "a"), node("b", "B")), result.nodes());
        assertEquals(List.of(edge("a", "b", "has"), edge("b", "a", AnalysisValidator.DEFAULT_EDGE_LABEL)),
                result.edges());
    }

    @Test
    void rejectsStructuralFaults() {
        assertReject("the name is empty", result(" ", null, List.of(), List.of()));
        assertReject("the name is 201 characters long; the limit is 200", result("n".repeat(201), null, List.of(),
                List.of()));
        assertReject("a node has no id", result("x", null, List.of(node(" ", "l")), List.of()));
        assertReject("two nodes have the id 'a'", result("x", null, List.of(node("a", "1"), node("a", "2")), List.of()));
        assertReject("a node id is 201 characters long; the limit is 200",
                result("x", null, List.of(node("i".repeat(201), "l")), List.of()));
        List<AnalysisResult.Node> many = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            many.add(node("n" + i, "n"));
        }
        assertReject("201 nodes; the limit is 200", result("x", null, many, List.of()));
        AnalysisResult.Node fat = new AnalysisResult.Node("f", "F", null, Map.of("blob", "b".repeat(1001)));
        assertReject("property 'blob' of node 'f' is longer than 1000 characters", result("x", null, List.of(fat),
                List.of()));
    }

    /** An LLM's verb, adjective and instruction nodes go, with their edges; asked-for concepts and tables stay. */
    @Test
    void llmNodesMustNameThings() {
        AnalysisResult answer = result("Parcels", null,
                List.of(node("driver", "Driver"), node("parcel", "Parcel"), node("deliver", "Deliver"),
                        node("analyze", "Analyze"), node("smart", "Smart"), node("distribution_center",
                                "Distribution Center"), node("assemble", "Assemble"),
                        new AnalysisResult.Node("treated", "Treated", null, Map.of("day", "date"))),
                List.of(edge("driver", "parcel", "delivers"), edge("driver", "deliver", "does"),
                        edge("analyze", "parcel", "of"), edge("parcel", "distribution_center", "leaves")));

        AnalysisResult valid = validator.validate(answer,
                new AnalysisInput("Drivers deliver parcels.", List.of("assemble"), List.of()));

        assertEquals(List.of("driver", "parcel", "distribution_center", "assemble", "treated"),
                valid.nodes().stream().map(AnalysisResult.Node::id).toList());
        assertEquals(List.of(edge("driver", "parcel", "delivers"), edge("parcel", "distribution_center", "leaves")),
                valid.edges());
    }

    private void assertReject(String message, AnalysisResult result) {
        assertEquals(message, assertThrows(InvalidAnalysisException.class, () -> validator.validate(result))
                .getMessage());
    }

    private static AnalysisResult result(String name, String description, List<AnalysisResult.Node> nodes,
            List<AnalysisResult.Edge> edges) {
        return new AnalysisResult(name, description, nodes, edges, AnalysisResult.LLM, "m", null);
    }

    private static AnalysisResult.Node node(String id, String label) {
        return new AnalysisResult.Node(id, label, null, Map.of());
    }

    private static AnalysisResult.Edge edge(String source, String target, String label) {
        return new AnalysisResult.Edge(source, target, label);
    }
}
