package io.projectservice.analysis.extraction;

import io.projectservice.analysis.TableInfo;
import io.projectservice.analysis.Deadline;
import io.projectservice.analysis.ExtractedFile;
import io.projectservice.analysis.AnalysisConfig;
import io.projectservice.analysis.tables.TableInference;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.StringWriter;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.exception.TikaConfigException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.extractor.DocumentSelector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.AutoDetectParserConfig;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.ocr.TesseractOCRConfig;
import org.apache.tika.parser.ocr.TesseractOCRParser;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.apache.tika.sax.BodyContentHandler;
import org.apache.tika.sax.WriteOutContentHandler;
import org.jboss.logging.Logger;

/**
 * Text (and tables) from one uploaded file with Apache Tika. {@link #extract} blocks its caller
 * for at most the parse timeout: the parse itself runs on a small pool of parser threads, so a
 * parser that never returns costs a pool thread, never the caller. Every failure - unsupported,
 * encrypted, corrupt, zip bomb, too slow - comes back as an {@link ExtractedFile} with an error.
 */
@ApplicationScoped
public class TextExtractor {
    private static final Logger LOG = Logger.getLogger(TextExtractor.class);
    private static final Pattern TRAILING_SPACE = Pattern.compile("[ \\t\\x0B\\f]+(?=\\n)");
    private static final Pattern BLANK_LINES = Pattern.compile("\\n{3,}");
    private static final int QUEUED_PARSES = 64;

    private final AnalysisConfig.Extraction limits;
    private final TableInference tables;
    private final TikaConfig tika;
    private final AutoDetectParser parser;
    private final SupportedTypes supported;
    private final boolean ocr;
    private final ThreadPoolExecutor pool;

    public TextExtractor(AnalysisConfig config, TableInference tables) {
        this.limits = config.extraction();
        this.tables = tables;
        this.tika = TikaConfig.getDefaultConfig();
        this.parser = new AutoDetectParser(tika);
        // the secure handler counts output against input: this is Tika's zip bomb and nesting guard
        AutoDetectParserConfig guard = new AutoDetectParserConfig(null,
                Math.min(1_000_000L, limits.maxCharacters()), limits.maxCompressionRatio(),
                limits.maxElementDepth(), limits.maxPackageDepth());
        parser.setAutoDetectParserConfig(guard);
        boolean tesseract = tesseractInstalled();
        this.ocr = limits.ocr() && tesseract;
        this.supported = new SupportedTypes(tika.getMediaTypeRegistry(), ocr, limits.ocr()
                ? "Text in images is read by OCR, which is not installed on this server."
                : "Reading text in images (OCR) is turned off on this server.");
        LOG.infof("text extraction: OCR of images %s", ocr ? "on (tesseract, " + limits.ocrLanguage() + ")"
                : limits.ocr() ? "off: tesseract is not installed" : "off by configuration");
        this.pool = parserPool(limits.parseThreads());
    }

    /** Whether image files are read (OCR configured and the tesseract binary found). */
    public boolean ocrAvailable() {
        return ocr;
    }

    /**
     * Blocks for up to the parse timeout (plus the time to hash and detect). Never throws for a
     * bad file. Safe to call from many threads at once.
     */
    public ExtractedFile extract(String fileName, String declaredContentType, byte[] bytes) {
        return extract(fileName, declaredContentType, new InMemory(bytes), sha256(bytes));
    }

    /**
     * {@link #extract(String, String, byte[])} for a file on disk (an upload the worker spooled
     * from the database), whose sha256 is known: Tika reads it from the file, so the document is
     * never held whole in the heap (except a delimited text file or a workbook, whose tables are
     * inferred from their bytes).
     */
    public ExtractedFile extract(String fileName, String declaredContentType, Path file, String sha256) {
        return extract(fileName, declaredContentType, new OnDisk(file), sha256);
    }

