package io.projectservice.analysis.offline;

import io.projectservice.analysis.AnalysisConfig;
import io.projectservice.analysis.AnalysisInput;
import io.projectservice.analysis.AnalysisResult;
import io.projectservice.analysis.ExtractedFile;
import io.projectservice.analysis.TestConfigs;
import io.projectservice.analysis.extraction.TextExtractor;
import io.projectservice.analysis.tables.TableInference;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The offline analysis of one file, timed without the service around it: Tika's extraction,
 * then {@link OfflineAnalyzer#analyze}, in this JVM, {@code runs} times. Prints wall and CPU
 * milliseconds per run (CPU: the whole process during extraction, which runs on a parser
 * thread; this thread during the analysis), so a run on a busy machine can still be compared.
 * Run by {@code bench/offline-analysis.sh}; not a test.
 */
public final class OfflineAnalysisTiming {
    private OfflineAnalysisTiming() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String context = "Customers place orders for products; suppliers deliver parts to warehouses. "
                + "Analyze invoices and identify late shipments.";
        byte[] bytes = Files.readAllBytes(file);
        AnalysisConfig config = TestConfigs.defaults();
        TableInference tables = new TableInference();
        TextExtractor extractor = new TextExtractor(config, tables);
        OfflineAnalyzer analyzer = new OfflineAnalyzer(config);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int run = 1; run <= runs; run++) {
            long wall0 = System.nanoTime();
            long process0 = os.getProcessCpuTime();
            ExtractedFile extracted = extractor.extract(file.getFileName().toString(), "application/pdf", bytes);
            long wall1 = System.nanoTime();
            long process1 = os.getProcessCpuTime();
            long thread1 = threads.getCurrentThreadCpuTime();
            AnalysisResult result = analyzer.analyze(new AnalysisInput(context, List.of("Customer"), List.of(extracted)));
            long wall2 = System.nanoTime();
            long thread2 = threads.getCurrentThreadCpuTime();
            System.out.printf("run=%d bytes=%d characters=%d extract_ms=%d extract_cpu_ms=%d analyze_ms=%d"
                    + " analyze_cpu_ms=%d total_ms=%d nodes=%d edges=%d name=\"%s\"%n", run, bytes.length,
                    extracted.text().length(), (wall1 - wall0) / 1_000_000, (process1 - process0) / 1_000_000,
                    (wall2 - wall1) / 1_000_000, (thread2 - thread1) / 1_000_000, (wall2 - wall0) / 1_000_000,
                    result.nodes().size(), result.edges().size(), result.name());
        }
        extractor.stop();
    }
}
