package io.projectservice.analysis.language;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into sentences and tokens. A sentence ends at {@code . ! ? ;} followed by space, at a
 * blank line, or before a line that starts a list item or heading; other line breaks are spaces,
 * since PDF text wraps lines mid-sentence.
 */
public final class Sentences {
    private static final Pattern BOUNDARY = Pattern.compile(
            "(?<=[.!?;])\\s+|\\n\\s*\\n|\\n(?=\\s*(?:[-*\u2022#>]|\\d+[.)])\\s)");
    private static final Pattern LIST_MARK = Pattern.compile("^\\s*(?:[-*\u2022#>]+|\\d+[.)])\\s+");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern AFTER_HEADING = Pattern.compile("(?m)^(\\s*#{1,6}\\s[^\\n]*)\\n");
    /**
     * Tokens as the tagger's training text had them: a word (hyphens and inner periods kept, as
     * in "high-value" or "e.g"), a number with its separators ("20,000", "2024-03-01"), the
     * possessive "'s" and the negation "n't" on their own, or one punctuation mark.
     */
    private static final Pattern TOKEN = Pattern.compile(
            "\\p{L}+(?=n['\u2019]t\\b)|n['\u2019]t\\b|['\u2019]s\\b"
            + "|\\p{N}+(?:[.,:/-]\\p{N}+)*%?"
            + "|[\\p{L}\\p{N}]+(?:[-&.][\\p{L}\\p{N}]+)*"
            + "|[^\\s\\p{L}\\p{N}]");

    private Sentences() {
    }

    public static List<String> of(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        // a heading is a sentence of its own
        for (String part : BOUNDARY.split(AFTER_HEADING.matcher(text).replaceAll("$1\n\n"))) {
            String sentence = SPACES.matcher(LIST_MARK.matcher(part).replaceFirst("")).replaceAll(" ").strip();
            if (!sentence.isEmpty()) {
                out.add(sentence);
            }
        }
        return out;
    }

    /** The tokens of one sentence, as written. */
    public static List<String> tokens(String sentence) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(sentence);
        while (m.find()) {
            out.add(m.group().replace('\u2019', '\''));
        }
        return out;
    }
}
