package io.projectservice.analysis;

/** An analysis result that breaks the rules of {@link AnalysisValidator}; the message says which. */
public class InvalidAnalysisException extends RuntimeException {
    public InvalidAnalysisException(String message) {
        super(message, null, false, false);
    }
}
