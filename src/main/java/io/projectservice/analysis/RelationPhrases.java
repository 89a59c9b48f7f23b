package io.projectservice.analysis;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The wording between two terms that states a relation ("a customer <b>places</b> many orders",
 * "each line <b>belongs to</b> an invoice"), normalised to one label per relation. Quantifiers,
 * articles and modal verbs between the words are ignored.
 */
final class RelationPhrases {
    private static final Set<String> FILLERS = Set.of("a", "an", "the", "one", "or", "more", "many", "several",
            "multiple", "zero", "each", "every", "its", "their", "his", "her", "some", "any", "at", "least", "most",
            "only", "can", "may", "must", "will", "should", "could", "might", "always", "usually", "often", "also",
            "typically", "exactly", "other", "two", "three", "single", "and");
    private static final Map<String, String> LABELS = new HashMap<>();

    static {
        label("has", "has", "have", "having", "has got");
        label("contains", "contains", "contain");
        label("includes", "includes", "include");
        label("belongs to", "belongs to", "belong to", "is owned by", "are owned by");
        label("is part of", "is part of", "are part of", "part of", "is a part of");
        label("consists of", "consists of", "consist of", "is made of", "are made of");
        label("places", "places", "place");
        label("owns", "owns", "own");
        label("refers to", "references", "reference", "refers to", "refer to");
        label("manages", "manages", "manage");
        label("creates", "creates", "create");
        label("holds", "holds", "hold");
        label("uses", "uses", "use");
        label("produces", "produces", "produce");
        label("sells", "sells", "sell");
        label("buys", "buys", "buy");
        label("receives", "receives", "receive");
        label("sends", "sends", "send");
        label("employs", "employs", "employ");
        label("supplies", "supplies", "supply");
        label("stores", "stores", "store");
        label("tracks", "tracks", "track");
        label("is assigned to", "is assigned to", "are assigned to", "assigned to");
        label("is linked to", "is linked to", "are linked to", "linked to");
        label("depends on", "depends on", "depend on");
        label("writes", "writes", "write");
        label("reviews", "reviews", "review");
        label("approves", "approves", "approve");
        label("issues", "issues", "issue");
        label("pays", "pays", "pay");
        // articles are fillers, so "is a" and "are" reach this as "is" and "are"
        label("is a", "is", "are", "is kind of", "are kinds of", "is type of", "are types of");
    }

    private RelationPhrases() {
    }

    /** The relation stated by the words between two terms, or null when they state none. */
    static String between(List<String> gapWords) {
        if (gapWords.isEmpty() || gapWords.size() > 6) {
            return null;
        }
        StringBuilder phrase = new StringBuilder();
        for (String word : gapWords) {
            if (!FILLERS.contains(word)) {
                phrase.append(phrase.length() > 0 ? " " : "").append(word);
            }
        }
        return LABELS.get(phrase.toString());
    }

    private static void label(String label, String... phrasings) {
        for (String phrasing : phrasings) {
            LABELS.put(phrasing, label);
        }
    }
}
