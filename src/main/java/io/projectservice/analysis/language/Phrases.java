package io.projectservice.analysis.language;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A tagged sentence as a flat list of phrases: noun phrases, verb groups, prepositions,
 * conjunctions and the marks that end a clause. Good enough to read "subject verb object" from
 * the plain sentences of a brief; it is no parser.
 */
public final class Phrases {
    private static final Set<String> DETERMINER_TAGS = Set.of("DT", "PDT", "PRP$", "CD", "WP$");
    private static final Set<String> SUBORDINATORS = Set.of("if", "because", "before", "after", "when", "while",
            "whether", "although", "though", "unless", "until", "since", "once", "so", "whereas", "where", "how",
            "why", "what", "than");
    private static final Set<String> RELATIVES = Set.of("who", "which", "that", "whose");
    private static final Set<String> EXAMPLE_MARKERS = Set.of("such", "like", "including", "e.g", "i.e");
    private static final Set<String> QUANTITY_WORDS = Set.of("more", "less", "least", "most", "fewer", "many",
            "several", "multiple", "up", "to", "or");

    public enum Kind { NOUN, VERB, PREPOSITION, AND, COMMA, RELATIVE, POSSESSIVE, EXAMPLES, BREAK, OTHER }

    /** One phrase; {@code noun} is set for NOUN, {@code verb} for VERB, {@code word} for the rest. */
    public record Phrase(Kind kind, NounPhrase noun, VerbGroup verb, String word) {
    }

    /**
     * A noun phrase. {@code words} are the kept modifiers and nouns, lowercase, the head in the
     * singular; {@code entity} is false for pronouns, proper names, time words and generic nouns.
     */
    public record NounPhrase(List<String> words, boolean entity, boolean measure, boolean properName, boolean adjectival) {
        public String key() {
            return String.join(" ", words);
        }

        public String head() {
            return words.get(words.size() - 1);
        }

        /** The phrase without its last word, or "" ("delivery time" -> "delivery"). */
        public String modifiers() {
            return String.join(" ", words.subList(0, words.size() - 1));
        }
    }

    /** A verb group: its words and tags, adverbs and modals included ("can be audited"). */
    public record VerbGroup(List<String> words, List<String> tags) {
    }

    private Phrases() {
    }

    public static List<Phrase> of(List<String> tokens, String[] tags) {
        List<Phrase> out = new ArrayList<>();
        int i = 0;
        int n = tokens.size();
        while (i < n) {
            String word = tokens.get(i);
            String lower = word.toLowerCase(Locale.ROOT);
            String tag = tags[i];
            if (startsNounPhrase(tags, i, tokens)) {
                int end = nounPhraseEnd(tokens, tags, i);
                if (end > i) {
                    NounPhrase np = nounPhrase(tokens, tags, i, end);
                    if (np != null) {
                        out.add(new Phrase(Kind.NOUN, np, null, null));
                    }
                    i = end;
                    continue;
                }
            }
            if (tag.equals("PRP") || tag.equals("EX")) {
                out.add(new Phrase(Kind.NOUN, new NounPhrase(List.of(lower), false, false, false, false), null, null));
                i++;
                continue;
            }
            if (isVerbStart(tags, i)) {
                int end = i;
                List<String> words = new ArrayList<>();
                List<String> verbTags = new ArrayList<>();
                while (end < n && (PartOfSpeech.isVerb(tags[end]) || tags[end].equals("RB") || tags[end].equals("RP")
                        || tags[end].equals("TO") && end + 1 < n && tags[end + 1].startsWith("VB"))) {
                    words.add(tokens.get(end).toLowerCase(Locale.ROOT));
                    verbTags.add(tags[end]);
                    end++;
                }
                out.add(new Phrase(Kind.VERB, null, new VerbGroup(words, verbTags), null));
                i = end;
                continue;
            }
            out.add(new Phrase(kind(lower, tag, out, tags, i), null, null, lower));
            i++;
        }
        partitives(out);
        return out;
    }

    /** "a <b>list</b> of ingredients", "<b>part</b> of an order": about the ingredients, the order. */
    private static void partitives(List<Phrase> phrases) {
        for (int i = 0; i + 1 < phrases.size(); i++) {
            Phrase p = phrases.get(i);
            Phrase next = phrases.get(i + 1);
            if (p.kind() == Kind.NOUN && p.noun().words().size() == 1 && EnglishWords.isPartitive(p.noun().head())
                    && next.kind() == Kind.PREPOSITION && next.word().equals("of")) {
                NounPhrase np = p.noun();
                phrases.set(i, new Phrase(Kind.NOUN, new NounPhrase(np.words(), false, false, false, false), null, null));
            }
        }
    }

    private static Kind kind(String lower, String tag, List<Phrase> before, String[] tags, int i) {
        if (tag.equals("POS")) {
            return Kind.POSSESSIVE;
        }
        if (lower.equals(",")) {
            return Kind.COMMA;
        }
        if (tag.equals("CC")) {
            return Kind.AND;
        }
        if (EXAMPLE_MARKERS.contains(lower)) {
            return Kind.EXAMPLES;
        }
        Kind last = before.isEmpty() ? null : before.get(before.size() - 1).kind();
        boolean afterNoun = last == Kind.NOUN || last == Kind.COMMA && before.size() > 1
                && before.get(before.size() - 2).kind() == Kind.NOUN;
        boolean verbNext = i + 1 < tags.length && (PartOfSpeech.isVerb(tags[i + 1]) || tags[i + 1].equals("RB"));
        if (RELATIVES.contains(lower) && afterNoun && verbNext) {
            return Kind.RELATIVE;
        }
        if (SUBORDINATORS.contains(lower) || tag.startsWith("W")) {
            return Kind.BREAK;
        }
        if (tag.equals("IN") || tag.equals("TO")) {
            return Kind.PREPOSITION;
        }
        if (tag.equals(".") || tag.equals(":") || tag.equals("-LRB-") || tag.equals("-RRB-") || tag.equals("``")
                || tag.equals("''") || lower.equals("(") || lower.equals(")") || lower.equals("\"")) {
            return Kind.BREAK;
        }
        return Kind.OTHER;
    }

