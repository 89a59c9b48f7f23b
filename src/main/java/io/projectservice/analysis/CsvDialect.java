package io.projectservice.analysis;

import java.util.List;

/**
 * Guesses a delimited text's delimiter among comma, semicolon and tab: the one that splits the
 * first lines into the same, largest number of fields. Quoted sections are skipped while counting.
 */
final class CsvDialect {
    private static final char[] CANDIDATES = {',', ';', '\t'};
    private static final int SAMPLE_LINES = 20;

    private CsvDialect() {
    }

    static char delimiter(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).limit(SAMPLE_LINES).toList();
        if (lines.isEmpty()) {
            return ',';
        }
        char best = ',';
        long bestScore = 0;
        for (char candidate : CANDIDATES) {
            int first = count(lines.get(0), candidate);
            if (first == 0) {
                continue;
            }
            long consistent = lines.stream().filter(l -> count(l, candidate) == first).count();
            // consistency first, then more fields
            long score = consistent * 1000 + first;
            if (score > bestScore) {
                best = candidate;
                bestScore = score;
            }
        }
        return best;
    }

    private static int count(String line, char delimiter) {
        int n = 0;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == delimiter && !quoted) {
                n++;
            }
        }
        return n;
    }
}
