package io.projectservice.analysis;

import java.util.List;
import java.util.Objects;

/**
 * Everything one create-from-context analysis looks at.
 *
 * @param draft the offline analysis of the same input, made before the LLM is asked (so its time
 *     does not count against the LLM's timeout) and given to it as a draft; null until then
 */
public record AnalysisInput(String context, List<String> conceptNames, List<ExtractedFile> files,
        AnalysisResult draft) {
    public AnalysisInput {
        context = context == null ? "" : context;
        conceptNames = conceptNames == null ? List.of() : conceptNames.stream().filter(Objects::nonNull).toList();
        files = files == null ? List.of() : files.stream().filter(Objects::nonNull).toList();
    }

    public AnalysisInput(String context, List<String> conceptNames, List<ExtractedFile> files) {
        this(context, conceptNames, files, null);
    }

    public AnalysisInput withDraft(AnalysisResult offlineResult) {
        return new AnalysisInput(context, conceptNames, files, offlineResult);
    }
}