    private static boolean isVerbStart(String[] tags, int i) {
        String tag = tags[i];
        if (PartOfSpeech.isVerb(tag)) {
            return true;
        }
        // an adverb before a verb belongs to its group ("sometimes reschedule")
        return tag.equals("RB") && i + 1 < tags.length && PartOfSpeech.isVerb(tags[i + 1]);
    }

    private static boolean startsNounPhrase(String[] tags, int i, List<String> tokens) {
        String tag = tags[i];
        return DETERMINER_TAGS.contains(tag) || tag.startsWith("JJ") || PartOfSpeech.isNoun(tag)
                || tag.equals("VBG") && i + 1 < tags.length && PartOfSpeech.isNoun(tags[i + 1])
                        && (i == 0 || DETERMINER_TAGS.contains(tags[i - 1]) || tags[i - 1].startsWith("JJ"));
    }

    /** The end (exclusive) of the noun phrase at {@code start}: determiners, modifiers, then nouns. */
    private static int nounPhraseEnd(List<String> tokens, String[] tags, int start) {
        int i = start;
        int n = tags.length;
        int lastNoun = -1;
        while (i < n) {
            String tag = tags[i];
            String lower = tokens.get(i).toLowerCase(Locale.ROOT);
            boolean quantity = QUANTITY_WORDS.contains(lower) && lastNoun < 0 && i + 1 < n
                    && !PartOfSpeech.isVerb(tags[i + 1]) && (tag.equals("CC") || tag.startsWith("JJ")
                            || tag.equals("RB") || tag.equals("RBR") || tag.equals("IN") || tag.equals("TO"));
            if (PartOfSpeech.isNoun(tag)) {
                lastNoun = i;
            } else if (lastNoun >= 0) {
                break;
            } else if (!(DETERMINER_TAGS.contains(tag) || tag.startsWith("JJ") || tag.equals("VBG")
                    || tag.equals("VBN") || tag.equals("HYPH") || quantity)) {
                break;
            }
            i++;
        }
        return lastNoun < 0 ? start : lastNoun + 1;
    }

    private static NounPhrase nounPhrase(List<String> tokens, String[] tags, int start, int end) {
        List<String> words = new ArrayList<>();
        boolean allProper = true;
        boolean adjectival = false;
        for (int i = start; i < end; i++) {
            String token = tokens.get(i);
            String lower = token.toLowerCase(Locale.ROOT);
            String tag = tags[i];
            if (PartOfSpeech.isNoun(tag)) {
                boolean proper = tag.startsWith("NNP") && isName(token);
                if (proper) {
                    // "Rotterdam" says which one, not what kind; an acronym ("SIM card") is part of the name
                    words.clear();
                    adjectival = false;
                    continue;
                }
                allProper = false;
                words.add(lower);
            } else if (tag.startsWith("JJ") && !tag.equals("JJR") && !tag.equals("JJS")
                    && !EnglishWords.isQualitative(lower) && lower.chars().allMatch(Character::isLetter)) {
                adjectival |= words.isEmpty();
                words.add(lower);
            } else {
                // determiners, numbers, participles and judging adjectives end what came before
                words.clear();
                adjectival = false;
            }
        }
        if (words.isEmpty()) {
            return allProper ? new NounPhrase(List.of(tokens.get(end - 1).toLowerCase(Locale.ROOT)), false, false,
                    true, false) : null;
        }
        // an adjective after the last noun cannot be: the phrase ends at its last noun
        String head = Names.singular(words.get(words.size() - 1));
        words.set(words.size() - 1, head);
        while (words.size() > 1 && STRIPPED_HEADS.contains(words.get(words.size() - 1))) {
            words.remove(words.size() - 1);
        }
        if (words.size() > 3) {
            words = new ArrayList<>(words.subList(words.size() - 3, words.size()));
        }
        head = words.get(words.size() - 1);
        words.set(words.size() - 1, Names.singular(head));
        head = words.get(words.size() - 1);
        boolean measure = EnglishWords.isMeasure(head);
        boolean entity = !measure && !EnglishWords.isTimeUnit(head) && head.length() > 1
                && !EnglishWords.isGeneric(head) && head.chars().anyMatch(Character::isLetter);
        return new NounPhrase(List.copyOf(words), entity, measure, false, adjectival);
    }

    /** "customer data" is about customers. */
    private static final Set<String> STRIPPED_HEADS = Set.of("data", "information", "info", "detail");

    /** A capitalised word the model's dictionary does not know in lowercase: a name ("Rotterdam", "Acme"). */
    private static boolean isName(String token) {
        boolean acronym = token.length() > 1 && token.chars().allMatch(c -> Character.isUpperCase(c)
                || Character.isDigit(c));
        if (acronym) {
            return false;
        }
        return PartOfSpeech.dictionaryTags(token.toLowerCase(Locale.ROOT)).stream().noneMatch(t -> t.startsWith("NN"));
    }
}
