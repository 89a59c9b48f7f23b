package io.projectservice.analysis.language;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import opennlp.tools.postag.POSModel;
import opennlp.tools.postag.POSTagFormat;
import opennlp.tools.postag.POSTaggerME;
import opennlp.tools.postag.TagDictionary;
import opennlp.tools.util.Sequence;

/**
 * Penn Treebank part-of-speech tags from Apache OpenNLP's pretrained English maximum-entropy
 * model ({@code en-pos-maxent.bin}, on the classpath from the {@code opennlp-postag-models} jar).
 * The model is loaded once per JVM, on first use (about 1 s, about 40 MB of heap); a model is
 * thread-safe, a {@link POSTaggerME} is not, so every analysis takes its own {@link #tagger()}.
 * <p>
 * The model was trained on news text and tags a few patterns of business prose wrongly; the
 * tagger repairs those after tagging (see {@link Tagger#tag}).
 */
public final class PartOfSpeech {
    private static final String MODEL = "/en-pos-maxent.bin";
    /** Log-probability difference under which the tagger's second reading is as good as its first. */
    private static final double NEARLY_AS_LIKELY = 0.7;
    private static final Set<String> FINITE_VERBS = Set.of("VBZ", "VBP", "VBD", "MD");
    private static final Set<String> NOUN_PHRASE_START = Set.of("DT", "PDT", "PRP$", "CD", "JJ", "NN", "NNS",
            "NNP", "NNPS");
    /** Verbs followed by a bare verb ("help reduce"), and "do" ("does not"). */
    private static final Set<String> LINKING = Set.of("help", "helps", "let", "lets", "make", "makes", "do", "does",
            "did");
    /** Prepositions that follow a plural noun, not a verb: "delivery times <b>per</b> route". */
    private static final Set<String> NOUN_PREPOSITIONS = Set.of("of", "per");
    private static final Set<String> DETERMINERS = Set.of("a", "an", "the", "each", "every", "all", "some", "any",
            "its", "their", "his", "her", "our", "my", "your", "this", "these", "those");

    private PartOfSpeech() {
    }

    /** Loaded by the first {@link #tagger()}, once: the JVM runs a class's initializer exactly once. */
    private static final class Model {
        static final POSModel POS = load();
        static final TagDictionary DICTIONARY = POS.getFactory().getTagDictionary();

        private static POSModel load() {
            try (InputStream in = PartOfSpeech.class.getResourceAsStream(MODEL)) {
                if (in == null) {
                    throw new IllegalStateException(MODEL + " is not on the classpath (opennlp-postag-models)");
                }
                return new POSModel(in);
            } catch (IOException e) {
                throw new UncheckedIOException("the part-of-speech model could not be read", e);
            }
        }
    }

    /** A new tagger for one analysis; cheap next to the tagging itself. Not thread-safe. */
    public static Tagger tagger() {
        return new Tagger(new POSTaggerME(Model.POS, POSTagFormat.PENN));
    }

    /** The tags the model's dictionary allows for a word (lowercase), or none when it does not know it. */
    public static Set<String> dictionaryTags(String word) {
        String[] tags = Model.DICTIONARY == null ? null : Model.DICTIONARY.getTags(word);
        return tags == null ? Set.of() : Set.of(tags);
    }

    static boolean isNoun(String tag) {
        return tag.startsWith("NN");
    }

    static boolean isVerb(String tag) {
        return tag.startsWith("VB") || tag.equals("MD");
    }

    /** Tags one sentence's tokens; one instance per thread. */
    public static final class Tagger {
        private final POSTaggerME me;

        private Tagger(POSTaggerME me) {
            this.me = me;
        }

