package io.projectservice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the schemas cannot know about the monitoring objects, the ways in and the rebuild Job: the
 * alert rules and the dashboard query metrics the service really exports (its Micrometer names,
 * found in src/main), the ServiceMonitor reaches every pod, the Ingress and the HTTPRoute lead to
 * the API's Service with a cert-manager certificate, and the Job runs the rebuild command with the
 * release's image and the API's database settings.
 */
class MonitoringAndExposureTest {
    private static final Path K8S = Path.of("k8s");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Series from outside the service: Quarkus' HTTP server metrics and kube-state-metrics. */
    private static final Set<String> FOREIGN = Set.of("http_server_requests_seconds_count",
            "http_server_requests_seconds_sum", "http_server_requests_seconds_max", "kube_pod_status_ready",
            "kube_pod_container_status_restarts_total");
    private static final Pattern SERIES = Pattern.compile("\\b((?:projects|http|kube)_[a-z0-9_]+)\\b");
    private static final Pattern SUFFIX = Pattern.compile("(_seconds|_bytes)?(_total|_bucket|_count|_sum|_max)?$");

    private static Map<String, ObjectNode> prod() {
        return KubernetesManifestsTest.byId(Kustomize.build(K8S.resolve("overlays/prod")));
    }

    @Test
    void alertsCoverWhatOperatorsMustKnow() {
        Set<String> alerts = new TreeSet<>();
        prod().get("monitoring.coreos.com/PrometheusRule/projects-service").at("/spec/groups")
                .forEach(g -> g.path("rules").forEach(r -> alerts.add(r.path("alert").asText())));
        assertEquals(new TreeSet<>(List.of("ProjectsRelayStalled", "ProjectsPipelineUnready", "ProjectsRelayLag",
                "ProjectsProjectionLag", "ProjectsDeadLetters", "ProjectsAnalysisJobsFailing", "ProjectsHttp5xx",
                "ProjectsHttp429", "ProjectsRequestsRefused", "ProjectsPodRestarts")), alerts);
        Set<String> used = new TreeSet<>();
        expressions(prod()).forEach(e -> used.addAll(series(e)));
        for (String needed : List.of("projects_relay_published_total", "projects_relay_lag_seconds_bucket",
                "projects_projection_lag_seconds_bucket", "projects_dead_letters_total", "projects_analysis_jobs_total",
                "projects_requests_refused_total", "http_server_requests_seconds_count",
                "kube_pod_container_status_restarts_total")) {
            assertTrue(used.contains(needed), "no rule uses " + needed);
        }
    }

    @Test
    void rulesAndDashboardUseOnlyMetricsTheServiceExports() {
        List<String> expressions = expressions(prod());
        assertTrue(expressions.size() > 20, "rules and panels found: " + expressions.size());
        assertEquals(List.of(), unknownMetrics(expressions, sources()));
    }

    /** The check above fails on a misspelt metric (the README's old name style, say). */
    @Test
    void aMisspeltMetricIsCaught() {
        String sources = sources();
        assertEquals(List.of("projects_relay_lag_total"),
                unknownMetrics(List.of("rate(projects_relay_lag_total[5m])"), sources));
        assertEquals(List.of("projects_deadletters_total"),
                unknownMetrics(List.of("increase(projects_deadletters_total[10m]) > 0"), sources));
        assertEquals(List.of("kube_pod_restarts_total"), unknownMetrics(List.of("kube_pod_restarts_total"), sources));
        // a plain timer has no buckets, only count, sum and max
        assertEquals(List.of("projects_analysis_duration_seconds_bucket"), unknownMetrics(List.of(
                "histogram_quantile(0.95, sum by (le) (rate(projects_analysis_duration_seconds_bucket[5m])))"), sources));
        assertEquals(List.of(), unknownMetrics(List.of("rate(projects_analysis_duration_seconds_count[5m])"), sources));
    }

