package io.projectservice.analysis;

import java.util.List;

/**
 * What one uploaded file yielded. A file that could not be read has {@code error} set (a sentence
 * for the user, no technical detail) and empty text; it never fails the whole analysis. A CSV or
 * workbook whose text was read but whose table was not keeps its text, with the error saying so.
 *
 * @param contentType the detected type, not the one the client declared
 * @param sha256 lowercase hex digest of the bytes
 * @param truncated the text was cut at the configured character limit
 */
public record ExtractedFile(String name, String contentType, long size, String sha256, String text, boolean truncated,
        String error, List<TableInfo> tables) {

    public ExtractedFile {
        text = text == null ? "" : text;
        tables = tables == null ? List.of() : List.copyOf(tables);
    }

    public static ExtractedFile failed(String name, String contentType, long size, String sha256, String error) {
        return new ExtractedFile(name, contentType, size, sha256, "", false, error, List.of());
    }

    public boolean ok() {
        return error == null;
    }
}
