package io.projectservice.analysis.offline;

import io.projectservice.analysis.language.Names;
import io.projectservice.analysis.language.Phrases;
import io.projectservice.analysis.language.Phrases.NounPhrase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the sentences of a context say about its domain: the noun phrases that may name
 * entities (counted, the user's own context weighing more), the relations stated between them,
 * the measures stated of them, and the instructions the user gives. {@link #entities} turns that
 * into the entities a domain expert would name.
 */
public final class DomainText {
    /** Texts up to this many sentences keep every entity that is related or mentioned twice. */
    private static final int SHORT_TEXT_SENTENCES = 60;
    private static final double RELATED_BONUS = 1.5;
    /** In a long text, an entity scoring under this share of the best one is noise. */
    private static final double LONG_TEXT_MIN_SHARE = 0.04;

    private final List<String> sentences = new ArrayList<>();
    private final List<Double> weights = new ArrayList<>();
    private final Map<String, Candidate> candidates = new LinkedHashMap<>();
    private final Map<String, Integer> verbUses = new HashMap<>();
    private final List<Relation> relations = new ArrayList<>();
    private final List<Attribute> attributes = new ArrayList<>();
    private final List<Instruction> instructions = new ArrayList<>();

    record Relation(String subject, String label, String object, String act, int sentence) {
    }

    /** A measure stated of an owner; {@code words} the measure's words ("due date"). */
    record Attribute(String owner, List<String> words) {
    }

    /** "Track late deliveries" ({@code of}: "assess the risk <b>of</b> every supplier"). */
    record Instruction(String verb, NounPhrase object, NounPhrase of, double weight) {
    }

    /** A selected entity: its key (singular words), the sentence that first mentions it. */
    record Entity(String key, String firstSentence) {
        String label() {
            return Names.titleCase(key);
        }
    }

    /** The entities and the aliases that point at them ("request" -> "leave request"). */
    record Selection(List<Entity> entities, Map<String, String> aliases) {
        String canonical(String key) {
            return aliases.getOrDefault(key, key);
        }
    }

    private static final class Candidate {
        final String key;
        final int words;
        final int firstSentence;
        double weight;
        int mentions;
        boolean related;
        boolean participant;
        boolean adjectival;

        Candidate(String key, int words, int firstSentence) {
            this.key = key;
            this.words = words;
            this.firstSentence = firstSentence;
        }

        String head() {
            return key.substring(key.lastIndexOf(' ') + 1);
        }
    }

    int sentence(String text, double weight) {
        sentences.add(text);
        weights.add(weight);
        return sentences.size() - 1;
    }

    int sentenceCount() {
        return sentences.size();
    }

    void mention(NounPhrase np, int sentence, boolean inClause) {
        if (np.entity()) {
            Candidate c = candidates.computeIfAbsent(np.key(), k -> new Candidate(k, np.words().size(), sentence));
            c.adjectival |= np.adjectival();
            c.weight += weights.get(sentence);
            c.mentions++;
        } else if (np.measure() && np.words().size() > 1) {
            // "delivery time": a measure of the delivery, if deliveries are entities
            attributes.add(new Attribute(np.modifiers(), List.of(np.head())));
        }
    }

    /** The subject or object of a verb, related to another entity or not ("an inspection happens"). */
    void participant(NounPhrase np) {
        Candidate c = candidates.get(np.key());
        if (c != null) {
            c.participant = true;
        }
    }

    void verbUse(String word) {
        verbUses.merge(Names.singular(word), 1, Integer::sum);
    }

    /** {@code core}: between a verb's subject and its object, not a circumstance after the object. */
    void relation(NounPhrase subject, String label, NounPhrase object, String act, boolean core, int sentence) {
        if (!subject.entity() || !object.entity() || subject.key().equals(object.key())) {
            return;
        }
        relations.add(new Relation(subject.key(), label, object.key(), act, sentence));
        candidates.get(subject.key()).related = true;
        if (core) {
            candidates.get(object.key()).related = true;
        }
    }

    void attribute(NounPhrase owner, NounPhrase measure) {
        if (owner.entity() && measure.measure()) {
            attributes.add(new Attribute(owner.key(), measure.words()));
        }
    }

    void instruction(String verb, NounPhrase object, NounPhrase of, int sentence) {
        instructions.add(new Instruction(verb, object, of, weights.get(sentence)));
    }

    List<Relation> relations() {
        return relations;
    }

    List<Attribute> attributes() {
        return attributes;
    }

    List<Instruction> instructions() {
        return instructions;
    }

    /**
     * The entities, best first, at most {@code max}. A word the text uses more often as a verb
     * than as a noun is none; a recorded act between two entities is one ("members reserve
     * books": a reservation); a word that is the head of exactly one longer entity and not met
     * more often alone is that entity ("request" in a text about leave requests).
     */
    Selection entities(int max) {
        Map<String, Candidate> pool = new LinkedHashMap<>();
        candidates.forEach((key, c) -> {
            if (c.words > 1 || verbUses.getOrDefault(key, 0) <= c.mentions) {
                pool.put(key, c);
            }
        });
        for (Relation r : relations) {
            if (r.act() != null && pool.containsKey(r.subject()) && pool.containsKey(r.object())) {
                Candidate act = pool.computeIfAbsent(r.act(), k -> new Candidate(k, 1, r.sentence()));
                act.weight += 1;
                act.mentions++;
                act.related = true;
            }
        }
        Map<String, String> aliases = new HashMap<>();
        for (Candidate described : List.copyOf(pool.values())) {
            // "fraudulent claims" are claims, when claims are named on their own too
            Candidate head = pool.get(described.head());
            if (described.adjectival && head != null && head != described) {
                merge(described, head, pool, aliases);
            }
        }
        for (Candidate single : List.copyOf(pool.values())) {
            if (single.words != 1) {
                continue;
            }
            List<Candidate> longer = pool.values().stream()
                    .filter(c -> c.words > 1 && c.head().equals(single.key)).toList();
            if (longer.size() == 1 && longer.get(0).mentions >= single.mentions) {
                merge(single, longer.get(0), pool, aliases);
            }
        }
        boolean longText = sentences.size() > SHORT_TEXT_SENTENCES;
        List<Candidate> ranked = new ArrayList<>(pool.values().stream()
                .filter(c -> c.related || c.participant || c.mentions >= 2)
                .filter(c -> !longText || c.mentions >= 2)
                .toList());
        ranked.sort(Comparator.comparingDouble(DomainText::score).reversed()
                .thenComparingInt(c -> c.firstSentence).thenComparing(c -> c.key));
        double best = ranked.isEmpty() ? 0 : score(ranked.get(0));
        List<Entity> out = new ArrayList<>();
        for (Candidate c : ranked) {
            if (out.size() >= max || longText && score(c) < best * LONG_TEXT_MIN_SHARE) {
                break;
            }
            out.add(new Entity(c.key, c.firstSentence < sentences.size() ? sentences.get(c.firstSentence) : null));
        }
        return new Selection(out, aliases);
    }

    /** {@code part} is another name of {@code whole}: its mentions count for the whole. */
    private static void merge(Candidate part, Candidate whole, Map<String, Candidate> pool,
            Map<String, String> aliases) {
        whole.weight += part.weight;
        whole.mentions += part.mentions;
        whole.related |= part.related;
        whole.participant |= part.participant;
        aliases.put(part.key, whole.key);
        pool.remove(part.key);
    }

    private static double score(Candidate c) {
        return c.weight * (c.related ? RELATED_BONUS : 1);
    }
}
