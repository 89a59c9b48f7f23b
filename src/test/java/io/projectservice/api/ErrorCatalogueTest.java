package io.projectservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.projectservice.errors.Refusal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/ERRORS.md and the code agree, both ways: every code the service can answer with (read
 * from the sources: the Refusal factories and constructor, PartialFailure, ProtocolError) is in
 * the catalogue with the status the API gives it, and every code of the catalogue is used. The
 * OpenAPI document's ErrorCode lists the same codes. Plain JUnit: no service is started.
 */
class ErrorCatalogueTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path CATALOGUE = Path.of("docs/ERRORS.md");
    private static final Path OPENAPI = Path.of("src/main/resources/META-INF/openapi.yaml");
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    private static final String FACTORIES = "invalid|unauthenticated|forbidden|notFound|conflict|tooLarge"
            + "|unprocessable|rateLimited|unavailable";
    private static final Pattern FACTORY = Pattern.compile("\\bRefusal\\.(" + FACTORIES + ")\\(\\s*(\"?)([^\",)]*)");
    private static final Pattern CONSTRUCTOR =
            Pattern.compile("new Refusal\\(\\s*(?:Refusal\\.)?Kind\\.(\\w+),\\s*(\"?)([^\",)]*)");
    private static final Pattern PARTIAL = Pattern.compile("new PartialFailure\\(\\s*(\"?)([^\",)]*)");
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `([^`]+)` \\| (\\d{3}) \\|");

    /** Code to the HTTP status the service answers it with, from the sources. */
    private static final Map<String, Integer> used = new TreeMap<>();
    private static final List<String> problems = new ArrayList<>();

    @BeforeAll
    static void readTheSources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (file.endsWith(Path.of("errors", "Refusal.java"))) {
                    continue; // the factories themselves pass their code on
                }
                String text = Files.readString(file);
                Matcher m = FACTORY.matcher(text);
                while (m.find()) {
                    use(file, m.group(2), m.group(3), ErrorMapping.status(kindOf(m.group(1))));
                }
                m = CONSTRUCTOR.matcher(text);
                while (m.find()) {
                    use(file, m.group(2), m.group(3), ErrorMapping.status(Refusal.Kind.valueOf(m.group(1))));
                }
                m = PARTIAL.matcher(text);
                while (m.find()) {
                    use(file, m.group(1), m.group(2), ErrorMapping.PARTIAL_FAILURE_STATUS);
                }
            }
        }
        for (ProtocolError error : ProtocolError.values()) {
            use(Path.of("api/ProtocolError.java"), "\"", error.code, error.status);
        }
    }

    private static Refusal.Kind kindOf(String factory) {
        try {
            var make = Refusal.class.getMethod(factory, String.class, String.class);
            return ((Refusal) make.invoke(null, "c", "m")).kind();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(factory, e);
        }
    }

    private static void use(Path file, String quote, String code, int status) {
        if (quote.isEmpty()) {
            problems.add(file + ": a code that is not a string literal (" + code + ")"
                    + ": write the code where it is used");
        } else if (!CODE.matcher(code).matches()) {
            problems.add(file + ": '" + code + "' is not lower_snake_case");
        } else {
            Integer before = used.put(code, status);
            if (before != null && before != status) {
                problems.add(file + ": '" + code + "' answered with " + before + " and " + status
                        + ": one code, one status");
            }
        }
    }

    private static Map<String, Integer> catalogue() throws IOException {
        Map<String, Integer> documented = new TreeMap<>();
        Matcher row = ROW.matcher(Files.readString(CATALOGUE));
        while (row.find()) {
            Integer before = documented.put(row.group(1), Integer.parseInt(row.group(2)));
            assertEquals(null, before, "documented twice: " + row.group(1));
        }
        return documented;
    }

    @Test
    void everyCodeIsAStringLiteralWithOneStatus() {
        assertEquals(List.of(), problems);
        assertTrue(used.size() > 50, "the scan found the codes: " + used.keySet());
    }

    @Test
    void everyCodeUsedIsDocumentedWithItsStatus() throws IOException {
        Map<String, Integer> documented = catalogue();
        Map<String, Integer> missing = new TreeMap<>(used);
        missing.keySet().removeAll(documented.keySet());
        assertEquals(Map.of(), missing, "codes the service uses that docs/ERRORS.md does not list");
        Map<String, String> wrongStatus = new TreeMap<>();
        used.forEach((code, status) -> {
            if (documented.containsKey(code) && !documented.get(code).equals(status)) {
                wrongStatus.put(code, "documented " + documented.get(code) + ", answered " + status);
            }
        });
        assertEquals(Map.of(), wrongStatus);
    }

    @Test
    void everyDocumentedCodeIsUsed() throws IOException {
        var unused = new TreeSet<>(catalogue().keySet());
        unused.removeAll(used.keySet());
        assertEquals(new TreeSet<>(), unused, "codes docs/ERRORS.md lists that the service never answers with");
    }

    @Test
    void theOpenApiDocumentListsTheSameCodes() throws IOException {
        JsonNode codes = new ObjectMapper(new YAMLFactory()).readTree(OPENAPI.toFile())
                .at("/components/schemas/ErrorCode/enum");
        var listed = new TreeSet<String>();
        codes.forEach(c -> listed.add(c.asText()));
        assertEquals(new TreeSet<>(catalogue().keySet()), listed, "ErrorCode in openapi.yaml and docs/ERRORS.md");
    }
}