        /**
         * The tags of the tokens, with these repairs of what the model gets wrong in briefs:
         * <ul>
         * <li>an instruction at the start of a sentence ("Track parcels", "Forecast the load") is
         *     a verb, not a proper noun or a noun;</li>
         * <li>a clause without any verb has one: the noun after its first noun that agrees with it
         *     and is followed by more noun phrase ("passengers <b>book</b> seats");</li>
         * <li>a noun directly between a noun and a determiner is a verb ("the officer
         *     <b>reviews</b> each request");</li>
         * <li>a verb directly between a determiner and a noun is a noun ("each <b>leave</b> request").</li>
         * </ul>
         */
        public String[] tag(List<String> tokens) {
            String[] words = tokens.toArray(String[]::new);
            boolean capitalStart = words.length > 0 && isCapitalized(words[0]);
            Sequence[] best = me.topKSequences(words);
            if (capitalStart && best[0].getOutcomes().get(0).startsWith("NNP")
                    && (!dictionaryTags(words[0].toLowerCase(Locale.ROOT)).isEmpty() || words[0].endsWith("s"))) {
                // a capital at the start of a sentence is no name when the word is in the dictionary
                words[0] = words[0].toLowerCase(Locale.ROOT);
                best = me.topKSequences(words);
            }
            String[] tags = best[0].getOutcomes().toArray(String[]::new);
            verbAfterAnd(tags, best);
            imperative(words, tags);
            for (int i = 0; i + 1 < tags.length; i++) {
                // "need" is a modal only before "not": "trucks need service"
                if (tags[i].equals("MD") && words[i].equalsIgnoreCase("need")
                        && !words[i + 1].equalsIgnoreCase("not")) {
                    tags[i] = "VBP";
                    if (tags[i + 1].equals("VB") && i + 2 < tags.length && !isVerb(tags[i + 2])) {
                        tags[i + 1] = "NN";
                    }
                }
            }
            for (int i = 1; i + 1 < tags.length; i++) {
                String next = words[i + 1].toLowerCase(Locale.ROOT);
                // a plural noun does not modify another noun ("sales order" aside): "drivers report defects"
                boolean objectNext = NOUN_PHRASE_START.contains(tags[i + 1])
                        || tags[i + 1].equals("IN") && !next.equals("of");
                if (tags[i - 1].equals("NNS") && tags[i].equals("NN") && objectNext
                        && !Names.singular(words[i - 1]).equals(words[i - 1].toLowerCase(Locale.ROOT))
                        && couldBeFiniteVerb(words[i], "NNS") && !isGerundOrPlural(words[i])) {
                    tags[i] = "VBP";
                } else if (tags[i - 1].equals("NN") && tags[i].equals("NNS") && (DETERMINERS.contains(next)
                        || NOUN_PHRASE_START.contains(tags[i + 1]) && !tags[i + 1].equals("NNS")
                        || (tags[i + 1].equals("IN") || tags[i + 1].equals("TO")) && !NOUN_PREPOSITIONS.contains(next)
                        || tags[i + 1].equals("NNS") && dictionaryTags(words[i].toLowerCase(Locale.ROOT)).contains("VBZ"))
                        && canBeThirdPerson(words[i])) {
                    tags[i] = "VBZ";
                } else if (isFinite(tags[i - 1]) && (tags[i].equals("VB") || tags[i].equals("VBP"))
                        && isNoun(tags[i + 1]) && !LINKING.contains(words[i - 1].toLowerCase(Locale.ROOT))) {
                    // "submit leave requests": a verb right after a verb modifies the noun after it
                    tags[i] = "NN";
                } else if ((tags[i - 1].equals("WDT") || tags[i - 1].equals("WP")) && isNoun(tags[i])
                        && NOUN_PHRASE_START.contains(tags[i + 1])
                        && couldBeFiniteVerb(words[i], words[i].endsWith("s") ? "NN" : "NNS")) {
                    // "substations that feed power lines"
                    tags[i] = words[i].endsWith("s") ? "VBZ" : "VBP";
                }
            }
            for (int i = 1; i + 1 < tags.length; i++) {
                String next = words[i + 1].toLowerCase(Locale.ROOT);
                if (isNoun(tags[i - 1]) && isNoun(tags[i]) && DETERMINERS.contains(next) && !tags[i].startsWith("NNP")
                        && couldBeFiniteVerb(words[i], tags[i - 1])) {
                    tags[i] = words[i].endsWith("s") ? "VBZ" : "VBP";
                } else if (tags[i - 1].equals("DT") && (tags[i].equals("VB") || tags[i].equals("VBP"))
                        && isNoun(tags[i + 1])) {
                    tags[i] = "NN";
                }
            }
            verblessClauses(words, tags);
            pluralVerbAfterAnd(words, tags);
            return tags;
        }

        /**
         * "examine patients and prescribe medication": when the model's next best reading, nearly
         * as likely, has a verb after "and" where the best has a noun or adjective, and the clause
         * already has a verb, the verb it is.
         */
        private static void verbAfterAnd(String[] tags, Sequence[] sequences) {
            boolean verbSeen = false;
            for (int i = 0; i + 1 < tags.length; i++) {
                verbSeen |= FINITE_VERBS.contains(tags[i]);
                if (!verbSeen || !tags[i].equals("CC") || isVerb(tags[i + 1])) {
                    continue;
                }
                for (int k = 1; k < sequences.length; k++) {
                    String alternative = sequences[k].getOutcomes().get(i + 1);
                    if (sequences[0].getScore() - sequences[k].getScore() <= NEARLY_AS_LIKELY
                            && (alternative.equals("VB") || alternative.equals("VBP"))) {
                        tags[i + 1] = "VBP";
                        break;
                    }
                }
            }
        }

