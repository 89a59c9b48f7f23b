package io.projectservice.analysis;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Spelling helpers: snake_case identifiers, title case labels, naive English singulars. */
final class Names {
    private static final Pattern CAMEL = Pattern.compile("(?<=[\\p{Ll}\\p{N}])(?=\\p{Lu})");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private Names() {
    }

    /** {@code "Customer Orders (2024).csv"} without extension becomes {@code customer_orders_2024}. */
    static String snakeCase(String text) {
        String decomposed = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFD);
        String plain = MARKS.matcher(decomposed).replaceAll("");
        String snake = NOT_WORD.matcher(CAMEL.matcher(plain).replaceAll("_")).replaceAll("_")
                .toLowerCase(Locale.ROOT);
        snake = trimUnderscores(snake);
        if (snake.isEmpty()) {
            return "";
        }
        return Character.isDigit(snake.charAt(0)) ? "t_" + snake : snake;
    }

    static String withoutExtension(String fileName) {
        String name = fileName == null ? "" : fileName;
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** {@code order_items} or {@code "order items"} becomes {@code "Order Items"}. */
    static String titleCase(String text) {
        StringBuilder out = new StringBuilder();
        for (String word : text.split("[\\s_]+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return out.toString();
    }

    /** Good enough for matching {@code customers} with {@code customer}; not a dictionary. */
    static String singular(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (w.length() <= 3) {
            return w;
        }
        if (w.endsWith("ies") && w.length() > 4) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.endsWith("sses") || w.endsWith("xes") || w.endsWith("ches") || w.endsWith("shes")) {
            return w.substring(0, w.length() - 2);
        }
        if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }

    /** Singular of every word: the form two spellings of one entity share. */
    static String entityKey(String text) {
        String snake = snakeCase(text);
        if (snake.startsWith("t_")) {
            snake = snake.substring(2);
        }
        StringBuilder key = new StringBuilder();
        for (String word : snake.split("_")) {
            if (!word.isEmpty()) {
                key.append(key.length() > 0 ? " " : "").append(singular(word));
            }
        }
        return key.toString();
    }

    static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - 1;
        int space = text.lastIndexOf(' ', end);
        if (space > max / 2) {
            end = space;
        }
        return text.substring(0, end).stripTrailing() + "…";
    }

    private static String trimUnderscores(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '_') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '_') {
            end--;
        }
        return s.substring(start, end);
    }
}
