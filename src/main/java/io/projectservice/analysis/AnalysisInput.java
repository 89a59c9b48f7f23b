package io.projectservice.analysis;

import java.util.List;
import java.util.Objects;

/** Everything one create-from-context analysis looks at. */
public record AnalysisInput(String context, List<String> conceptNames, List<ExtractedFile> files) {
    public AnalysisInput {
        context = context == null ? "" : context;
        conceptNames = conceptNames == null ? List.of() : conceptNames.stream().filter(Objects::nonNull).toList();
        files = files == null ? List.of() : files.stream().filter(Objects::nonNull).toList();
    }
}
