package io.projectservice.analysis.extraction;

import io.projectservice.analysis.ColumnType;
import io.projectservice.analysis.ExtractedFile;
import io.projectservice.analysis.SampleFiles;
import io.projectservice.analysis.TableInfo;
import io.projectservice.analysis.TestConfigs;
import io.projectservice.analysis.tables.TableInference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.projectservice.support.RequiredTools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every supported kind of file, and every kind of bad file, through the real Tika parsers. */
@Timeout(60)
class TextExtractorTest {
    private static TextExtractor extractor;

    @BeforeAll
    static void start() {
        extractor = new TextExtractor(TestConfigs.defaults(), new TableInference());
    }

    @AfterAll
    static void stop() {
        extractor.stop();
    }

    @Test
    void pdf() throws Exception {
        byte[] bytes = SampleFiles.pdf(List.of("Quarterly revenue report", "Customers placed 420 orders."));
        ExtractedFile file = extractor.extract("report.pdf", "application/octet-stream", bytes);
        assertNull(file.error());
        assertEquals("application/pdf", file.contentType());
        assertEquals(bytes.length, file.size());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), file.sha256());
        assertTrue(file.text().contains("Customers placed 420 orders."), file.text());
        assertFalse(file.truncated());
    }

    @Test
    void docxAndPptx() {
        ExtractedFile doc = extractor.extract("notes.docx", null, SampleFiles.docx("Warehouse stock levels",
                "Every warehouse holds products."));
        assertNull(doc.error());
        assertEquals("application/vnd.openxmlformats-officedocument.wordprocessingml.document", doc.contentType());
        assertTrue(doc.text().contains("Every warehouse holds products."), doc.text());

        ExtractedFile slides = extractor.extract("deck.pptx", null, SampleFiles.pptx("Roadmap 2025", "Launch"));
        assertNull(slides.error());
        assertEquals("application/vnd.openxmlformats-officedocument.presentationml.presentation",
                slides.contentType());
        assertTrue(slides.text().contains("Roadmap 2025"), slides.text());
    }

    @Test
    void xlsxSheetsBecomeTables() {
        byte[] bytes = SampleFiles.xlsx(Map.of("Q1 Sales", List.of(
                List.of("id", "region", "amount", "booked_on", "paid"),
                List.of(1, "North", 10.5, LocalDate.of(2024, 1, 31), true),
                List.of(2, "South", 7, LocalDate.of(2024, 2, 29), false))));
        ExtractedFile file = extractor.extract("Sales Report.xlsx", null, bytes);
        assertNull(file.error());
        assertTrue(file.text().contains("North"), file.text());
        assertEquals(1, file.tables().size());
        TableInfo table = file.tables().get(0);
        assertEquals("sales_report_q1_sales", table.name());
        assertEquals(List.of(
                new TableInfo.Column("id", ColumnType.INTEGER, false),
                new TableInfo.Column("region", ColumnType.STRING, false),
                new TableInfo.Column("amount", ColumnType.DECIMAL, false),
                new TableInfo.Column("booked_on", ColumnType.DATE, false),
                new TableInfo.Column("paid", ColumnType.BOOLEAN, false)), table.columns());
        assertEquals(2, table.rowCount());
        assertEquals("2024-02-29", table.sampleRows().get(1).get("booked_on"));
    }

    @Test
    void textFormats() {
        assertText("readme.md", "# Inventory\n\nThe *inventory* tracks items.", "The *inventory* tracks items.",
                "text/markdown");
        assertText("data.json", "{\"customer\": \"Ada\", \"orders\": 3}", "\"customer\": \"Ada\"",
                "application/json");
        assertText("page.html", "<html><head><title>T</title></head><body><p>Suppliers ship parts.</p></body></html>",
                "Suppliers ship parts.", "text/html");
        assertText("notes.txt", "Plain notes about shipments.", "Plain notes about shipments.", "text/plain");
        ExtractedFile csv = assertText("orders.csv", "id,customer_id\n1,7\n", "customer_id", "text/csv");
        assertEquals("orders", csv.tables().get(0).name());
    }

    @Test
    void imagesAreReadByOcr() {
        RequiredTools.require(extractor.ocrAvailable(), "tesseract (apt-get install tesseract-ocr tesseract-ocr-eng)");
        ExtractedFile file = extractor.extract("scan.png", "image/png", SampleFiles.png("INVOICE 2024"));
        assertNull(file.error());
        assertEquals("image/png", file.contentType());
        assertTrue(file.text().toUpperCase().contains("INVOICE"), file.text());
    }

    @Test
    void imagesWithoutOcrAreRefused() {
        TextExtractor noOcr = new TextExtractor(TestConfigs.with(Map.of("projects.analysis.extraction.ocr", "false")),
                new TableInference());
        try {
            ExtractedFile file = noOcr.extract("scan.png", null, SampleFiles.png("HELLO"));
            assertEquals("image/png", file.contentType());
            assertEquals("Reading text in images (OCR) is turned off on this server.", file.error());
        } finally {
            noOcr.stop();
        }
    }

    @Test
    void zipBombIsRefused() {
        byte[] bomb = SampleFiles.docxBomb(200);
        ExtractedFile file = extractor.extract("huge.docx", null, bomb);
        assertEquals(ExtractionFailures.ZIP_BOMB, file.error());
        assertEquals("", file.text());
    }

    @Test
    void corruptPdf() {
        byte[] pdf = SampleFiles.pdf(List.of("Some text that will be lost."));
        byte[] corrupt = new byte[pdf.length / 3];
        System.arraycopy(pdf, 0, corrupt, 0, 16);
        for (int i = 16; i < corrupt.length; i++) {
            corrupt[i] = (byte) (i * 31);
        }
        ExtractedFile file = extractor.extract("broken.pdf", "application/pdf", corrupt);
        assertEquals("application/pdf", file.contentType());
        assertEquals("The file could not be read; it may be damaged or not really a PDF file.", file.error());
    }

    @Test
    void encryptedPdf() throws IOException {
        byte[] plain = SampleFiles.pdf(List.of("Secret"));
        byte[] encrypted;
        try (PDDocument doc = Loader.loadPDF(plain); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.protect(new StandardProtectionPolicy("owner-pw", "user-pw", new AccessPermission()));
            doc.save(out);
            encrypted = out.toByteArray();
        }
        ExtractedFile file = extractor.extract("secret.pdf", null, encrypted);
        assertEquals(ExtractionFailures.ENCRYPTED, file.error());
    }

    @Test
    void unsupportedAndEmptyFiles() {
        ExtractedFile zip = extractor.extract("archive.zip", null, zipOf("a.txt"));
        assertEquals("application/zip", zip.contentType());
        assertTrue(zip.error().startsWith("ZIP archives are not supported; upload PDF"), zip.error());

        ExtractedFile exe = extractor.extract("tool.bin", null, new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0});
        assertTrue(exe.error().contains("are not supported"), exe.error());

        assertEquals("The file is empty.", extractor.extract("empty.txt", "text/plain", new byte[0]).error());
    }

    @Test
    void longTextIsTruncatedAtTheLimit() {
        TextExtractor small = new TextExtractor(TestConfigs.with(Map.of(
                "projects.analysis.extraction.max-characters", "1000")), new TableInference());
        try {
            String text = "word ".repeat(5000);
            ExtractedFile file = small.extract("long.txt", null, text.getBytes(StandardCharsets.UTF_8));
            assertNull(file.error());
            assertTrue(file.truncated());
            assertTrue(file.text().length() <= 1000, "length " + file.text().length());
        } finally {
            small.stop();
        }
    }

    @Test
    void slowParseIsStoppedAtTheTimeout() {
        TextExtractor hurried = new TextExtractor(TestConfigs.with(Map.of(
                "projects.analysis.extraction.parse-timeout", "1ms")), new TableInference());
        try {
            byte[] pdf = SampleFiles.pdf(IntStream.range(0, 2000).mapToObj(i -> "line " + i).toList());
            ExtractedFile file = hurried.extract("big.pdf", null, pdf);
            assertEquals("Reading the file did not finish within 0 seconds, so it was stopped.", file.error());
        } finally {
            hurried.stop();
        }
    }

    private static ExtractedFile assertText(String name, String content, String expected, String type) {
        ExtractedFile file = extractor.extract(name, null, content.getBytes(StandardCharsets.UTF_8));
        assertNull(file.error(), name);
        assertEquals(type, file.contentType(), name);
        assertTrue(file.text().contains(expected), name + ": " + file.text());
        return file;
    }

    private static byte[] zipOf(String entry) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream();
                java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
            zip.putNextEntry(new java.util.zip.ZipEntry(entry));
            zip.write("hello".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.finish();
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
