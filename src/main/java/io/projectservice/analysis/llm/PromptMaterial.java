package io.projectservice.analysis.llm;

import io.projectservice.analysis.AnalysisConfig;
import io.projectservice.analysis.AnalysisInput;
import io.projectservice.analysis.AnalysisResult;
import io.projectservice.analysis.ExtractedFile;
import io.projectservice.analysis.TableInfo;
import io.projectservice.analysis.language.Names;
import io.projectservice.analysis.offline.OfflineAnalyzer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The user message for the LLM, within a character budget. Table summaries, file headers and
 * the offline analyzer's draft always go in (they are short and carry the structure; the draft
 * is cut at {@value #DRAFT_MAX} characters); the prose - the user's context and each file's text -
 * shares what is left: every piece gets an equal share, and what a short piece does not need
 * goes to the longer ones. A piece over its share keeps its beginning.
 */
@ApplicationScoped
public class PromptMaterial {
    private static final int TABLE_SUMMARY_MAX = 2000;
    private static final int SAMPLE_ROWS_SHOWN = 2;
    static final int DRAFT_MAX = 4000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int budget;
    private final OfflineAnalyzer offline;

    public PromptMaterial(AnalysisConfig config, OfflineAnalyzer offline) {
        this.budget = config.llm().inputBudgetCharacters();
        this.offline = offline;
    }

    public String build(AnalysisInput input) {
        List<String> prose = new ArrayList<>();
        prose.add(input.context().strip());
        for (ExtractedFile file : input.files()) {
            prose.add(file.ok() && file.tables().isEmpty() ? file.text() : "");
        }
        StringBuilder fixed = new StringBuilder();
        List<String> headers = new ArrayList<>();
        if (!input.conceptNames().isEmpty()) {
            fixed.append("Concept names the user wants as nodes: ")
                    .append(String.join(", ", input.conceptNames())).append("\n\n");
        }
        for (ExtractedFile file : input.files()) {
            String header = header(file);
            headers.add(header);
            fixed.append(header);
        }
        String draft = draft(input.draft() != null ? input.draft() : offline.analyze(input));
        fixed.append(draft);
        int[] shares = shares(prose.stream().mapToInt(String::length).toArray(),
                Math.max(0, budget - fixed.length() - 200));

        StringBuilder out = new StringBuilder();
        if (!prose.get(0).isEmpty()) {
            out.append("Context from the user:\n").append(excerpt(prose.get(0), shares[0])).append("\n\n");
        }
        if (!input.conceptNames().isEmpty()) {
            out.append("Concept names the user wants as nodes: ").append(String.join(", ", input.conceptNames()))
                    .append("\n\n");
        }
        for (int i = 0; i < input.files().size(); i++) {
            out.append(headers.get(i));
            String text = prose.get(i + 1);
            if (!text.isEmpty()) {
                out.append("Text:\n").append(excerpt(text, shares[i + 1])).append("\n");
            }
            out.append("\n");
        }
        out.append(draft);
        return out.toString().strip();
    }

    /** The offline analysis, for the LLM to keep, correct and complete. */
    static String draft(AnalysisResult draft) {
        StringBuilder d = new StringBuilder("Draft made without an LLM by the rules above (keep what is right, fix what"
                + " is wrong, add what is missing):\nname: ").append(draft.name()).append("\nnodes: ");
        d.append(draft.nodes().stream().map(n -> n.id() + " (" + n.label() + ")" + (n.properties().isEmpty() ? ""
                : " " + n.properties().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", ", "[", "]"))))
                .collect(Collectors.joining("; ")));
        d.append("\nedges: ").append(draft.edges().stream().map(e -> e.source() + " -" + e.label() + "-> " + e.target())
                .collect(Collectors.joining("; ")));
        return Names.cut(d.toString(), DRAFT_MAX) + "\n";
    }

    private static String header(ExtractedFile file) {
        StringBuilder h = new StringBuilder("File \"").append(file.name()).append("\" (").append(file.contentType())
                .append(")");
        if (!file.ok()) {
            return h.append(": could not be read (").append(file.error()).append(")\n").toString();
        }
        h.append(":\n");
        for (TableInfo table : file.tables()) {
            String columns = table.columns().stream()
                    .map(c -> c.name() + " " + c.type().apiName() + (c.nullable() ? " nullable" : ""))
                    .collect(Collectors.joining(", "));
            String summary = "Table \"" + table.name() + "\", " + table.rowCount() + " rows; columns: " + columns
                    + "; first rows: " + json(table.sampleRows().stream().limit(SAMPLE_ROWS_SHOWN).toList()) + "\n";
            h.append(Names.cut(summary, TABLE_SUMMARY_MAX));
        }
        return h.toString();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    /** Water-filling: equal shares, with what short pieces leave over handed to the others. */
    static int[] shares(int[] lengths, int total) {
        int[] shares = new int[lengths.length];
        boolean[] done = new boolean[lengths.length];
        int left = total;
        int open = lengths.length;
        boolean changed = true;
        while (open > 0 && changed) {
            changed = false;
            int share = left / open;
            for (int i = 0; i < lengths.length; i++) {
                if (!done[i] && lengths[i] <= share) {
                    shares[i] = lengths[i];
                    left -= lengths[i];
                    done[i] = true;
                    open--;
                    changed = true;
                }
            }
        }
        for (int i = 0; i < lengths.length; i++) {
            if (!done[i]) {
                shares[i] = left / Math.max(1, open);
            }
        }
        return shares;
    }

    private static String excerpt(String text, int share) {
        if (text.length() <= share) {
            return text;
        }
        return Names.cut(text, Math.max(1, share)) + "\n[" + (text.length() - share) + " more characters not shown]";
    }
}
