package io.projectservice.analysis.jobs;

import io.projectservice.analysis.llm.LlmFailures;
import io.projectservice.analysis.AnalysisInput;
import io.projectservice.analysis.AnalysisResult;
import io.projectservice.analysis.AnalysisValidator;
import io.projectservice.analysis.ExtractedFile;
import io.projectservice.analysis.llm.LlmAnalyzer;
import io.projectservice.analysis.llm.LlmSettings;
import io.projectservice.analysis.offline.OfflineAnalyzer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Entry point of create-from-context's analysis: the LLM when one is configured, otherwise (or
 * when it fails or answers nonsense) the offline analyzer. Blocking - up to the LLM timeout
 * times its attempts - so call it from a worker thread, never the event loop. Never throws for
 * bad input or a bad LLM; the result's {@code engine} and {@code reason} say what happened.
 */
@ApplicationScoped
public class ContextAnalyzer {
    static final String NO_KEY = "no OPENAI_API_KEY configured";
    private static final Logger LOG = Logger.getLogger(ContextAnalyzer.class);

    private final LlmSettings settings;
    private final LlmAnalyzer llm;
    private final OfflineAnalyzer offline;
    private final AnalysisValidator validator;

    public ContextAnalyzer(LlmSettings settings, LlmAnalyzer llm, OfflineAnalyzer offline,
            AnalysisValidator validator) {
        this.settings = settings;
        this.llm = llm;
        this.offline = offline;
        this.validator = validator;
    }

    public AnalysisResult analyze(String context, List<String> conceptNames, List<ExtractedFile> files) {
        AnalysisInput input = new AnalysisInput(context, conceptNames, files);
        if (!settings.enabled()) {
            return offline(input, NO_KEY);
        }
        try {
            // the draft first, on this worker thread: its time is not the LLM's
            AnalysisInput withDraft = input.withDraft(offline.analyze(input));
            // validated inside; failures come back as an offline result through the fallback
            return llm.analyze(withDraft);
        } catch (RuntimeException e) {
            LOG.warnf("LLM analysis failed outside its fallback: %s", e.toString());
            return offline(input, LlmFailures.reason(e));
        }
    }

    private AnalysisResult offline(AnalysisInput input, String reason) {
        return validator.validate(offline.analyze(input)).withEngine(AnalysisResult.OFFLINE, null, reason);
    }
}
