package io.projectservice.analysis;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Limits of create-from-context's analysis core (prefix {@code projects.analysis}). The LLM
 * connection itself is configured by {@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL} and
 * {@code OPENAI_MODEL}; see {@link OpenAiEnvironment}.
 */
@ConfigMapping(prefix = "projects.analysis")
public interface AnalysisConfig {

    Extraction extraction();

    Llm llm();

    Result result();

    Offline offline();

    interface Extraction {
        /** Extracted text beyond this many characters is cut and the file marked truncated. */
        @WithDefault("1000000")
        int maxCharacters();

        /** One file's parse (and table inference) is abandoned after this long. */
        @WithDefault("30s")
        Duration parseTimeout();

        /** Parser threads; parses beyond this wait in line, their wait counting toward the timeout. */
        @WithDefault("2")
        int parseThreads();

        /** Documents inside a document (attachments, zip entries) that are read; the rest are skipped. */
        @WithDefault("100")
        int maxEmbeddedDocuments();

        /** Nesting of documents inside documents (a zip in a docx in a zip ...). */
        @WithDefault("5")
        int maxPackageDepth();

        /** Nesting of elements in the parsed document's XHTML. */
        @WithDefault("100")
        int maxElementDepth();

        /** Characters of output per byte of input above which a document counts as a zip bomb. */
        @WithDefault("100")
        long maxCompressionRatio();

        /** OCR of image files, when the {@code tesseract} binary is installed. */
        @WithDefault("true")
        boolean ocr();

        /** Tesseract language(s), e.g. {@code eng} or {@code eng+deu}; each needs its traineddata package. */
        @WithDefault("eng")
        String ocrLanguage();
    }

    interface Llm {
        /** Characters of context, file text and table summaries sent to the LLM in one request. */
        @WithDefault("24000")
        int inputBudgetCharacters();
    }

    /** Caps on an analysis result, whichever engine produced it. */
    interface Result {
        @WithDefault("200")
        int maxNameLength();

        /** Longer descriptions are cut, not rejected. */
        @WithDefault("2000")
        int maxDescriptionLength();

        @WithDefault("200")
        int maxNodes();

        @WithDefault("500")
        int maxEdges();

        /** Node ids, node labels and edge labels. */
        @WithDefault("200")
        int maxLabelLength();

        @WithDefault("100")
        int maxPropertiesPerNode();

        /** Characters of one property value written as JSON. */
        @WithDefault("1000")
        int maxPropertyValueLength();
    }

    interface Offline {
        /** Nodes made from the entities of the text, besides concepts and tables. */
        @WithDefault("20")
        int maxTermNodes();

        /**
         * Characters of text the offline analyzer tags and reads: the context first, then
         * sentences spread evenly over the files. Bounds its time (the tagger reads about
         * 150,000 words a second once warm).
         */
        @WithDefault("200000")
        int maxAnalyzedCharacters();
    }
}
