package io.projectservice.analysis.llm;

import io.projectservice.analysis.AnalysisInput;
import io.projectservice.analysis.AnalysisResult;
import io.projectservice.analysis.AnalysisValidator;
import io.projectservice.analysis.offline.OfflineAnalyzer;
import jakarta.enterprise.context.Dependent;
import org.eclipse.microprofile.faulttolerance.ExecutionContext;
import org.eclipse.microprofile.faulttolerance.FallbackHandler;
import org.jboss.logging.Logger;

/** When the LLM path fails for good: the offline analysis of the same input, saying why. */
@Dependent
public class LlmFallback implements FallbackHandler<AnalysisResult> {
    private static final Logger LOG = Logger.getLogger(LlmFallback.class);

    private final OfflineAnalyzer offline;
    private final AnalysisValidator validator;

    public LlmFallback(OfflineAnalyzer offline, AnalysisValidator validator) {
        this.offline = offline;
        this.validator = validator;
    }

    @Override
    public AnalysisResult handle(ExecutionContext context) {
        String reason = LlmFailures.reason(context.getFailure());
        LOG.warnf("LLM analysis failed, using the offline analyzer: %s (%s)", reason, context.getFailure());
        AnalysisInput input = (AnalysisInput) context.getParameters()[0];
        return validator.validate(offline.analyze(input)).withEngine(AnalysisResult.OFFLINE, null, reason);
    }
}
