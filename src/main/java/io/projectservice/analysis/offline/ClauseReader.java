package io.projectservice.analysis.offline;

import io.projectservice.analysis.language.EnglishWords;
import io.projectservice.analysis.language.Phrases;
import io.projectservice.analysis.language.Phrases.Kind;
import io.projectservice.analysis.language.Phrases.NounPhrase;
import io.projectservice.analysis.language.Phrases.Phrase;
import io.projectservice.analysis.language.Phrases.VerbGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one sentence's phrases left to right, the way its clauses are built: the nouns before a
 * verb are its subjects, the nouns after it its objects ("suppliers deliver components and
 * parts"), a relative pronoun makes the noun before it the subject ("doctors who prescribe
 * medication"), "and" before a second verb keeps the subject ("examine patients and prescribe
 * medication") unless a new noun comes between ("place orders, and every order contains items").
 * Everything found goes to the {@link DomainText}.
 */
public final class ClauseReader {
    private final DomainText text;
    private final int sentence;

    private List<NounPhrase> subjects = List.of();
    private final List<NounPhrase> group = new ArrayList<>();
    private VerbGroup verb;
    private String verbPreposition;
    private String objectPreposition;
    private final List<NounPhrase> objects = new ArrayList<>();
    private final List<NounPhrase> sinceAnd = new ArrayList<>();
    private boolean sawAnd;
    private boolean measureOfNext;
    private NounPhrase lastNoun;
    private NounPhrase possessor;
    private NounPhrase examplesOf;
    private final List<Stated> stated = new ArrayList<>();

    /** A relation read in this sentence, kept until the sentence ends: a later verb may take it back. */
    private record Stated(NounPhrase subject, String label, NounPhrase object, String act, boolean core) {
    }

    ClauseReader(DomainText text, int sentence) {
        this.text = text;
        this.sentence = sentence;
    }

    void read(List<Phrase> phrases) {
        Phrase previous = null;
        for (int i = 0; i < phrases.size(); i++) {
            Phrase p = phrases.get(i);
            switch (p.kind()) {
                case NOUN -> noun(p.noun(), previous, i + 1 < phrases.size() ? phrases.get(i + 1) : null);
                case VERB -> verb(p.verb(), i == 0, phrases, i);
                case PREPOSITION -> preposition(p.word());
                case AND, COMMA -> {
                    if (verb != null) {
                        sawAnd = true;
                        sinceAnd.clear();
                    }
                }
                case POSSESSIVE -> {
                    possessor = lastNoun;
                    group.remove(lastNoun);
                }
                case RELATIVE -> {
                    if (lastNoun != null) {
                        subjects = List.of(lastNoun);
                    }
                    resetVerb();
                    group.clear();
                }
                case EXAMPLES -> examplesOf = lastNoun;
                case BREAK -> {
                    subjects = List.of();
                    resetVerb();
                    group.clear();
                    lastNoun = null;
                    examplesOf = null;
                }
                case OTHER -> {
                }
            }
            previous = p;
        }
        for (Stated s : stated) {
            text.relation(s.subject(), s.label(), s.object(), s.act(), s.core(), sentence);
        }
    }

    private void noun(NounPhrase np, Phrase previous, Phrase next) {
        // "pay the price of a ticket": the price is the ticket's, not the payer's
        measureOfNext = next != null && next.kind() == Kind.PREPOSITION && next.word().equals("of");
        text.mention(np, sentence, verb != null || previous != null && previous.kind() == Kind.PREPOSITION);
        if (possessor != null) {
            link(possessor, np, "has");
            possessor = null;
        }
        if (previous != null && previous.kind() == Kind.PREPOSITION && lastNoun != null) {
            if (previous.word().equals("of") && np.entity() && lastNoun.measure()) {
                text.attribute(np, lastNoun);
            } else if (previous.word().equals("with") && np.measure() && lastNoun.entity()) {
                text.attribute(lastNoun, np);
            }
        }
        if (examplesOf != null) {
            if (np.entity() && examplesOf.entity() && !np.key().equals(examplesOf.key())) {
                stated.add(new Stated(np, "is a", examplesOf, null, true));
            }
            lastNoun = np;
            return;
        }
        if (verb == null) {
            // "mechanics in our workshops service trucks": the workshops say which mechanics
            if (previous == null || previous.kind() != Kind.PREPOSITION) {
                group.add(np);
            }
        } else {
            String label = objectPreposition != null ? RelationPhrases.label(verb, objectPreposition)
                    : RelationPhrases.label(verb, verbPreposition);
            if (label != null && label.equals("is") && verbPreposition == null && objectPreposition == null) {
                label = "is a";
            }
            boolean direct = verbPreposition == null && objectPreposition == null;
            if ("of".equals(objectPreposition)) {
                // "reports bugs against a component of a project": the project is the component's
                lastNoun = np;
                return;
            }
            String act = objectPreposition == null && !RelationPhrases.passive(verb) ? recordedAct(np) : null;
            text.participant(np);
            if (objectPreposition == null) {
                objects.add(np);
            }
            if (sawAnd) {
                sinceAnd.add(np);
            }
            for (NounPhrase subject : subjects) {
                if (label != null) {
                    state(subject, label, np, act);
                }
            }
        }
        lastNoun = np;
    }

    private void verb(VerbGroup vg, boolean first, List<Phrase> phrases, int index) {
        if (first && vg.tags().get(0).equals("VB")) {
            instruction(vg, phrases, index);
        } else if (vg.words().size() > 1 && vg.tags().contains("TO")) {
            // "we want to assess the risk": the instruction after "to"
            instruction(vg, phrases, index);
        }
        if (verb == null) {
            if (!group.isEmpty()) {
                subjects = List.copyOf(group);
                subjects.forEach(text::participant);
            }
        } else if (sawAnd && !sinceAnd.isEmpty()) {
            stated.removeIf(s -> sinceAnd.stream().anyMatch(np -> np == s.object()));
            subjects = List.copyOf(sinceAnd);
            subjects.forEach(text::participant);
        } else if (!sawAnd && lastNoun != null && !objects.contains(lastNoun)) {
            subjects = List.of(lastNoun);
        }
        for (int i = 0; i < vg.words().size(); i++) {
            if (vg.tags().get(i).startsWith("VB")) {
                text.verbUse(vg.words().get(i));
            }
        }
        resetVerb();
        verb = vg;
        group.clear();
        examplesOf = null;
    }

    private void instruction(VerbGroup vg, List<Phrase> phrases, int index) {
        String base = RelationPhrases.base(vg);
        if (base == null || !EnglishWords.isInstructionVerb(base) || index + 1 >= phrases.size()) {
            return;
        }
        Phrase next = phrases.get(index + 1);
        if (next.kind() != Kind.NOUN || !next.noun().entity() && !next.noun().measure()) {
            return;
        }
        NounPhrase of = null;
        if (index + 3 < phrases.size() && phrases.get(index + 2).kind() == Kind.PREPOSITION
                && phrases.get(index + 2).word().equals("of") && phrases.get(index + 3).kind() == Kind.NOUN) {
            of = phrases.get(index + 3).noun();
        }
        text.instruction(base, next.noun(), of, sentence);
    }

    private void preposition(String word) {
        examplesOf = null;
        if (verb == null) {
            return;
        }
        if (objects.isEmpty() && objectPreposition == null && verbPreposition == null) {
            verbPreposition = word;
        } else if (!objects.isEmpty()) {
            objectPreposition = word;
            sawAnd = false;
        }
    }

    /** "members reserve books": a reservation; "owners book appointments": the appointment is the record. */
    private String recordedAct(NounPhrase object) {
        String base = RelationPhrases.base(verb);
        String head = object.head();
        boolean objectIsAnAct = head.endsWith("ment") || head.endsWith("tion") || head.endsWith("sion")
                || head.endsWith("ing") || head.equals(EnglishWords.recordedAct(base == null ? "" : base));
        return base == null || objectIsAnAct ? null : EnglishWords.recordedAct(base);
    }

    private void link(NounPhrase owner, NounPhrase owned, String label) {
        if (owned.measure()) {
            text.attribute(owner, owned);
        } else {
            stated.add(new Stated(owner, label, owned, null, true));
        }
    }

    private void state(NounPhrase subject, String label, NounPhrase object, String act) {
        if (object.measure()) {
            // "each audit produces a score": a measure as the direct object is the subject's
            if (subject.entity() && verbPreposition == null && objectPreposition == null && !measureOfNext) {
                text.attribute(subject, object);
            }
            return;
        }
        // "pay with a card", "report cases to the authorities": circumstances, weaker evidence of an entity
        stated.add(new Stated(subject, label, object, act, objectPreposition == null));
    }

    private void resetVerb() {
        verb = null;
        verbPreposition = null;
        objectPreposition = null;
        objects.clear();
        sinceAnd.clear();
        sawAnd = false;
    }
}
