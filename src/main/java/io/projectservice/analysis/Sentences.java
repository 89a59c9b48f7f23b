package io.projectservice.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into sentences and words. A sentence ends at {@code . ! ? ;} followed by space, at a
 * blank line, or before a line that starts a list item or heading; other line breaks are spaces,
 * since PDF text wraps lines mid-sentence.
 */
final class Sentences {
    private static final Pattern BOUNDARY = Pattern.compile(
            "(?<=[.!?;])\\s+|\\n\\s*\\n|\\n(?=\\s*(?:[-*\u2022#>]|\\d+[.)])\\s)");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}_'\u2019-]*");
    private static final Pattern LIST_MARK = Pattern.compile("^\\s*(?:[-*\u2022#>]+|\\d+[.)])\\s+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private Sentences() {
    }

    static List<String> of(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String part : BOUNDARY.split(text)) {
            String sentence = SPACES.matcher(LIST_MARK.matcher(part).replaceFirst("")).replaceAll(" ").strip();
            if (!sentence.isEmpty()) {
                out.add(sentence);
            }
        }
        return out;
    }

    /** Lowercase words without possessive endings. */
    static List<String> words(String sentence) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(sentence);
        while (m.find()) {
            String word = m.group().toLowerCase(Locale.ROOT).replace('\u2019', '\'');
            if (word.endsWith("'s")) {
                word = word.substring(0, word.length() - 2);
            }
            int end = word.length();
            while (end > 0 && (word.charAt(end - 1) == '\'' || word.charAt(end - 1) == '-')) {
                end--;
            }
            word = word.substring(0, end);
            if (!word.isEmpty()) {
                out.add(word);
            }
        }
        return out;
    }

    /** A word that can be part of a term: not a stop word, three letters or more, not a number. */
    static boolean isContent(String word) {
        return word.length() >= 3 && !StopWords.contains(word) && word.chars().anyMatch(Character::isLetter)
                && !word.chars().allMatch(c -> Character.isDigit(c) || c == '-' || c == '_');
    }
}
