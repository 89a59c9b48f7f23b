package io.projectservice.analysis.extraction;

import io.projectservice.analysis.Deadline;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;

/**
 * Inflates every entry of a zip-based file (DOCX, XLSX, PPTX) without keeping anything, and
 * calls it a bomb when an entry expands more than the allowed ratio (past a small grace size, as
 * POI does). Tika's own guard compares output characters with input bytes, which the extracted
 * text limit usually stops first; this check looks at the bytes themselves, so a bomb is named as
 * such instead of being read as a merely truncated document.
 */
public final class ZipBombCheck {
    private static final long GRACE_BYTES = 100 * 1024;

    private ZipBombCheck() {
    }

    /** Reads the zip from {@code zip} (and closes it) without keeping what it inflates. */
    static boolean isBomb(InputStream zip, long maxRatio, Deadline deadline) {
        byte[] buffer = new byte[64 * 1024];
        try (ZipArchiveInputStream in = new ZipArchiveInputStream(zip, "UTF-8", true, true)) {
            while (in.getNextEntry() != null) {
                while (in.read(buffer) >= 0) {
                    long inflated = in.getUncompressedCount();
                    if (inflated > GRACE_BYTES && inflated > Math.max(1, in.getCompressedCount()) * maxRatio) {
                        return true;
                    }
                    deadline.check();
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            if (e instanceof Deadline.Exceeded exceeded) {
                throw exceeded;
            }
            // not a zip this reader understands: the parser will say what is wrong with it
            return false;
        }
    }
}
