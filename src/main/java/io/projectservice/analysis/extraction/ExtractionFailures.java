package io.projectservice.analysis.extraction;

import io.projectservice.analysis.Deadline;
import io.projectservice.analysis.tables.TableInference;
import java.time.Duration;
import java.util.Locale;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaMemoryLimitException;
import org.apache.tika.exception.TikaTimeoutException;

/** Turns whatever a parser threw into one sentence for the user: no class names, no traces. */
public final class ExtractionFailures {
    static final String ZIP_BOMB = "The file expands to far more data than its size (a possible zip bomb),"
            + " so it was not read.";
    static final String ENCRYPTED = "The file is password-protected or encrypted; remove the protection and"
            + " upload it again.";

    private ExtractionFailures() {
    }

    static String timeout(Duration limit) {
        return "Reading the file did not finish within " + limit.toSeconds() + " seconds, so it was stopped.";
    }

    static String describe(Throwable failure, String typeName, Duration limit) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (t instanceof Deadline.Exceeded || t instanceof TikaTimeoutException) {
                return timeout(limit);
            }
            if (t instanceof EncryptedDocumentException || message.contains("password")
                    || message.contains("encrypted")) {
                return ENCRYPTED;
            }
            if (message.contains("zip bomb")) {
                return ZIP_BOMB;
            }
            if (t instanceof TikaMemoryLimitException || t instanceof OutOfMemoryError) {
                return "The file needs more memory to read than this server allows.";
            }
            if (t instanceof TableInference.TableException) {
                return t.getMessage();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return "The file could not be read; it may be damaged or not really a " + typeName + " file.";
    }
}
