package io.projectservice.analysis.language;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Closed classes of English words the offline analyzer needs beyond part-of-speech tags. They
 * are classes of the language, not of any domain: words too generic to name a kind of thing,
 * units of time, words for a measure or property (which make attributes, not entities),
 * adjectives that describe a state or judgement rather than a kind, the verbs of instructions,
 * and the verbs whose action a domain records as a thing of its own.
 */
public final class EnglishWords {

    /** Nouns that never name an entity on their own ("the <b>number</b> of", "customer <b>data</b>"). */
    private static final Set<String> GENERIC = words("""
            thing things way lot lots kind sort type number set example data information info detail
            system process goal aim purpose need use question problem result step fact idea term word area
            aspect factor list variety range basis end start beginning side top bottom middle rest majority
            minority half plenty everyone everything anything someone something nothing people person
            reason change trend pattern insight overview summary analysis view approach method solution option
            context domain help support cause causes amount level group series couple pair piece share
            percentage unit units one ones other others stuff matter kinds types
            """);

    /** Nouns that before "of" only count or classify what follows ("a <b>list</b> of ingredients"). */
    private static final Set<String> PARTITIVES = words("""
            part list number set kind sort type group lot series range variety piece couple pair half majority
            rest amount share total number percentage proportion portion fraction
            """);

    /** Measures and properties: attributes of an entity ("a <b>due date</b>", "the <b>price</b> of"). */
    private static final Set<String> MEASURES = words("""
            name number title email phone date time timestamp deadline duration price cost amount total sum quantity
            count rate ratio percentage percent score rating level status value weight height width length
            depth size volume capacity distance temperature pressure humidity voltage speed age balance salary
            wage fee revenue margin profit frequency latitude longitude id identifier code description color
            colour probability likelihood severity priority demand load usage consumption occupancy turnover
            dropout performance efficiency spend waste rainfall motion dose expiry mileage kilometre kilometer
            mile tonne kilogram kg litre liter euro dollar cent money cash rent fare premium tax discount
            deposit
            """);

    /** Units of time and calendar words: "every <b>month</b>" says when, not what. */
    private static final Set<String> TIME_UNITS = words("""
            second minute hour day week month year night morning afternoon evening weekend today tomorrow
            yesterday time times moment period while future past present now
            """);

    /** Adjectives of state, size, time, quantity or judgement: not part of an entity's name. */
    private static final Set<String> QUALITATIVE = words("""
            new old young first last next previous final current recent late early many several multiple
            various different other same certain specific more most less least few all each every such own
            high low higher lower highest lowest large small big huge tiny long short good bad best worst
            better worse great main major minor key important simple complex possible available valid invalid
            open closed active inactive extra additional total average overall typical common general usual
            local global external internal national regional international foreign domestic whole full
            empty free busy real actual potential likely unlikely right wrong correct top daily weekly monthly
            yearly annual hourly quarterly frequent rare regular special particular sure able ready
            """);

    /** Verbs a brief starts an instruction with, and the noun of the activity ("Track" -> "tracking"). */
    private static final Map<String, String> INSTRUCTIONS = new HashMap<>();

    /** Verbs whose act a domain keeps as a record of its own ("reserve" -> a reservation). */
    private static final Map<String, String> RECORDED_ACTS = new HashMap<>();

    static {
        instruction("analyze analysis", "analyse analysis", "identify identification", "predict prediction",
                "track tracking", "monitor monitoring", "forecast forecasting", "estimate estimation",
                "measure measurement", "detect detection", "optimize optimization", "optimise optimisation",
                "manage management", "plan planning", "schedule scheduling", "assess assessment",
                "evaluate evaluation", "compare comparison", "classify classification", "segment segmentation",
                "recommend recommendations", "report reporting", "reduce reduction", "improve improvement",
                "model modeling", "score scoring", "rank ranking", "prioritize prioritization",
                "automate automation", "simulate simulation", "visualize visualization", "calculate calculation",
                "explore exploration", "find analysis", "understand analysis", "determine analysis",
                "spot detection", "flag detection", "warn alerting", "measure measurement", "audit audit",
                "coordinate coordination", "allocate allocation", "route routing", "match matching",
                "screen screening", "review review", "investigate investigation", "discover discovery",
                "summarize summary", "study study", "build", "create", "design", "show", "see", "know", "learn",
                "help", "support", "enable", "get", "make", "keep", "give", "let", "use", "check", "decide",
                "avoid", "prevent", "increase", "decrease", "maximize", "minimize", "limit", "control");
        recordedAct("reserve reservation", "book booking", "rent rental", "lend loan", "borrow loan",
                "enroll enrollment", "enrol enrolment", "register registration", "subscribe subscription",
                "prescribe prescription", "admit admission", "pay payment", "ship shipment",
                "deliver delivery", "apply application", "order order", "donate donation",
                "vaccinate vaccination", "lease lease");
    }

    private EnglishWords() {
    }

    static boolean isGeneric(String singularWord) {
        return GENERIC.contains(singularWord);
    }

    static boolean isPartitive(String singularWord) {
        return PARTITIVES.contains(singularWord);
    }

    static boolean isMeasure(String singularWord) {
        return MEASURES.contains(singularWord);
    }

    static boolean isTimeUnit(String singularWord) {
        return TIME_UNITS.contains(singularWord) || TIME_UNITS.contains(singularWord + "s");
    }

    /** Judged on the word as written and on each part of a hyphenated one ("high-value"). */
    static boolean isQualitative(String adjective) {
        if (QUALITATIVE.contains(adjective)) {
            return true;
        }
        for (String part : adjective.split("-")) {
            if (QUALITATIVE.contains(part)) {
                return true;
            }
        }
        // a participle or a comparison describes a state ("damaged", "missing", "larger")
        return adjective.endsWith("ed") || adjective.endsWith("ing") || adjective.endsWith("est")
                || adjective.endsWith("ous") || adjective.endsWith("ful") || adjective.endsWith("less")
                || adjective.endsWith("able") || adjective.endsWith("ible");
    }

    public static boolean isInstructionVerb(String word) {
        return INSTRUCTIONS.containsKey(word);
    }

    /** "track" -> "tracking", or null when the instruction names no activity ("build"). */
    public static String activity(String instructionVerb) {
        return INSTRUCTIONS.get(instructionVerb);
    }

    /** "reserve" -> "reservation", or null. */
    public static String recordedAct(String verb) {
        return RECORDED_ACTS.get(verb);
    }

    private static void instruction(String... pairs) {
        for (String pair : pairs) {
            String[] p = pair.split(" ");
            INSTRUCTIONS.put(p[0], p.length > 1 ? p[1] : null);
        }
    }

    private static void recordedAct(String... pairs) {
        for (String pair : pairs) {
            String[] p = pair.split(" ");
            RECORDED_ACTS.put(p[0], p[1]);
        }
    }

    private static Set<String> words(String text) {
        return Set.copyOf(Arrays.asList(text.strip().split("\\s+")));
    }
}
