package io.projectservice.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Text resources shipped inside the application: migrations, templates. */
public final class ClasspathText {
    private ClasspathText() {
    }

    public static String read(String path) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of an index file, without blanks and {@code #} comments. */
    public static List<String> index(String path) {
        return Arrays.stream(read(path).split("\\R")).map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }
}
