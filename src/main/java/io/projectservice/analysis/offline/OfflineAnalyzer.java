package io.projectservice.analysis.offline;

import io.projectservice.analysis.language.Phrases;
import io.projectservice.analysis.language.Sentences;
import io.projectservice.analysis.AnalysisConfig;
import io.projectservice.analysis.AnalysisInput;
import io.projectservice.analysis.AnalysisResult;
import io.projectservice.analysis.ExtractedFile;
import io.projectservice.analysis.TableInfo;
import io.projectservice.analysis.language.Names;
import io.projectservice.analysis.language.PartOfSpeech;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Analysis without an LLM, deterministic (same input, same output). The text - the user's
 * context, then the files' prose, within a budget of characters - is split into sentences and
 * tokens and tagged with a part-of-speech model ({@link PartOfSpeech}); its noun phrases, verb
 * groups and clauses ({@link Phrases}, {@link ClauseReader}) give:
 * <ul>
 * <li>name: the context's title line if it has one (a Markdown heading, or a short first line
 *     without end punctuation followed by more text), else the user's first instruction as an
 *     activity ("Track late parcels" -> "Parcel tracking"), else the two main entities
 *     ("Airlines and flights"), else the first file's name;</li>
 * <li>description: the context's leading sentences, then the sources;</li>
 * <li>nodes: each concept name, each table (columns as properties, column name to type), and the
 *     entities of the text (see {@link DomainText#entities}): noun phrases kept whole ("distribution
 *     center"), singular, never a verb, a judging adjective, a unit of time or a generic word;
 *     measures stated of an entity ("each flight has a departure time") are its properties. A
 *     concept and a table naming the same entity ({@code Customer}, {@code customers.csv}) are one
 *     node;</li>
 * <li>edges: foreign-key-like columns ({@code customer_id} in {@code orders} pointing at the
 *     {@code customers} node, labelled with the column), and relations stated in a sentence,
 *     labelled with the verb ("suppliers deliver components": {@code supplier -delivers-> component}).</li>
 * </ul>
 * Blocking and CPU-bound: call it from a worker thread.
 */
@ApplicationScoped
public class OfflineAnalyzer {
    private static final Pattern KEY_COLUMN = Pattern.compile("(.+?)_(?:id|key|fk|ref)");
    private static final Pattern HEADING = Pattern.compile("^\\s*#{1,6}\\s+(.+?)\\s*#*\\s*$");
    private static final int LEAD_SENTENCES = 3;
    private static final int LEAD_CHARACTERS = 600;
    private static final double CONTEXT_WEIGHT = 2.0;
    /** Longer "sentences" are lists or layout debris; their first tokens are read, the rest skipped. */
    private static final int MAX_SENTENCE_TOKENS = 80;

    private final AnalysisConfig config;

    public OfflineAnalyzer(AnalysisConfig config) {
        this.config = config;
    }

    public AnalysisResult analyze(AnalysisInput input) {
        String context = input.context() == null ? "" : input.context().strip();
        List<ExtractedFile> readable = input.files().stream().filter(ExtractedFile::ok).toList();

        DomainText domain = read(context, readable);
        int maxTerms = Math.min(config.offline().maxTermNodes(), config.result().maxNodes());
        DomainText.Selection selection = domain.entities(maxTerms);

        Graph graph = new Graph(config.result().maxNodes(), config.result().maxEdges(),
                config.result().maxPropertiesPerNode());
        for (String concept : input.conceptNames()) {
            if (concept != null && !concept.isBlank()) {
                graph.concept(concept.strip(), mentionOf(Names.entityKey(concept), selection));
            }
        }
        for (ExtractedFile file : readable) {
            for (TableInfo table : file.tables()) {
                graph.table(table, file.name());
            }
        }
        for (DomainText.Entity entity : selection.entities()) {
            graph.entity(entity);
        }
        graph.keyEdges();
        for (DomainText.Attribute attribute : domain.attributes()) {
            graph.attribute(selection.canonical(attribute.owner()), attribute.words());
        }
        for (DomainText.Relation relation : domain.relations()) {
            String subject = selection.canonical(relation.subject());
            String object = selection.canonical(relation.object());
            graph.relation(subject, relation.label(), object);
            if (relation.act() != null) {
                graph.relation(subject, "makes", relation.act());
                graph.relation(relation.act(), "is for", object);
            }
        }
        String name = ProjectNames.name(title(context), domain.instructions(), graph.entityLabels(),
                input.files(), config.result().maxNameLength());
        return new AnalysisResult(name, description(context, readable, input.files()), graph.nodes(), graph.edges(),
                AnalysisResult.OFFLINE, null, null);
    }

    /**
     * Tags and reads the context, then the files' prose: all of it up to the budget; beyond it,
     * sentences spread evenly over the files (a long manual says the same things many times).
     */
    private DomainText read(String context, List<ExtractedFile> readable) {
        int budget = config.offline().maxAnalyzedCharacters();
        DomainText domain = new DomainText();
        PartOfSpeech.Tagger tagger = PartOfSpeech.tagger();
        int used = 0;
        String title = title(context);
        List<String> contextSentences = new ArrayList<>();
        if (title != null) {
            // a title line is a sentence of its own, not the start of the next one
            String[] lines = context.split("\\R", 2);
            contextSentences.add(title);
            contextSentences.addAll(Sentences.of(lines.length > 1 ? lines[1] : ""));
        } else {
            contextSentences.addAll(Sentences.of(context));
        }
        for (String sentence : contextSentences) {
            if (used + sentence.length() > budget) {
                break;
            }
            used += sentence.length();
            readSentence(domain, tagger, sentence, CONTEXT_WEIGHT);
        }
        List<String> prose = new ArrayList<>();
        long proseCharacters = 0;
        for (ExtractedFile file : readable) {
            // a table's text is its cells: data values, not what the project is about
            if (file.tables().isEmpty()) {
                for (String sentence : Sentences.of(file.text())) {
                    prose.add(sentence);
                    proseCharacters += sentence.length();
                }
            }
        }
        int left = budget - used;
        double share = proseCharacters <= left ? 1.0 : (double) left / proseCharacters;
        double taken = 0;
        for (int i = 0; i < prose.size() && left > 0; i++) {
            taken += share;
            if (taken >= 1.0) {
                taken -= 1.0;
                String sentence = prose.get(i);
                if (sentence.length() <= left) {
                    left -= sentence.length();
                    readSentence(domain, tagger, sentence, 1.0);
                }
            }
        }
        return domain;
    }

    private static void readSentence(DomainText domain, PartOfSpeech.Tagger tagger, String sentence, double weight) {
        List<String> tokens = Sentences.tokens(sentence);
        if (tokens.isEmpty()) {
            return;
        }
        if (tokens.size() > MAX_SENTENCE_TOKENS) {
            tokens = tokens.subList(0, MAX_SENTENCE_TOKENS);
        }
        int index = domain.sentence(sentence, weight);
        new ClauseReader(domain, index).read(Phrases.of(tokens, tagger.tag(tokens)));
    }

    private static String mentionOf(String key, DomainText.Selection selection) {
        return selection.entities().stream().filter(e -> e.key().equals(key)).map(DomainText.Entity::firstSentence)
                .findFirst().orElse(null);
    }

    /** A Markdown heading, or a short first line that reads as a title above more text. */
    private static String title(String context) {
        if (context.isEmpty()) {
            return null;
        }
        String[] lines = context.split("\\R", 2);
        String first = lines[0].strip();
        Matcher heading = HEADING.matcher(first);
        if (heading.matches()) {
            return heading.group(1).strip();
        }
        boolean moreText = lines.length > 1 && !lines[1].isBlank();
        boolean ends = !first.isEmpty() && ".!?:;,".indexOf(first.charAt(first.length() - 1)) >= 0;
        if (moreText && !first.isEmpty() && first.length() <= 80 && !ends) {
            return first;
        }
        return null;
    }

    private String description(String context, List<ExtractedFile> readable, List<ExtractedFile> files) {
        String body = context;
        if (title(context) != null) {
            String[] lines = context.split("\\R", 2);
            body = lines.length > 1 ? lines[1] : "";
        }
        if (body.isBlank()) {
            body = readable.stream().filter(f -> f.tables().isEmpty()).map(ExtractedFile::text)
                    .filter(t -> !t.isBlank()).findFirst().orElse("");
        }
        StringBuilder lead = new StringBuilder();
        for (String sentence : Sentences.of(body).stream().limit(LEAD_SENTENCES).toList()) {
            if (lead.length() + sentence.length() > LEAD_CHARACTERS && lead.length() > 0) {
                break;
            }
            lead.append(lead.length() > 0 ? " " : "").append(sentence);
        }
        String description = Names.cut(lead.toString(), LEAD_CHARACTERS);
        if (!files.isEmpty()) {
            List<String> names = files.stream().map(ExtractedFile::name).toList();
            long tables = readable.stream().mapToLong(f -> f.tables().size()).sum();
            String sources = "Sources: " + String.join(", ", names)
                    + (tables > 0 ? " (" + tables + (tables == 1 ? " table" : " tables") + ")" : "") + ".";
            description = description.isEmpty() ? sources : description + " " + sources;
        }
        return Names.cut(description, config.result().maxDescriptionLength());
    }

    /** Nodes and edges under construction; one node per entity key, ids unique. */
    private static final class Graph {
        private final int maxNodes;
        private final int maxEdges;
        private final int maxProperties;
        private final Map<String, MutableNode> byKey = new LinkedHashMap<>();
        private final Set<String> ids = new HashSet<>();
        private final Set<AnalysisResult.Edge> edges = new LinkedHashSet<>();
        private final List<String> entityLabels = new ArrayList<>();
        private final Map<List<String>, Map<String, Integer>> stated = new LinkedHashMap<>();
        private Map<String, MutableNode> index;

        Graph(int maxNodes, int maxEdges, int maxProperties) {
            this.maxNodes = maxNodes;
            this.maxEdges = maxEdges;
            this.maxProperties = maxProperties;
        }

        void concept(String name, String description) {
            String key = Names.entityKey(name);
            if (key.isEmpty() || byKey.containsKey(key) || byKey.size() >= maxNodes) {
                return;
            }
            MutableNode node = new MutableNode(uniqueId(Names.snakeCase(name)), name);
            node.description = description;
            byKey.put(key, node);
        }

        void table(TableInfo table, String fileName) {
            String key = Names.entityKey(table.name());
            MutableNode node = byKey.get(key);
            if (node == null || node.table != null) {
                if (byKey.size() >= maxNodes) {
                    return;
                }
                node = new MutableNode(uniqueId(table.name()), Names.titleCase(table.name()));
                byKey.put(byKey.containsKey(key) ? key + "#" + node.id : key, node);
            } else {
                // the concept names this table's entity: keep the user's label, take the table's id
                ids.remove(node.id);
                node.id = uniqueId(table.name());
            }
            node.table = table;
            node.description = "Table from " + fileName + " with " + table.columns().size()
                    + (table.columns().size() == 1 ? " column" : " columns") + " and " + table.rowCount()
                    + (table.rowCount() == 1 ? " row." : " rows.");
            for (TableInfo.Column column : table.columns()) {
                node.properties.put(column.name(), column.type().apiName());
            }
        }

        /** An entity of the text; one the user or a table already named only adds to that node. */
        void entity(DomainText.Entity entity) {
            String key = Names.entityKey(entity.key());
            entityLabels.add(entity.key());
            if (key.isEmpty() || byKey.containsKey(key) || byKey.size() >= maxNodes) {
                return;
            }
            MutableNode node = new MutableNode(uniqueId(Names.snakeCase(entity.key())), entity.label());
            node.description = entity.firstSentence() == null ? null : Names.cut(entity.firstSentence(), 300);
            byKey.put(key, node);
        }

        /** The entities' names as the text has them, best first. */
        List<String> entityLabels() {
            return entityLabels;
        }

        /** A measure stated of an entity: a property, its type guessed from the measure's last word. */
        void attribute(String ownerKey, List<String> words) {
            MutableNode owner = find(Names.entityKey(ownerKey));
            if (owner == null || owner.table != null || owner.properties.size() >= maxProperties) {
                return;
            }
            owner.properties.putIfAbsent(String.join("_", words), MeasureTypes.of(words.get(words.size() - 1)));
        }

        /**
         * A stated relation, when both ends are nodes. Between two nodes the label stated most
         * often wins (the first on a tie): a long document states many relations between the
         * same entities, and one edge says it.
         */
        void relation(String subjectKey, String label, String objectKey) {
            MutableNode source = find(Names.entityKey(subjectKey));
            MutableNode target = find(Names.entityKey(objectKey));
            if (source != null && target != null && source != target) {
                stated.computeIfAbsent(List.of(source.id, target.id), k -> new LinkedHashMap<>())
                        .merge(label, 1, Integer::sum);
            }
        }

        /** {@code customer_id} in a table, and a node for customers: an edge labelled with the column. */
        void keyEdges() {
            for (MutableNode node : List.copyOf(byKey.values())) {
                if (node.table == null) {
                    continue;
                }
                for (TableInfo.Column column : node.table.columns()) {
                    Matcher key = KEY_COLUMN.matcher(Names.snakeCase(column.name()));
                    if (!key.matches()) {
                        continue;
                    }
                    MutableNode target = find(Names.entityKey(key.group(1)));
                    if (target != null && target != node) {
                        edge(node.id, target.id, column.name());
                    }
                }
            }
        }

        /** The node an entity key names: its own key, or its table's name ({@code order items}). */
        private MutableNode find(String key) {
            if (index == null) {
                // built once the nodes are complete; edges come after all nodes
                index = new HashMap<>();
                byKey.forEach((k, node) -> {
                    index.putIfAbsent(k, node);
                    if (node.table != null) {
                        index.putIfAbsent(Names.entityKey(node.table.name()), node);
                    }
                });
            }
            return index.get(key);
        }

        private void edge(String source, String target, String label) {
            if (edges.size() < maxEdges) {
                edges.add(new AnalysisResult.Edge(source, target, label));
            }
        }

        private String uniqueId(String base) {
            String id = base.isEmpty() ? "node" : base;
            String candidate = id;
            for (int n = 2; !ids.add(candidate); n++) {
                candidate = id + "_" + n;
            }
            return candidate;
        }

        List<AnalysisResult.Node> nodes() {
            return byKey.values().stream().map(MutableNode::toNode).toList();
        }

        List<AnalysisResult.Edge> edges() {
            stated.forEach((ends, labels) -> {
                String label = labels.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
                edge(ends.get(0), ends.get(1), label);
            });
            stated.clear();
            return List.copyOf(edges);
        }
    }

    private static final class MutableNode {
        String id;
        final String label;
        String description;
        TableInfo table;
        final Map<String, Object> properties = new LinkedHashMap<>();

        MutableNode(String id, String label) {
            this.id = id;
            this.label = label;
        }

        AnalysisResult.Node toNode() {
            return new AnalysisResult.Node(id, label, description, Collections.unmodifiableMap(properties));
        }
    }
}
