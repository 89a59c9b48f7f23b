package io.projectservice.analysis.offline;

import io.projectservice.analysis.language.PartOfSpeech;
import io.projectservice.analysis.language.Phrases;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The label of a relation from its verb group, as a reader would say it of one subject: "suppliers
 * deliver" -> {@code delivers}, "crews are assigned to" -> {@code is assigned to}, "a customer can
 * have" -> {@code has}, "wants to buy" -> {@code wants to buy}. Modals and adverbs are left out;
 * a negated group states no relation.
 */
public final class RelationPhrases {
    private static final Set<String> BE = Set.of("is", "are", "was", "were", "be", "been", "being", "'s", "am");
    private static final Set<String> HAVE = Set.of("has", "have", "had", "having");
    private static final Set<String> NEGATIONS = Set.of("not", "n't", "never", "no");
    private static final Map<String, String> IRREGULAR_THIRD_PERSON = Map.of("be", "is", "have", "has", "do", "does",
            "go", "goes");
    private static final Map<String, String> IRREGULAR_BASE = Map.of("has", "have", "does", "do", "goes", "go",
            "is", "be", "are", "be");

    private RelationPhrases() {
    }

    /** The relation's label, with the preposition that follows the verb if any; null when negated. */
    static String label(Phrases.VerbGroup group, String preposition) {
        List<String> words = group.words();
        List<String> tags = group.tags();
        List<String> verbs = new ArrayList<>();
        List<String> verbTags = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (NEGATIONS.contains(w)) {
                return null;
            }
            String tag = tags.get(i);
            if (tag.startsWith("VB") || tag.equals("TO") || tag.equals("RP")) {
                verbs.add(w);
                verbTags.add(tag);
            }
        }
        if (verbs.isEmpty()) {
            return null;
        }
        StringBuilder label = new StringBuilder();
        int last = verbs.size() - 1;
        while (last > 0 && verbTags.get(last).equals("RP")) {
            last--;
        }
        boolean passive = verbTags.get(last).equals("VBN") && verbs.subList(0, last).stream().anyMatch(BE::contains);
        boolean perfect = verbTags.get(last).equals("VBN") && verbs.subList(0, last).stream().anyMatch(HAVE::contains);
        if (passive) {
            label.append("is ").append(String.join(" ", verbs.subList(last, verbs.size())));
        } else {
            int main = 0;
            // auxiliaries before the main verb: "does deliver", "will have", "has been"
            while (main < last && (BE.contains(verbs.get(main)) || HAVE.contains(verbs.get(main))
                    || verbs.get(main).equals("do") || verbs.get(main).equals("does")) && !perfect) {
                main++;
            }
            if (perfect) {
                main = last;
            }
            String first = verbs.get(main);
            String tag = verbTags.get(main);
            if ((tag.equals("VBD") || tag.equals("VBN")) && main == 0 && verbs.size() == 1
                    && PartOfSpeech.dictionaryTags(first).contains("VBP")) {
                // "librarians run branches": a past form that is also the present one, with no auxiliary
                tag = "VBP";
            }
            String head = BE.contains(first) && !tag.equals("VBD") ? "is"
                    : HAVE.contains(first) && !tag.equals("VBD") ? "has"
                    : tag.equals("VBD") || tag.equals("VBN") || tag.equals("VBZ") ? first : thirdPerson(first);
            label.append(head);
            for (String rest : verbs.subList(main + 1, verbs.size())) {
                label.append(' ').append(rest);
            }
        }
        if (preposition != null) {
            label.append(' ').append(preposition);
        }
        return label.toString();
    }

    /** The verb of the group in its base form ("delivers" -> "deliver"), for {@link EnglishWords#recordedAct}. */
    static String base(Phrases.VerbGroup group) {
        List<String> words = group.words();
        List<String> tags = group.tags();
        for (int i = words.size() - 1; i >= 0; i--) {
            String tag = tags.get(i);
            if (tag.equals("VB") || tag.equals("VBP")) {
                return words.get(i);
            }
            if (tag.equals("VBZ")) {
                return baseOfThirdPerson(words.get(i));
            }
            if (tag.startsWith("VB")) {
                return null;
            }
        }
        return null;
    }

    /** Whether the group is passive ("are assigned"): its subject is not the one acting. */
    static boolean passive(Phrases.VerbGroup group) {
        List<String> tags = group.tags();
        int last = tags.size() - 1;
        while (last > 0 && !tags.get(last).startsWith("VB")) {
            last--;
        }
        return tags.get(last).equals("VBN") && group.words().subList(0, last).stream().anyMatch(BE::contains);
    }

    static String thirdPerson(String base) {
        String irregular = IRREGULAR_THIRD_PERSON.get(base);
        if (irregular != null) {
            return irregular;
        }
        if (base.endsWith("s") || base.endsWith("x") || base.endsWith("z") || base.endsWith("ch")
                || base.endsWith("sh") || base.endsWith("o")) {
            return base + "es";
        }
        if (base.endsWith("y") && base.length() > 1 && "aeiou".indexOf(base.charAt(base.length() - 2)) < 0) {
            return base.substring(0, base.length() - 1) + "ies";
        }
        return base + "s";
    }

    static String baseOfThirdPerson(String verb) {
        String irregular = IRREGULAR_BASE.get(verb);
        if (irregular != null) {
            return irregular;
        }
        if (verb.endsWith("ies") && verb.length() > 4) {
            return verb.substring(0, verb.length() - 3) + "y";
        }
        if (verb.endsWith("sses") || verb.endsWith("xes") || verb.endsWith("ches") || verb.endsWith("shes")
                || verb.endsWith("zes") && !verb.endsWith("izes")) {
            return verb.substring(0, verb.length() - 2);
        }
        return verb.endsWith("s") ? verb.substring(0, verb.length() - 1) : verb;
    }
}