    private ExtractedFile extract(String fileName, String declaredContentType, Source source, String sha256) {
        String name = fileName == null || fileName.isBlank() ? "file" : fileName;
        long size = source.size();
        if (size == 0) {
            return ExtractedFile.failed(name, "application/octet-stream", 0, sha256, "The file is empty.");
        }
        Duration timeout = limits.parseTimeout();
        Deadline deadline = Deadline.in(timeout);
        // detection already opens containers, so it runs under the deadline too; the caller reads
        // the detected type from here when it gives up waiting
        AtomicReference<String> detected = new AtomicReference<>("application/octet-stream");
        Future<ExtractedFile> future;
        try {
            future = pool.submit(() -> read(name, declaredContentType, source, sha256, deadline, detected));
        } catch (RejectedExecutionException e) {
            return ExtractedFile.failed(name, detected.get(), size, sha256,
                    "The server is busy reading other files; try again in a moment.");
        }
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            LOG.infof("extraction of %s (%s, %d bytes) timed out after %s", name, detected.get(), size, timeout);
            return ExtractedFile.failed(name, detected.get(), size, sha256, ExtractionFailures.timeout(timeout));
        } catch (ExecutionException e) {
            LOG.infof("extraction of %s (%s, %d bytes) failed: %s", name, detected.get(), size, e.getCause());
            return ExtractedFile.failed(name, detected.get(), size, sha256, "The file could not be read.");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return ExtractedFile.failed(name, detected.get(), size, sha256, "Reading the file was interrupted.");
        }
    }

    /** Runs on a parser thread; turns every failure into the file's error. */
    private ExtractedFile read(String name, String declaredContentType, Source source, String sha256,
            Deadline deadline, AtomicReference<String> detected) {
        long size = source.size();
        MediaType type = detect(name, declaredContentType, source);
        String contentType = type.getBaseType().toString();
        detected.set(contentType);
        Optional<String> problem = supported.problem(type);
        if (problem.isPresent()) {
            return ExtractedFile.failed(name, contentType, size, sha256, problem.get());
        }
        try {
            if (SupportedTypes.isZipBased(type) && isZipBomb(source, deadline)) {
                LOG.infof("extraction of %s (%s, %d bytes) refused: zip bomb", name, contentType, size);
                return ExtractedFile.failed(name, contentType, size, sha256, ExtractionFailures.ZIP_BOMB);
            }
            Parsed parsed = parse(name, type, source, deadline);
            return new ExtractedFile(name, contentType, size, sha256, parsed.text(), parsed.truncated(),
                    parsed.tableError(), parsed.tables());
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            LOG.infof("extraction of %s (%s, %d bytes) failed: %s", name, contentType, size, e);
            return ExtractedFile.failed(name, contentType, size, sha256,
                    ExtractionFailures.describe(e, typeName(type), limits.parseTimeout()));
        }
    }

    private boolean isZipBomb(Source source, Deadline deadline) throws IOException {
        try (InputStream in = source.stream()) {
            return ZipBombCheck.isBomb(in, limits.maxCompressionRatio(), deadline);
        }
    }

    /** A file's bytes, wherever they are. */
    private interface Source {
        long size();

        /** For Tika: a file-backed stream reads the file in place (and opens containers from it). */
        TikaInputStream open() throws IOException;

        InputStream stream() throws IOException;

        /** The whole content: only for table inference, which reads its input whole. */
        byte[] bytes() throws IOException;
    }

    private record InMemory(byte[] content) implements Source {
        public long size() {
            return content.length;
        }

        public TikaInputStream open() {
            return TikaInputStream.get(content);
        }

        public InputStream stream() {
            return new ByteArrayInputStream(content);
        }

        public byte[] bytes() {
            return content;
        }
    }

    private record OnDisk(Path file) implements Source {
        public long size() {
            try {
                return Files.size(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public TikaInputStream open() throws IOException {
            return TikaInputStream.get(file);
        }

        public InputStream stream() throws IOException {
            return new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
        }

        public byte[] bytes() throws IOException {
            return Files.readAllBytes(file);
        }
    }

    private record Parsed(String text, boolean truncated, List<TableInfo> tables, String tableError) {
    }

    private Parsed parse(String name, MediaType type, Source source, Deadline deadline) throws Exception {
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
        metadata.set(Metadata.CONTENT_TYPE, type.toString());
        StringWriter text = new StringWriter();
        WriteOutContentHandler limited = new WriteOutContentHandler(text, limits.maxCharacters());
        boolean truncated = false;
        try (TikaInputStream in = source.open()) {
            parser.parse(in, new DeadlineContentHandler(new BodyContentHandler(limited), deadline), metadata,
                    context());
        } catch (Exception e) {
            if (!WriteLimitReachedException.isWriteLimitReached(e)) {
                throw e;
            }
            truncated = true;
        }
        deadline.check();
        List<TableInfo> found = new ArrayList<>();
        String tableError = null;
        try {
            if (SupportedTypes.isDelimitedText(type)) {
                tables.csv(name, source.bytes(), deadline).ifPresent(found::add);
            } else if (type.getBaseType().equals(SupportedTypes.XLSX)) {
                found.addAll(tables.xlsx(name, source.bytes(), deadline));
            }
        } catch (TableInference.TableException | IOException e) {
            // the text is still useful; the table is what failed
            tableError = ExtractionFailures.describe(e, typeName(type), limits.parseTimeout());
        }
        return new Parsed(tidy(text.toString()), truncated, found, tableError);
    }

    private ParseContext context() {
        ParseContext context = new ParseContext();
        context.set(Parser.class, parser);
        context.set(DocumentSelector.class, new EmbeddedDocumentLimit(limits.maxEmbeddedDocuments()));
        PDFParserConfig pdf = new PDFParserConfig();
        // scanned pages would be OCRed page by page, which no parse timeout accommodates
        pdf.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.NO_OCR);
        context.set(PDFParserConfig.class, pdf);
        TesseractOCRConfig tesseract = new TesseractOCRConfig();
        tesseract.setSkipOcr(!ocr);
        tesseract.setLanguage(limits.ocrLanguage());
        tesseract.setTimeoutSeconds((int) Math.max(1, limits.parseTimeout().toSeconds()));
        context.set(TesseractOCRConfig.class, tesseract);
        return context;
    }

    private MediaType detect(String name, String declaredContentType, Source source) {
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
        if (declaredContentType != null && !declaredContentType.isBlank()) {
            metadata.set(Metadata.CONTENT_TYPE, declaredContentType);
        }
        try (TikaInputStream in = source.open()) {
            return tika.getDetector().detect(in, metadata);
        } catch (IOException | RuntimeException e) {
            LOG.debugf("type detection of %s failed: %s", name, e);
            return MediaType.OCTET_STREAM;
        }
    }

    private static String typeName(MediaType type) {
        String subtype = type.getSubtype();
        if (subtype.contains("wordprocessingml")) {
            return "Word";
        }
        if (subtype.contains("spreadsheetml")) {
            return "Excel";
        }
        if (subtype.contains("presentationml")) {
            return "PowerPoint";
        }
        return subtype.replace("x-", "").toUpperCase(java.util.Locale.ROOT);
    }

    private static String tidy(String text) {
        String unix = text.replace("\r\n", "\n").replace('\r', '\n');
        return BLANK_LINES.matcher(TRAILING_SPACE.matcher(unix).replaceAll("")).replaceAll("\n\n").strip();
    }

    /** Lowercase hex SHA-256, the digest every stored file is known by. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean tesseractInstalled() {
        try {
            return new TesseractOCRParser().hasTesseract();
        } catch (TikaConfigException | RuntimeException e) {
            return false;
        }
    }

    private static ThreadPoolExecutor parserPool(int threads) {
        AtomicInteger n = new AtomicInteger();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUED_PARSES), r -> {
                    Thread t = new Thread(r, "tika-parser-" + n.incrementAndGet());
                    t.setDaemon(true);
                    t.setContextClassLoader(loader);
                    return t;
                });
    }

    @PreDestroy
    public void stop() {
        pool.shutdownNow();
    }
}
