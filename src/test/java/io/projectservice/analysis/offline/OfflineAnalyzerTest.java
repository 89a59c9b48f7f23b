package io.projectservice.analysis.offline;

import io.projectservice.analysis.ExtractedFile;
import io.projectservice.analysis.AnalysisConfig;
import io.projectservice.analysis.AnalysisInput;
import io.projectservice.analysis.AnalysisResult;
import io.projectservice.analysis.AnalysisValidator;
import io.projectservice.analysis.TestConfigs;
import io.projectservice.analysis.tables.TableInference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OfflineAnalyzerTest {
    private static final String CONTEXT = """
            An online shop sells products to customers. Each customer places orders, and every order \
            contains order items. An order item refers to a product. Customers can write reviews of products; \
            a review belongs to a customer.
            Warehouses store products and ship orders to customers.
            """;

    private final AnalysisConfig config = TestConfigs.defaults();
    private final TableInference tables = new TableInference();
    private final OfflineAnalyzer analyzer = new OfflineAnalyzer(config);
    private final AnalysisValidator validator = new AnalysisValidator(config);

    @Test
    void shopContextWithTables() {
        AnalysisResult result = analyzer.analyze(new AnalysisInput(CONTEXT, List.of("Customer", "Supplier"), files()));

        assertEquals("Customers and products", result.name());
        assertEquals("An online shop sells products to customers. Each customer places orders, and every order"
                + " contains order items. An order item refers to a product. Sources: customers.csv, orders.csv,"
                + " order_items.csv (3 tables).", result.description());
        assertEquals(AnalysisResult.OFFLINE, result.engine());

        // "ship orders" is a recorded act: a shipment
        assertEquals(List.of("customers", "supplier", "orders", "order_items", "product", "review", "shop",
                "warehouse", "shipment"), result.nodes().stream().map(AnalysisResult.Node::id).toList());
        AnalysisResult.Node customers = result.nodes().get(0);
        // the concept "Customer" and customers.csv are one node: the user's label, the table's id and columns
        assertEquals("Customer", customers.label());
        assertEquals("Table from customers.csv with 4 columns and 2 rows.", customers.description());
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("id", "integer");
        columns.put("name", "string");
        columns.put("email", "string");
        columns.put("signed_up", "date");
        assertEquals(columns, customers.properties());
        assertEquals(Map.of("order_id", "integer", "product_id", "integer", "quantity", "integer"),
                result.nodes().get(3).properties());

        assertEquals(List.of(
                edge("orders", "customers", "customer_id"),
                edge("order_items", "orders", "order_id"),
                edge("order_items", "product", "product_id"),
                edge("shop", "product", "sells"),
                edge("shop", "customers", "sells to"),
                edge("customers", "orders", "places"),
                edge("orders", "order_items", "contains"),
                edge("order_items", "product", "refers to"),
                edge("customers", "review", "writes"),
                edge("review", "customers", "belongs to"),
                edge("warehouse", "product", "stores"),
                edge("warehouse", "orders", "ships"),
                edge("warehouse", "shipment", "makes"),
                edge("shipment", "orders", "is for"),
                edge("warehouse", "customers", "ships to")), result.edges());

        assertEquals(result, analyzer.analyze(new AnalysisInput(CONTEXT, List.of("Customer", "Supplier"), files())));
        assertEquals(result, validator.validate(result));
    }

    /** The examples: the entities a domain expert names, verbs as edge labels, never as nodes. */
    @Test
    void librariesAndAirlines() {
        AnalysisResult library = analyzer.analyze(new AnalysisInput(
                "Libraries lend books to members; members reserve books; librarians run branches.", List.of(),
                List.of()));
        List<String> nodes = library.nodes().stream().map(AnalysisResult.Node::id).toList();
        assertTrue(nodes.containsAll(List.of("library", "book", "member", "reservation", "librarian", "branch")),
                nodes.toString());
        assertTrue(nodes.stream().noneMatch(List.of("lend", "reserve", "run")::contains), nodes.toString());
        assertTrue(library.edges().containsAll(List.of(edge("member", "book", "reserves"),
                edge("librarian", "branch", "runs"), edge("library", "book", "lends"))), library.edges().toString());

        AnalysisResult airline = analyzer.analyze(new AnalysisInput("Airlines operate flights between airports;"
                + " passengers book seats on flights; crews are assigned to flights.", List.of(), List.of()));
        assertEquals(List.of("flight", "airline", "passenger", "seat", "crew", "airport", "booking"),
                airline.nodes().stream().map(AnalysisResult.Node::id).toList());
        assertTrue(airline.edges().containsAll(List.of(edge("airline", "flight", "operates"),
                edge("passenger", "seat", "books"), edge("crew", "flight", "is assigned to"))),
                airline.edges().toString());
    }

    @Test
    void instructionsNameTheProjectAndAreNoNodes() {
        AnalysisResult result = analyzer.analyze(new AnalysisInput("Drivers deliver parcels to customers from the"
                + " distribution center. Track late parcels, analyze delivery routes and predict which drivers"
                + " will be late.", List.of(), List.of()));
        assertEquals("Parcel tracking", result.name());
        List<String> nodes = result.nodes().stream().map(AnalysisResult.Node::id).toList();
        assertTrue(nodes.containsAll(List.of("driver", "parcel", "customer", "distribution_center")), nodes.toString());
        assertTrue(nodes.stream().noneMatch(List.of("track", "analyze", "predict", "late", "deliver")::contains),
                nodes.toString());
        assertTrue(result.edges().contains(edge("driver", "parcel", "delivers")), result.edges().toString());
    }

    /** A measure stated of an entity is its property, typed by what it measures, not a node. */
    @Test
    void measuresAreProperties() {
        AnalysisResult result = analyzer.analyze(new AnalysisInput("Each flight has a departure time and a gate"
                + " number. Passengers pay the price of a ticket. A ticket has a due date.", List.of(), List.of()));
        Map<String, AnalysisResult.Node> byId = new LinkedHashMap<>();
        result.nodes().forEach(n -> byId.put(n.id(), n));
        assertEquals(Map.of("departure_time", "timestamp", "gate_number", "integer"),
                byId.get("flight").properties());
        assertEquals(Map.of("price", "decimal", "due_date", "date"), byId.get("ticket").properties());
        assertTrue(byId.keySet().stream().noneMatch(id -> id.contains("time") || id.contains("price")
                || id.contains("date") || id.contains("number")), byId.keySet().toString());
    }

    @Test
    void titleLineNamesTheProject() {
        AnalysisResult result = analyzer.analyze(new AnalysisInput("# Fleet maintenance\nTrucks need service.\n"
                + "A mechanic services trucks.", List.of(), List.of()));
        assertEquals("Fleet maintenance", result.name());
        assertEquals("Trucks need service. A mechanic services trucks.", result.description());
        assertTrue(result.nodes().stream().anyMatch(n -> n.id().equals("truck")), result.nodes().toString());
    }

    @Test
    void nothingToGoOn() {
        AnalysisResult empty = analyzer.analyze(new AnalysisInput(null, null, null));
        assertEquals("Untitled project", empty.name());
        assertEquals("", empty.description());
        assertEquals(List.of(), empty.nodes());

        ExtractedFile broken = ExtractedFile.failed("Budget 2024.xlsx", "application/zip", 3, "x", "bad");
        AnalysisResult fromFileName = analyzer.analyze(new AnalysisInput("", List.of(), List.of(broken)));
        assertEquals("Budget 2024", fromFileName.name());
        assertEquals("Sources: Budget 2024.xlsx.", fromFileName.description());
    }

    @Test
    void termNodesAreCapped() {
        AnalysisConfig small = TestConfigs.with(Map.of("projects.analysis.offline.max-term-nodes", "2"));
        AnalysisResult result = new OfflineAnalyzer(small).analyze(new AnalysisInput(CONTEXT, List.of(), List.of()));
        assertEquals(List.of("customer", "product"), result.nodes().stream().map(AnalysisResult.Node::id).toList());
    }

    /** A million characters of document text: bounded work, well inside a worker's time. */
    @Test
    @org.junit.jupiter.api.Timeout(20)
    void largeTextStaysFast() {
        String text = (CONTEXT + " Invoices list order lines; a supplier delivers parts to warehouses.\n\n")
                .repeat(1_000_000 / CONTEXT.length());
        ExtractedFile manual = new ExtractedFile("manual.pdf", "application/pdf", 1, "x", text, false, null, List.of());
        long start = System.nanoTime();
        AnalysisResult result = analyzer.analyze(new AnalysisInput(CONTEXT, List.of("Customer"), List.of(manual)));
        System.out.printf("offline analysis of %d characters took %d ms%n", text.length(),
                (System.nanoTime() - start) / 1_000_000);
        assertEquals(result, validator.validate(result));
    }

    private List<ExtractedFile> files() {
        return List.of(
                csv("customers.csv", "id,name,email,signed_up\n1,Ada,ada@example.com,2024-01-02\n2,Bob,,2024-02-03\n"),
                csv("orders.csv", "id,customer_id,total,placed_at\n10,1,99.50,2024-03-01T10:00:00Z\n"
                        + "11,2,5,2024-03-02T11:30:00Z\n"),
                csv("order_items.csv", "order_id,product_id,quantity\n10,100,2\n11,101,1\n"));
    }

    private ExtractedFile csv(String name, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return new ExtractedFile(name, "text/csv", bytes.length, "x", content, false, null,
                List.of(tables.csv(name, bytes).orElseThrow()));
    }

    private static AnalysisResult.Edge edge(String source, String target, String label) {
        return new AnalysisResult.Edge(source, target, label);
    }
}
