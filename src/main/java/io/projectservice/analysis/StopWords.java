package io.projectservice.analysis;

import java.util.Set;

/**
 * English words that never make a term on their own: function words, auxiliaries, the verbs
 * that state relations (so "customer places order" stays two terms and a relation), some common
 * adjectives and nouns too generic to name a subject. Verbs that are as often nouns (review,
 * issue, store, supply, order) are left out: they are more useful as terms.
 */
final class StopWords {
    private static final Set<String> WORDS = Set.copyOf(java.util.Arrays.asList("""
            a about above after again against all almost also although always am among an and another
            any anyone anything are around as at be because been before being below between both but
            by can cannot could did do does doing done down during each either else enough etc even
            ever every for from further get gets getting given go goes going got had has have having he
            her here hers herself him himself his how however i if in into is it its itself just least
            less like made make makes many may me might more most much must my myself neither never no
            nor not now of off often on once one only onto or other others otherwise our ours ourselves
            out over own per perhaps please put rather really same several shall she should since so
            some something sometimes still such than that the their theirs them themselves then there
            therefore these they this those though through thus to together too toward towards under
            until up upon us use used uses using usually very via was we well were what whatever when
            where whereas whether which while who whom whose why will with within without would yet you
            your yours yourself yourselves
            contain contains containing include includes including belong belongs belonging place places
            placed own owns owned reference references referenced refer refers manage manages managed
            create creates created hold holds held produce produces produced sell sells sold buy buys
            bought receive receives received send sends sent employ employs employed supplied stored
            track tracks tracked assign assigns assigned link links linked depend depends consist
            consists write writes written approve approves pay pays paid ship ships shipped need needs
            want wants allow allows provide provides provided keep keeps show shows describe describes
            described represent represents based list lists
            new old first last next multiple various different main good best high low large small
            online offline digital general specific important simple current possible available
            data information example examples thing things way ways lot lots kind kinds part parts
            number numbers set sets etc e.g i.e
            """.strip().split("\\s+")));

    private StopWords() {
    }

    static boolean contains(String lowercaseWord) {
        return WORDS.contains(lowercaseWord);
    }
}
