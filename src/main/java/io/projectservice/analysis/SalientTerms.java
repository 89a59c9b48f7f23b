package io.projectservice.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The terms a text is about, by stop-word filtered frequency. Candidates are runs of one to three
 * content words inside a sentence, counted in singular form; a phrase of two or three words is a
 * term when it occurs at least twice, and its occurrences no longer count for its single words.
 * Text can be added with a weight (the user's own context counts double). Ties go to the term
 * mentioned first, so the same input always gives the same terms.
 */
final class SalientTerms {
    private static final int MAX_WORDS = 3;

    private final Map<String, Candidate> candidates = new HashMap<>();
    private int position;

    /** One ranked term: {@code key} in singular words, {@code display} as most often written. */
    record Term(String key, String display, double score) {
        String label() {
            return Names.titleCase(key);
        }
    }

    private static final class Candidate {
        final String key;
        final int words;
        final int firstSeen;
        double weighted;
        int occurrences;
        final Map<String, Integer> spellings = new TreeMap<>();

        Candidate(String key, int words, int firstSeen) {
            this.key = key;
            this.words = words;
            this.firstSeen = firstSeen;
        }

        /** The plural spelling when the text used one (it names a subject better), else the commonest. */
        String display() {
            return spellings.entrySet().stream().max(Comparator
                    .comparing((Map.Entry<String, Integer> e) -> !e.getKey().equals(key))
                    .thenComparing(Map.Entry::getValue)
                    .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).orElseThrow().getKey();
        }
    }

    void add(String text, double weight) {
        for (String sentence : Sentences.of(text)) {
            List<String> run = new ArrayList<>();
            for (String word : Sentences.words(sentence)) {
                if (Sentences.isContent(word)) {
                    run.add(word);
                } else {
                    count(run, weight);
                    run = new ArrayList<>();
                }
            }
            count(run, weight);
        }
    }

    private void count(List<String> run, double weight) {
        List<String> singular = run.stream().map(Names::singular).toList();
        for (int start = 0; start < run.size(); start++) {
            for (int n = 1; n <= MAX_WORDS && start + n <= run.size(); n++) {
                List<String> words = run.subList(start, start + n);
                String key = String.join(" ", singular.subList(start, start + n));
                int length = n;
                int seen = position;
                Candidate c = candidates.computeIfAbsent(key, k -> new Candidate(k, length, seen));
                c.weighted += weight;
                c.occurrences++;
                c.spellings.merge(String.join(" ", words), 1, Integer::sum);
            }
            position++;
        }
    }

    /** The best terms, best first; a term needs a weighted count of at least {@code minScore}. */
    List<Term> top(int limit, double minScore) {
        List<Candidate> phrases = candidates.values().stream()
                .filter(c -> c.words > 1 && c.occurrences >= 2)
                .sorted(Comparator.comparingInt((Candidate c) -> -c.words).thenComparing(c -> c.key))
                .toList();
        // occurrences inside an accepted longer phrase, raw and weighted
        Map<String, Integer> inside = new HashMap<>();
        Map<String, Double> weightInside = new HashMap<>();
        List<Candidate> accepted = new ArrayList<>();
        for (Candidate phrase : phrases) {
            int own = phrase.occurrences - inside.getOrDefault(phrase.key, 0);
            if (own < 2) {
                continue;
            }
            accepted.add(phrase);
            double ownWeight = phrase.weighted - weightInside.getOrDefault(phrase.key, 0.0);
            for (String part : parts(phrase.key)) {
                inside.merge(part, own, Integer::sum);
                weightInside.merge(part, ownWeight, Double::sum);
            }
        }
        List<Term> terms = new ArrayList<>();
        for (Candidate c : candidates.values()) {
            if (c.words > 1 && !accepted.contains(c)) {
                continue;
            }
            double effective = c.weighted - weightInside.getOrDefault(c.key, 0.0);
            double score = effective * (1 + 0.5 * (c.words - 1));
            if (score >= minScore) {
                terms.add(new Term(c.key, c.display(), score));
            }
        }
        Map<String, Integer> first = new HashMap<>();
        candidates.values().forEach(c -> first.put(c.key, c.firstSeen));
        terms.sort(Comparator.comparingDouble((Term t) -> -t.score()).thenComparing(t -> first.get(t.key()))
                .thenComparing(Term::key));
        return terms.size() > limit ? terms.subList(0, limit) : terms;
    }

    /** Every shorter run inside a phrase of singular words. */
    private static List<String> parts(String key) {
        String[] words = key.split(" ");
        List<String> out = new ArrayList<>();
        for (int n = 1; n < words.length; n++) {
            for (int start = 0; start + n <= words.length; start++) {
                out.add(String.join(" ", java.util.Arrays.asList(words).subList(start, start + n)));
            }
        }
        return out;
    }
}