        /**
         * "Tenants pay rent and report problems": after "and", a word that can be a verb agreeing
         * with the plural verb before it, followed by a noun phrase, is that verb's sibling.
         */
        private static void pluralVerbAfterAnd(String[] words, String[] tags) {
            String lastFinite = null;
            for (int i = 0; i + 2 < tags.length; i++) {
                if (isFinite(tags[i])) {
                    lastFinite = tags[i];
                }
                String word = words[i + 1].toLowerCase(Locale.ROOT);
                Set<String> known = dictionaryTags(word);
                if ("VBP".equals(lastFinite) && tags[i].equals("CC") && tags[i + 1].equals("NN")
                        && (known.contains("VBP") || known.contains("VB"))
                        && (DETERMINERS.contains(words[i + 2].toLowerCase(Locale.ROOT)) || tags[i + 2].equals("NNS")
                                || tags[i + 2].equals("JJ"))) {
                    tags[i + 1] = "VBP";
                }
            }
        }

        private static boolean isFinite(String tag) {
            return tag.equals("VBZ") || tag.equals("VBP") || tag.equals("VBD");
        }

        /** A known third person verb, or an unknown word that could be one. */
        private static boolean canBeThirdPerson(String word) {
            Set<String> known = dictionaryTags(word.toLowerCase(Locale.ROOT));
            return known.contains("VBZ") || known.isEmpty() && word.endsWith("s") && !word.endsWith("ss");
        }

        private static void imperative(String[] words, String[] tags) {
            if (words.length < 2) {
                return;
            }
            String first = words[0].toLowerCase(Locale.ROOT);
            boolean instruction = EnglishWords.isInstructionVerb(first);
            boolean verbBeforeDeterminer = dictionaryTags(first).contains("VB")
                    && DETERMINERS.contains(words[1].toLowerCase(Locale.ROOT));
            if ((instruction || verbBeforeDeterminer) && !tags[0].startsWith("VB") && !FINITE_VERBS.contains(tags[1])) {
                tags[0] = "VB";
            }
            if (!tags[0].equals("VB")) {
                return;
            }
            // "Track the cost and plan service": more instructions after "and"
            for (int i = 1; i + 2 < tags.length; i++) {
                String word = words[i + 1].toLowerCase(Locale.ROOT);
                if (tags[i].equals("CC") && tags[i + 1].startsWith("NN")
                        && (EnglishWords.isInstructionVerb(word) || dictionaryTags(word).contains("VB"))
                        && NOUN_PHRASE_START.contains(tags[i + 2])) {
                    tags[i + 1] = "VB";
                }
            }
        }

        private static boolean isGerundOrPlural(String word) {
            return word.endsWith("ing") || word.endsWith("s");
        }

        /** Clauses run between {@code ; :} and the ends of the sentence. */
        private static void verblessClauses(String[] words, String[] tags) {
            int start = 0;
            for (int i = 0; i <= tags.length; i++) {
                if (i == tags.length || tags[i].equals(":") || words[i].equals(";")) {
                    repairClause(words, tags, start, i);
                    start = i + 1;
                }
            }
        }

        private static void repairClause(String[] words, String[] tags, int from, int to) {
            for (int i = from; i < to; i++) {
                if (isVerb(tags[i])) {
                    return;
                }
            }
            for (int i = from + 1; i + 1 < to; i++) {
                boolean adjectiveVerb = tags[i].equals("JJ") && (dictionaryTags(words[i].toLowerCase(Locale.ROOT))
                        .contains("VBP") || dictionaryTags(words[i].toLowerCase(Locale.ROOT)).contains("VB"));
                if (isNoun(tags[i - 1]) && (tags[i].equals("NN") || tags[i].equals("NNS") || adjectiveVerb)
                        && NOUN_PHRASE_START.contains(tags[i + 1]) && couldBeFiniteVerb(words[i], tags[i - 1])) {
                    // "landlords own apartments", "passengers book seats"
                    tags[i] = words[i].endsWith("s") && !tags[i - 1].equals("NNS") ? "VBZ" : "VBP";
                    return;
                }
            }
        }

        /** "books" after a singular noun (she books), "book" after a plural one (they book). */
        private static boolean couldBeFiniteVerb(String word, String subjectTag) {
            String w = word.toLowerCase(Locale.ROOT);
            boolean plural = subjectTag.equals("NNS") || subjectTag.equals("NNPS");
            Set<String> known = dictionaryTags(w);
            boolean dictionaryAllows = known.isEmpty() || known.contains("VBZ") || known.contains("VBP")
                    || known.contains("VB") || known.contains("NN") || known.contains("NNS");
            return dictionaryAllows && (plural ? !w.endsWith("s") : w.endsWith("s") && !w.endsWith("ss"));
        }

        private static boolean isCapitalized(String word) {
            return word.length() > 1 && Character.isUpperCase(word.charAt(0)) && Character.isLowerCase(word.charAt(1));
        }
    }
}
