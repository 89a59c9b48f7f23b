package io.projectservice.analysis.language;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Spelling helpers: snake_case identifiers, title case labels, naive English singulars. */
public final class Names {
    private static final Pattern CAMEL = Pattern.compile("(?<=[\\p{Ll}\\p{N}])(?=\\p{Lu})");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private Names() {
    }

    /** {@code "Customer Orders (2024).csv"} without extension becomes {@code customer_orders_2024}. */
    public static String snakeCase(String text) {
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

    public static String withoutExtension(String fileName) {
        String name = fileName == null ? "" : fileName;
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** {@code order_items} or {@code "order items"} becomes {@code "Order Items"}. */
    public static String titleCase(String text) {
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

    /** English singulars by rule, with the common exceptions; not a dictionary. */
    public static String singular(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        String irregular = IRREGULAR_PLURALS.get(w);
        if (irregular != null) {
            return irregular;
        }
        if (w.length() <= 3 || UNCHANGED_PLURALS.contains(w)) {
            return w;
        }
        if (w.endsWith("ies")) {
            return w.length() > 4 ? w.substring(0, w.length() - 3) + "y" : w.substring(0, w.length() - 1);
        }
        if (w.endsWith("sses") || w.endsWith("xes") || w.endsWith("ches") || w.endsWith("shes") || w.endsWith("zzes")) {
            return w.substring(0, w.length() - (w.endsWith("zzes") ? 3 : 2));
        }
        if (w.endsWith("oes") && !w.endsWith("shoes") && !w.endsWith("canoes")) {
            return w.substring(0, w.length() - 2);
        }
        if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }

    private static final java.util.Map<String, String> IRREGULAR_PLURALS = java.util.Map.ofEntries(
            java.util.Map.entry("people", "person"), java.util.Map.entry("children", "child"),
            java.util.Map.entry("men", "man"), java.util.Map.entry("women", "woman"),
            java.util.Map.entry("feet", "foot"), java.util.Map.entry("teeth", "tooth"),
            java.util.Map.entry("mice", "mouse"), java.util.Map.entry("geese", "goose"),
            java.util.Map.entry("criteria", "criterion"), java.util.Map.entry("phenomena", "phenomenon"),
            java.util.Map.entry("analyses", "analysis"), java.util.Map.entry("diagnoses", "diagnosis"),
            java.util.Map.entry("theses", "thesis"), java.util.Map.entry("crises", "crisis"),
            java.util.Map.entry("buses", "bus"), java.util.Map.entry("gases", "gas"),
            java.util.Map.entry("statuses", "status"), java.util.Map.entry("campuses", "campus"),
            java.util.Map.entry("bonuses", "bonus"), java.util.Map.entry("viruses", "virus"),
            java.util.Map.entry("aliases", "alias"), java.util.Map.entry("lenses", "lens"),
            java.util.Map.entry("shelves", "shelf"), java.util.Map.entry("knives", "knife"),
            java.util.Map.entry("lives", "life"), java.util.Map.entry("wives", "wife"),
            java.util.Map.entry("halves", "half"), java.util.Map.entry("wolves", "wolf"),
            java.util.Map.entry("calves", "calf"), java.util.Map.entry("thieves", "thief"),
            java.util.Map.entry("movies", "movie"), java.util.Map.entry("cookies", "cookie"),
            java.util.Map.entry("calories", "calorie"), java.util.Map.entry("rookies", "rookie"),
            java.util.Map.entry("quizzes", "quiz"), java.util.Map.entry("indices", "index"),
            java.util.Map.entry("matrices", "matrix"), java.util.Map.entry("vertices", "vertex"));

    /** Words ending in s that are not plurals of another word. */
    private static final java.util.Set<String> UNCHANGED_PLURALS = java.util.Set.of("series", "species", "news",
            "means", "goods", "premises", "headquarters", "clothes", "savings", "earnings", "logistics",
            "analytics", "statistics", "economics", "physics", "mathematics", "electronics", "ethics", "athletics",
            "diabetes", "measles", "sms", "gps", "kudos", "chassis", "canvas", "atlas");

    /** Singular of every word: the form two spellings of one entity share. */
    public static String entityKey(String text) {
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

    public static String cut(String text, int max) {
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
