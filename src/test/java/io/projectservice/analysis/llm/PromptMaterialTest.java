package io.projectservice.analysis.llm;

import io.projectservice.analysis.AnalysisConfig;
import io.projectservice.analysis.AnalysisInput;
import io.projectservice.analysis.ExtractedFile;
import io.projectservice.analysis.TestConfigs;
import io.projectservice.analysis.offline.OfflineAnalyzer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptMaterialTest {

    @Test
    void sharesGiveShortPiecesAllTheyNeed() {
        assertArrayEquals(new int[] {100, 450, 450}, PromptMaterial.shares(new int[] {100, 5000, 9000}, 1000));
        assertArrayEquals(new int[] {10, 20}, PromptMaterial.shares(new int[] {10, 20}, 1000));
        assertArrayEquals(new int[] {0, 0}, PromptMaterial.shares(new int[] {10, 20}, 0));
    }

    @Test
    void longTextIsCutToTheBudget() {
        AnalysisConfig config = TestConfigs.with(Map.of("projects.analysis.llm.input-budget-characters", "3000"));
        PromptMaterial material = new PromptMaterial(config, new OfflineAnalyzer(config));
        ExtractedFile big = new ExtractedFile("manual.pdf", "application/pdf", 1, "x", "lorem ipsum ".repeat(10_000),
                false, null, List.of());
        ExtractedFile broken = ExtractedFile.failed("broken.docx", "application/zip", 1, "x", "The file is empty.");
        String prompt = material.build(new AnalysisInput("Short context.", List.of("Alpha"), List.of(big, broken)));

        assertTrue(prompt.length() <= 3000, "length " + prompt.length());
        assertTrue(prompt.startsWith("Context from the user:\nShort context.\n"), prompt);
        assertTrue(prompt.contains("Concept names the user wants as nodes: Alpha"), prompt);
        assertTrue(prompt.contains("more characters not shown]"), prompt);
        assertTrue(prompt.contains("File \"broken.docx\" (application/zip): could not be read (The file is empty.)"),
                prompt);
        assertTrue(prompt.contains("Draft made without an LLM"), prompt);
    }

    /** The offline analysis goes to the LLM as a draft: its nodes with their properties, its edges. */
    @Test
    void draftCarriesTheOfflineAnalysis() {
        AnalysisConfig config = TestConfigs.defaults();
        PromptMaterial material = new PromptMaterial(config, new OfflineAnalyzer(config));
        String prompt = material.build(new AnalysisInput("Suppliers deliver components to plants. Each component has"
                + " a weight.", List.of(), List.of()));

        assertTrue(prompt.endsWith("""
                Draft made without an LLM by the rules above (keep what is right, fix what is wrong, add what is missing):
                name: Components and suppliers
                nodes: component (Component) [weight decimal]; supplier (Supplier); plant (Plant); delivery (Delivery)
                edges: supplier -delivers-> component; supplier -makes-> delivery; delivery -is for-> component; \
                supplier -delivers to-> plant""".strip()), prompt);
    }
}
