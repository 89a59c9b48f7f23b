package io.projectservice.analysis.extraction;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;

/**
 * The detected types create-from-context reads. Everything in the plain-text family (TXT,
 * Markdown, CSV, JSON, XML ...) is text; the rest is an explicit list, so an archive or an
 * executable is refused before any parser touches it.
 */
public final class SupportedTypes {
    static final MediaType XLSX = MediaType.application("vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    static final MediaType CSV = MediaType.text("csv");
    static final MediaType TSV = MediaType.text("tab-separated-values");

    private static final Set<MediaType> DOCUMENTS = Set.of(
            MediaType.application("pdf"),
            MediaType.application("vnd.openxmlformats-officedocument.wordprocessingml.document"),
            XLSX,
            MediaType.application("vnd.openxmlformats-officedocument.presentationml.presentation"),
            MediaType.text("html"),
            MediaType.application("xhtml+xml"));
    private static final Set<MediaType> IMAGES = Set.of(MediaType.image("png"), MediaType.image("jpeg"),
            MediaType.image("tiff"), MediaType.image("webp"));
    private static final Map<String, String> KNOWN_NAMES = Map.of(
            "application/zip", "ZIP archives",
            "application/msword", "Word 97-2003 documents (.doc)",
            "application/vnd.ms-excel", "Excel 97-2003 workbooks (.xls)",
            "application/vnd.ms-powerpoint", "PowerPoint 97-2003 presentations (.ppt)",
            "application/octet-stream", "unrecognised binary files",
            "application/x-tika-ooxml", "unrecognised Office files");

    private final MediaTypeRegistry registry;
    private final boolean ocr;
    private final String ocrMissing;

    SupportedTypes(MediaTypeRegistry registry, boolean ocr, String ocrMissing) {
        this.registry = registry;
        this.ocr = ocr;
        this.ocrMissing = ocrMissing;
    }

    /** Why a file of this type cannot be read, or empty when it can. */
    Optional<String> problem(MediaType detected) {
        MediaType type = detected.getBaseType();
        if (DOCUMENTS.contains(type) || registry.isInstanceOf(type, MediaType.TEXT_PLAIN)) {
            return Optional.empty();
        }
        if (IMAGES.contains(type)) {
            return ocr ? Optional.empty() : Optional.of(ocrMissing);
        }
        String what = KNOWN_NAMES.getOrDefault(type.toString(), "files of type " + type);
        return Optional.of(Character.toUpperCase(what.charAt(0)) + what.substring(1) + " are not supported; upload"
                + " PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), HTML, text, Markdown, JSON, CSV or"
                + " image (PNG, JPEG, TIFF, WebP) files.");
    }

    /** Office Open XML: a zip of XML parts. */
    static boolean isZipBased(MediaType type) {
        return type.getSubtype().startsWith("vnd.openxmlformats-officedocument.");
    }

    static boolean isDelimitedText(MediaType type) {
        MediaType base = type.getBaseType();
        return base.equals(CSV) || base.equals(TSV);
    }
}
