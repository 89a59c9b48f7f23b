package io.projectservice.analysis.extraction;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.tika.extractor.DocumentSelector;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;

/**
 * Which documents inside a document are read: at most a fixed number, and never pictures, whose
 * OCR would make the time to read an ordinary slide deck unpredictable.
 */
public final class EmbeddedDocumentLimit implements DocumentSelector {
    private static final String[] PICTURE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff",
            ".webp", ".emf", ".wmf", ".svg"};

    private final int max;
    private final AtomicInteger selected = new AtomicInteger();

    EmbeddedDocumentLimit(int max) {
        this.max = max;
    }

    @Override
    public boolean select(Metadata metadata) {
        if (isPicture(metadata)) {
            return false;
        }
        return selected.incrementAndGet() <= max;
    }

    private static boolean isPicture(Metadata metadata) {
        String type = metadata.get(Metadata.CONTENT_TYPE);
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("image/")) {
            return true;
        }
        String name = metadata.get(TikaCoreProperties.RESOURCE_NAME_KEY);
        if (name == null) {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (String suffix : PICTURE_SUFFIXES) {
            if (lower.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }
}
