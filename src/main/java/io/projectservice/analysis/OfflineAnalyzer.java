package io.projectservice.analysis;

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
 * Analysis without an LLM, deterministic (same input, same output):
 * <ul>
 * <li>name: the context's title line if it has one (a Markdown heading, or a short first line
 *     without end punctuation followed by more text), else its top terms ("Customers, Orders and
 *     Products"), else the first file's name;</li>
 * <li>description: the context's leading sentences, then the sources;</li>
 * <li>nodes: each concept name, each table (columns as properties, column name to type), and the
 *     salient terms of the text; a concept and a table naming the same entity
 *     ({@code Customer}, {@code customers.csv}) are one node;</li>
 * <li>edges: foreign-key-like columns ({@code customer_id} in {@code orders} pointing at the
 *     {@code customers} node, labelled with the column), and relations stated in a sentence
 *     between two nodes ("each customer places orders": {@code customer -places-> order}).</li>
 * </ul>
 */
@ApplicationScoped
public class OfflineAnalyzer {
    private static final Pattern KEY_COLUMN = Pattern.compile("(.+?)_(?:id|key|fk|ref)");
    private static final Pattern HEADING = Pattern.compile("^\\s*#{1,6}\\s+(.+?)\\s*#*\\s*$");
    private static final int LEAD_SENTENCES = 3;
    private static final int LEAD_CHARACTERS = 600;
    private static final int NAME_TERMS = 3;
    private static final double CONTEXT_WEIGHT = 2.0;
    private static final double MIN_TERM_SCORE = 2.0;

    private final AnalysisConfig config;

    public OfflineAnalyzer(AnalysisConfig config) {
        this.config = config;
    }

    public AnalysisResult analyze(AnalysisInput input) {
        String context = input.context() == null ? "" : input.context().strip();
        List<ExtractedFile> readable = input.files().stream().filter(ExtractedFile::ok).toList();

        SalientTerms terms = new SalientTerms();
        terms.add(context, CONTEXT_WEIGHT);
        List<Sentence> prose = new ArrayList<>(Sentence.all(context));
        for (ExtractedFile file : readable) {
            // a table's text is its cells: data values, not what the project is about
            if (file.tables().isEmpty()) {
                terms.add(file.text(), 1.0);
                prose.addAll(Sentence.all(file.text()));
            }
        }
        int maxTerms = Math.min(config.offline().maxTermNodes(), config.result().maxNodes());
        List<SalientTerms.Term> top = terms.top(maxTerms + NAME_TERMS, MIN_TERM_SCORE);

        Graph graph = new Graph(config.result().maxNodes(), config.result().maxEdges());
        for (String concept : input.conceptNames()) {
            if (concept != null && !concept.isBlank()) {
                graph.concept(concept.strip(), firstMention(concept, prose));
            }
        }
        for (ExtractedFile file : readable) {
            for (TableInfo table : file.tables()) {
                graph.table(table, file.name());
            }
        }
        int added = 0;
        for (SalientTerms.Term term : top) {
            if (added < maxTerms && graph.term(term, firstMention(term.key(), prose))) {
                added++;
            }
        }
        graph.keyEdges();
        for (Sentence sentence : prose) {
            graph.statedRelations(sentence);
        }
        return new AnalysisResult(name(context, top, input.files()), description(context, readable, input.files()),
                graph.nodes(), graph.edges(), AnalysisResult.OFFLINE, null, null);
    }

    private String name(String context, List<SalientTerms.Term> top, List<ExtractedFile> files) {
        int max = config.result().maxNameLength();
        String title = title(context);
        if (title != null) {
            return Names.cut(title, max);
        }
        if (!top.isEmpty()) {
            List<String> words = top.stream().limit(NAME_TERMS).map(t -> Names.titleCase(t.display())).toList();
            String joined = words.size() == 1 ? words.get(0)
                    : String.join(", ", words.subList(0, words.size() - 1)) + " and " + words.get(words.size() - 1);
            return Names.cut(joined, max);
        }
        for (ExtractedFile file : files) {
            String base = Names.titleCase(Names.snakeCase(Names.withoutExtension(file.name())).replaceFirst("^t_", ""));
            if (!base.isBlank()) {
                return Names.cut(base, max);
            }
        }
        return "Untitled project";
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

    /** The first sentence that mentions a term, as a node's description. */
    private static String firstMention(String term, List<Sentence> prose) {
        List<String> key = List.of(Names.entityKey(term).split(" "));
        for (Sentence sentence : prose) {
            if (Collections.indexOfSubList(sentence.singular(), key) >= 0) {
                return Names.cut(sentence.text(), 300);
            }
        }
        return null;
    }

    /** A sentence with its words, as written (lowercase) and in singular. */
    private record Sentence(String text, List<String> words, List<String> singular) {
        static List<Sentence> all(String text) {
            List<Sentence> out = new ArrayList<>();
            for (String sentence : Sentences.of(text)) {
                List<String> words = Sentences.words(sentence);
                out.add(new Sentence(sentence, words, words.stream().map(Names::singular).toList()));
            }
            return out;
        }
    }

    /** Nodes and edges under construction; one node per entity key, ids unique. */
    private static final class Graph {
        private final int maxNodes;
        private final int maxEdges;
        private final Map<String, MutableNode> byKey = new LinkedHashMap<>();
        private final Set<String> ids = new HashSet<>();
        private final Set<AnalysisResult.Edge> edges = new LinkedHashSet<>();
        private Map<String, MutableNode> index;

        Graph(int maxNodes, int maxEdges) {
            this.maxNodes = maxNodes;
            this.maxEdges = maxEdges;
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

        boolean term(SalientTerms.Term term, String description) {
            if (byKey.containsKey(term.key()) || byKey.size() >= maxNodes) {
                return false;
            }
            MutableNode node = new MutableNode(uniqueId(Names.snakeCase(term.key())), term.label());
            node.description = description;
            byKey.put(term.key(), node);
            return true;
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

        /** "X has / contains / belongs to / places ... Y" between two nodes named in one sentence. */
        void statedRelations(Sentence sentence) {
            List<String> words = sentence.words();
            List<String> singular = sentence.singular();
            MutableNode previous = null;
            int previousEnd = 0;
            for (int i = 0; i < words.size();) {
                Match match = longestMatch(singular, i);
                if (match == null) {
                    i++;
                    continue;
                }
                if (previous != null && previous != match.node) {
                    String relation = RelationPhrases.between(words.subList(previousEnd, i));
                    if (relation != null) {
                        edge(previous.id, match.node.id, relation);
                    }
                }
                previous = match.node;
                previousEnd = i + match.length;
                i = previousEnd;
            }
        }

        private record Match(MutableNode node, int length) {
        }

        private Match longestMatch(List<String> singular, int start) {
            for (int n = Math.min(4, singular.size() - start); n >= 1; n--) {
                MutableNode node = find(String.join(" ", singular.subList(start, start + n)));
                if (node != null) {
                    return new Match(node, n);
                }
            }
            return null;
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
