package io.projectservice.analysis.llm;

import io.projectservice.analysis.AnalysisInput;
import io.projectservice.analysis.AnalysisResult;
import io.projectservice.analysis.AnalysisValidator;
import io.projectservice.analysis.InvalidAnalysisException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.service.output.OutputParsingException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * One analysis by the LLM, blocking. Bounded in every way: a timeout per attempt, a few retries
 * for failures that may pass (HTTP 5xx, 408, 429, connection trouble) and none for those that
 * will not (an invalid answer, a rejected request, a timeout), a circuit breaker so an LLM that
 * is down costs nothing for a while, and the offline analyzer as the fallback - with the reason
 * in the result. Each value can be overridden with
 * {@code quarkus.fault-tolerance."io.projectservice.analysis.llm.LlmAnalyzer/analyze".<strategy>.<property>}.
 */
@ApplicationScoped
public class LlmAnalyzer {
    static final String ANSWERED = "LLM configured and answered";

    private final ProjectAnalyst analyst;
    private final PromptMaterial material;
    private final AnalysisValidator validator;
    private final LlmSettings settings;

    public LlmAnalyzer(ProjectAnalyst analyst, PromptMaterial material, AnalysisValidator validator,
            LlmSettings settings) {
        this.analyst = analyst;
        this.material = material;
        this.validator = validator;
        this.settings = settings;
    }

    @Timeout(value = 60, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 1, delayUnit = ChronoUnit.SECONDS, jitter = 200,
            abortOn = {LlmOutputException.class, LlmRejectedException.class, TimeoutException.class})
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 60, delayUnit = ChronoUnit.SECONDS,
            skipOn = LlmOutputException.class)
    @Fallback(LlmFallback.class)
    public AnalysisResult analyze(AnalysisInput input) {
        LlmAnalysis answer;
        try {
            answer = analyst.analyze(material.build(input));
        } catch (OutputParsingException e) {
            throw new LlmOutputException("the answer is not JSON of the expected shape");
        } catch (NonRetriableException e) {
            int status = LlmFailures.status(e);
            if (status < 0) {
                throw e;
            }
            throw new LlmRejectedException(status, e);
        }
        if (answer == null) {
            throw new LlmOutputException("the answer is empty");
        }
        try {
            return validator.validate(new AnalysisResult(answer.name(), answer.description(), answer.nodes(),
                    answer.edges(), AnalysisResult.LLM, settings.model(), ANSWERED), input);
        } catch (InvalidAnalysisException e) {
            throw new LlmOutputException(e.getMessage());
        }
    }
}