    @Test
    void theDashboardIsGrafanaJsonWithAQueryPerPanel() throws IOException {
        JsonNode dashboard = dashboard(prod());
        assertEquals("projects-service", dashboard.path("uid").asText());
        assertTrue(dashboard.path("panels").size() >= 10);
        Set<Integer> ids = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertTrue(ids.add(panel.path("id").asInt()), "panel ids are unique");
            assertFalse(panel.path("title").asText().isEmpty());
            assertTrue(panel.path("targets").size() > 0, panel.path("title").asText());
            panel.path("targets").forEach(t -> assertTrue(t.path("expr").asText().contains("$namespace"),
                    panel.path("title").asText() + ": every query is filtered by the namespace variable"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "overlays/dev", "overlays/prod", "overlays/prod-gateway" })
    void theServiceMonitorScrapesEveryPodOfEveryRole(String dir) {
        Map<String, ObjectNode> objects = KubernetesManifestsTest.byId(Kustomize.build(K8S.resolve(dir)));
        JsonNode monitor = objects.get("monitoring.coreos.com/ServiceMonitor/projects-service").get("spec");
        ObjectNode service = objects.get("/Service/projects-metrics");
        assertTrue(matches(monitor.at("/selector/matchLabels"), service.at("/metadata/labels")),
                "the ServiceMonitor selects the metrics Service");
        assertEquals("None", service.at("/spec/clusterIP").asText(), "headless: one target per pod");
        JsonNode endpoint = monitor.at("/endpoints/0");
        assertEquals("/q/metrics", endpoint.path("path").asText());
        JsonNode port = service.at("/spec/ports/0");
        assertEquals(endpoint.path("port").asText(), port.path("name").asText());
        List<String> deployments = new ArrayList<>();
        objects.values().stream().filter(o -> o.path("kind").asText().equals("Deployment")).forEach(d -> {
            deployments.add(d.at("/metadata/name").asText());
            JsonNode pod = d.at("/spec/template");
            assertTrue(matches(service.at("/spec/selector"), pod.at("/metadata/labels")), d.at("/metadata/name").asText());
            JsonNode container = pod.at("/spec/containers/0");
            assertTrue(Stream.iterate(0, i -> i + 1).limit(container.path("ports").size())
                    .map(i -> container.path("ports").get(i))
                    .anyMatch(p -> p.path("name").asText().equals(port.path("targetPort").asText())
                            && p.path("containerPort").asInt() == port.path("port").asInt()),
                    d.at("/metadata/name").asText() + " exposes the scraped port");
        });
        assertEquals(Set.of("projects-api", "projects-pipeline", "projects-worker"), Set.copyOf(deployments));
    }

    @Test
    void theIngressLeadsToTheApiOverTlsFromCertManager() {
        Map<String, ObjectNode> objects = prod();
        JsonNode ingress = objects.get("networking.k8s.io/Ingress/projects-api");
        assertFalse(ingress.at("/metadata/annotations/cert-manager.io~1cluster-issuer").asText().isEmpty());
        String host = ingress.at("/spec/tls/0/hosts/0").asText();
        assertEquals(host, ingress.at("/spec/rules/0/host").asText(), "the certificate covers the routed host");
        assertFalse(ingress.at("/spec/tls/0/secretName").asText().isEmpty());
        JsonNode backend = ingress.at("/spec/rules/0/http/paths/0/backend/service");
        assertApiServicePort(objects, backend.path("name").asText(), backend.at("/port/name").asText(), -1);
    }

    @Test
    void theHttpRouteLeadsToTheApiThroughAGatewayWithACertManagerCertificate() {
        Map<String, ObjectNode> objects = KubernetesManifestsTest.byId(Kustomize.build(K8S.resolve("overlays/prod-gateway")));
        JsonNode gateway = objects.get("gateway.networking.k8s.io/Gateway/projects");
        assertFalse(gateway.at("/metadata/annotations/cert-manager.io~1cluster-issuer").asText().isEmpty());
        JsonNode route = objects.get("gateway.networking.k8s.io/HTTPRoute/projects-api").get("spec");
        assertEquals(gateway.at("/metadata/name").asText(), route.at("/parentRefs/0/name").asText());
        JsonNode listener = null;
        for (JsonNode l : gateway.at("/spec/listeners")) {
            if (l.path("name").asText().equals(route.at("/parentRefs/0/sectionName").asText())) {
                listener = l;
            }
        }
        assertTrue(listener != null, "the route's listener exists");
        assertEquals("HTTPS", listener.path("protocol").asText(), "the API is routed over HTTPS only");
        assertEquals("Terminate", listener.at("/tls/mode").asText());
        assertFalse(listener.at("/tls/certificateRefs/0/name").asText().isEmpty());
        assertEquals(listener.path("hostname").asText(), route.at("/hostnames/0").asText());
        JsonNode backend = route.at("/rules/0/backendRefs/0");
        assertApiServicePort(objects, backend.path("name").asText(), null, backend.path("port").asInt());
        JsonNode redirect = objects.get("gateway.networking.k8s.io/HTTPRoute/projects-api-https-redirect").get("spec");
        assertEquals("https", redirect.at("/rules/0/filters/0/requestRedirect/scheme").asText());
        assertFalse(redirect.at("/rules/0").has("backendRefs"), "plain HTTP never reaches the API");
    }

    @Test
    void theRebuildJobRunsTheCommandWithTheReleasesImageAndTheApisDatabase() {
        JsonNode job = KubernetesManifestsTest.byId(Kustomize.build(K8S.resolve("jobs/rebuild-read-model")))
                .get("batch/Job/projects-rebuild-read-model");
        JsonNode api = prod().get("apps/Deployment/projects-api");
        JsonNode container = job.at("/spec/template/spec/containers/0");
        JsonNode apiContainer = api.at("/spec/template/spec/containers/0");
        assertEquals(List.of("rebuild-read-model"), JSON.convertValue(container.path("args"), List.class));
        assertFalse(container.has("command"), "the image's entrypoint hands the args to the service");
        assertEquals(apiContainer.path("image").asText(), container.path("image").asText());
        assertEquals(api.at("/metadata/namespace").asText(), job.at("/metadata/namespace").asText());
        assertEquals("Never", job.at("/spec/template/spec/restartPolicy").asText());
        Map<String, JsonNode> env = env(container);
        assertEquals("none", env.get("PROJECTS_ROLES").path("value").asText(), "no relay, projector or API in the Job");
        env(apiContainer).forEach((name, value) -> {
            if (name.startsWith("DB_") && !name.equals("DB_POOL_SIZE")) {
                assertEquals(value, env.get(name), name);
            }
        });
        assertEquals(apiContainer.at("/envFrom"), container.at("/envFrom"));
        assertTrue(job.at("/spec/activeDeadlineSeconds").asLong() > 7200, "longer than the command's own 2 h");
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /** Every PromQL expression of the alert rules and the dashboard's panels. */
    private static List<String> expressions(Map<String, ObjectNode> objects) {
        List<String> out = new ArrayList<>();
        objects.get("monitoring.coreos.com/PrometheusRule/projects-service").at("/spec/groups")
                .forEach(g -> g.path("rules").forEach(r -> out.add(r.path("expr").asText())));
        try {
            dashboard(objects).path("panels").forEach(p -> p.path("targets").forEach(t -> out.add(t.path("expr").asText())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static JsonNode dashboard(Map<String, ObjectNode> objects) throws IOException {
        return JSON.readTree(objects.get("/ConfigMap/projects-grafana-dashboard").at("/data/projects-service.json").asText());
    }

    private static Set<String> series(String expression) {
        Set<String> names = new TreeSet<>();
        Matcher m = SERIES.matcher(expression.replaceAll("\\{[^}]*}", "{}"));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The series of the expressions that neither the service's sources nor FOREIGN name. */
    static List<String> unknownMetrics(List<String> expressions, String sources) {
        Set<String> unknown = new TreeSet<>();
        for (String e : expressions) {
            for (String name : series(e)) {
                if (FOREIGN.contains(name)) {
                    continue;
                }
                String micrometer = SUFFIX.matcher(name).replaceFirst("").replace('_', '.');
                String quoted = Pattern.quote("\"" + micrometer + "\"");
                // a counter is one; buckets exist only for a histogram (a plain timer has none)
                String registered = name.endsWith("_total") ? "(counter|Counter\\.builder)\\(" + quoted
                        : name.endsWith("_bucket") ? quoted + "\\)[^;]*(publishPercentileHistogram|serviceLevelObjectives)"
                        : quoted;
                if (!name.startsWith("projects_") || !Pattern.compile(registered).matcher(sources).find()) {
                    unknown.add(name);
                }
            }
        }
        return List.copyOf(unknown);
    }

    private static String sources() {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                all.append(Files.readString(f).replaceAll("\\s+", "")).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all.toString();
    }

    private static void assertApiServicePort(Map<String, ObjectNode> objects, String service, String portName, int port) {
        assertEquals("projects-api", service);
        JsonNode ports = objects.get("/Service/projects-api").at("/spec/ports");
        boolean found = false;
        for (JsonNode p : ports) {
            found |= portName != null ? p.path("name").asText().equals(portName) : p.path("port").asInt() == port;
        }
        assertTrue(found, "the Service projects-api has the port " + (portName != null ? portName : port));
    }

    private static Map<String, JsonNode> env(JsonNode container) {
        Map<String, JsonNode> env = new java.util.TreeMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        return env;
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        var it = selector.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return selector.size() > 0;
    }
}
