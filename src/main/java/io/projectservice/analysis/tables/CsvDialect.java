package io.projectservice.analysis.tables;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A delimited text's dialect, guessed from its first lines: the delimiter among comma,
 * semicolon, tab and pipe (the one that splits the lines into the same, largest number of
 * fields, quoted sections skipped), the quote character ({@code "} unless only {@code '} encloses
 * fields), and what the delimiter says of the number convention (a {@code ;}-separated file
 * comes from a decimal-comma locale; in a comma-separated one a comma inside a number groups
 * thousands; tab and pipe say nothing).
 *
 * @param decimalComma true, false, or null when the columns must decide
 */
public record CsvDialect(char delimiter, char quote, Boolean decimalComma) {
    private static final char[] CANDIDATES = {',', ';', '\t', '|'};
    private static final int SAMPLE_LINES = 20;
    private static final Pattern DOUBLE_QUOTED = enclosedIn('"');
    private static final Pattern SINGLE_QUOTED = enclosedIn('\'');

    private static Pattern enclosedIn(char q) {
        return Pattern.compile("(?:^|[,;\t|])\\s*" + q + "[^" + q + "]*" + q + "\\s*(?=[,;\t|]|$)");
    }

    static CsvDialect of(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).limit(SAMPLE_LINES).toList();
        char quote = quote(lines);
        char delimiter = delimiter(lines, quote);
        Boolean decimalComma = switch (delimiter) {
            case ';' -> true;
            case ',' -> false;
            default -> null;
        };
        return new CsvDialect(delimiter, quote, decimalComma);
    }

    private static char delimiter(List<String> lines, char quote) {
        if (lines.isEmpty()) {
            return ',';
        }
        char best = ',';
        long bestScore = 0;
        for (char candidate : CANDIDATES) {
            int first = count(lines.get(0), candidate, quote);
            if (first == 0) {
                continue;
            }
            long consistent = lines.stream().filter(l -> count(l, candidate, quote) == first).count();
            // consistency first, then more fields
            long score = consistent * 1000 + first;
            if (score > bestScore) {
                best = candidate;
                bestScore = score;
            }
        }
        return best;
    }

    /** {@code '} when fields are enclosed in it and never in {@code "}. */
    private static char quote(List<String> lines) {
        int doubleQuoted = 0;
        int singleQuoted = 0;
        for (String line : lines) {
            doubleQuoted += enclosed(line, '"');
            singleQuoted += enclosed(line, '\'');
        }
        return doubleQuoted == 0 && singleQuoted > 0 ? '\'' : '"';
    }

    /** Fields of a line enclosed in the quote, whatever the delimiter. */
    private static int enclosed(String line, char quote) {
        Matcher m = (quote == '"' ? DOUBLE_QUOTED : SINGLE_QUOTED).matcher(line);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static int count(String line, char delimiter, char quote) {
        int n = 0;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == quote) {
                quoted = !quoted;
            } else if (c == delimiter && !quoted) {
                n++;
            }
        }
        return n;
    }
}
