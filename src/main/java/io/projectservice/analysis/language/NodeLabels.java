package io.projectservice.analysis.language;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a node's label names a thing - a noun phrase - by the same part-of-speech model the
 * offline analyzer reads text with: "Distribution Center", "Order Items" and "SIM card" do;
 * "Deliver", "Analyze", "Smart", "Treated" and "Deliver parcels" do not.
 */
public final class NodeLabels {
    private static final Set<String> NOUN_TAGS = Set.of("NN", "NNS", "NNP", "NNPS");

    private NodeLabels() {
    }

    public static boolean namesAThing(String label) {
        List<String> words = Sentences.tokens(label.replace('_', ' ').toLowerCase(Locale.ROOT)).stream()
                .filter(w -> w.chars().anyMatch(Character::isLetterOrDigit)).toList();
        if (words.isEmpty()) {
            return false;
        }
        String first = words.get(0);
        String last = words.get(words.size() - 1);
        Set<String> known = PartOfSpeech.dictionaryTags(first);
        if (words.size() == 1 && !known.isEmpty() && known.stream().noneMatch(NOUN_TAGS::contains)) {
            // a word the dictionary knows, never as a noun ("deliver", "treated", "fraudulent")
            return false;
        }
        if (EnglishWords.isInstructionVerb(first) && !known.contains("NN")) {
            return false;
        }
        // in a neutral frame, the last word of a noun phrase is tagged as a noun
        List<String> frame = new java.util.ArrayList<>(List.of("the"));
        frame.addAll(words);
        frame.add("is");
        frame.add("here");
        String[] tags = PartOfSpeech.tagger().tag(frame);
        boolean verbFirst = tags[1].startsWith("VB") && !tags[1].equals("VBG") && !tags[1].equals("VBN");
        return NOUN_TAGS.contains(tags[words.size()]) && !verbFirst && !last.isEmpty();
    }
}
