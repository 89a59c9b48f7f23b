package io.projectservice.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the small subset of
 * kustomize that {@code k8s/} uses, and refuses everything else, so that a manifest this test
 * passes is a manifest it actually understood:
 * <ul>
 * <li>{@code resources}: YAML files (several documents each) and directories holding a
 * kustomization, rendered recursively;</li>
 * <li>{@code namespace}: set on every namespaced object (overrides the base's);</li>
 * <li>{@code labels}: {@code pairs} added to {@code metadata.labels}, and with
 * {@code includeTemplates: true} to the pod template of workloads; {@code includeSelectors}
 * must be false (selectors never change);</li>
 * <li>{@code images}: {@code newName}/{@code newTag}/{@code digest} for every container and
 * init container whose image name matches;</li>
 * <li>{@code patches}: RFC 6902 JSON patches (inline {@code patch} or {@code path}) with a
 * {@code target} of {@code kind} and {@code name} (optionally {@code group}, {@code version});
 * operations add, remove, replace and test. Strategic merge patches are not supported.</li>
 * </ul>
 * Transformations run in kustomize's order: resources (with their own kustomizations applied),
 * then this level's patches, namespace, labels, images. Any other kustomization field fails, and
 * so does a patch whose target matches nothing (kustomize would silently skip it).
 */
final class Kustomize {
    static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "resources", "namespace", "labels",
            "images", "patches");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PriorityClass", "StorageClass", "PersistentVolume");
    private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
            "Job");

    private Kustomize() {
    }

    /** Renders the kustomization in {@code dir}: one object per returned node, in resource order. */
    static List<ObjectNode> build(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no kustomization.yaml in " + dir);
        }
        JsonNode k = readOne(file);
        k.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException(file + ": kustomization field '" + f + "' is not supported by this renderer");
            }
        });
        if (!"Kustomization".equals(k.path("kind").asText("Kustomization"))) {
            throw new IllegalArgumentException(file + ": kind must be Kustomization");
        }
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode r : k.path("resources")) {
            Path p = dir.resolve(r.asText()).normalize();
            if (Files.isDirectory(p)) {
                objects.addAll(build(p));
            } else {
                objects.addAll(readAll(p));
            }
        }
        for (JsonNode patch : k.path("patches")) {
            patch(dir, file, patch, objects);
        }
        if (k.hasNonNull("namespace")) {
            String ns = k.get("namespace").asText();
            for (ObjectNode o : objects) {
                if (!CLUSTER_SCOPED.contains(o.path("kind").asText())) {
                    metadata(o).put("namespace", ns);
                }
            }
        }
        for (JsonNode l : k.path("labels")) {
            labels(file, l, objects);
        }
        for (JsonNode image : k.path("images")) {
            images(image, objects);
        }
        checkUnique(file, objects);
        return objects;
    }

    static List<ObjectNode> readAll(Path file) {
        List<ObjectNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue;
                }
                if (!(doc instanceof ObjectNode o)) {
                    throw new IllegalArgumentException(file + ": a document is not a mapping");
                }
                out.add(o);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static JsonNode readOne(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode metadata(ObjectNode o) {
        return o.has("metadata") ? (ObjectNode) o.get("metadata") : o.putObject("metadata");
    }

    private static void labels(Path file, JsonNode spec, List<ObjectNode> objects) {
        if (spec.path("includeSelectors").asBoolean(false)) {
            throw new IllegalArgumentException(file + ": labels with includeSelectors: true is not supported");
        }
        spec.fieldNames().forEachRemaining(f -> {
            if (!Set.of("pairs", "includeSelectors", "includeTemplates").contains(f)) {
                throw new IllegalArgumentException(file + ": labels field '" + f + "' is not supported");
            }
        });
        boolean templates = spec.path("includeTemplates").asBoolean(false);
        for (ObjectNode o : objects) {
            Iterator<Map.Entry<String, JsonNode>> pairs = spec.path("pairs").fields();
            while (pairs.hasNext()) {
                Map.Entry<String, JsonNode> pair = pairs.next();
                labelsOf(metadata(o)).put(pair.getKey(), pair.getValue().asText());
                if (templates && WORKLOADS.contains(o.path("kind").asText()) && o.path("spec").has("template")) {
                    ObjectNode template = (ObjectNode) o.get("spec").get("template");
                    labelsOf(metadata(template)).put(pair.getKey(), pair.getValue().asText());
                }
            }
        }
    }

    private static ObjectNode labelsOf(ObjectNode metadata) {
        return metadata.has("labels") ? (ObjectNode) metadata.get("labels") : metadata.putObject("labels");
    }

    private static void images(JsonNode image, List<ObjectNode> objects) {
        String name = image.path("name").asText();
        for (ObjectNode o : objects) {
            o.findParents("containers").forEach(parent -> replaceImages(parent.get("containers"), name, image));
            o.findParents("initContainers").forEach(parent -> replaceImages(parent.get("initContainers"), name, image));
        }
    }

    private static void replaceImages(JsonNode containers, String name, JsonNode spec) {
        if (!containers.isArray()) {
            return;
        }
        for (JsonNode c : containers) {
            if (!(c instanceof ObjectNode container) || !c.path("image").isTextual()) {
                continue;
            }
            String ref = c.get("image").asText();
            int at = ref.indexOf('@');
            String withoutDigest = at >= 0 ? ref.substring(0, at) : ref;
            int colon = withoutDigest.lastIndexOf(':');
            boolean hasTag = colon > withoutDigest.lastIndexOf('/');
            String imageName = hasTag ? withoutDigest.substring(0, colon) : withoutDigest;
            if (!imageName.equals(name)) {
                continue;
            }
            String tag = hasTag ? withoutDigest.substring(colon) : "";
            String digest = at >= 0 ? ref.substring(at) : "";
            String newName = spec.path("newName").asText(imageName);
            if (spec.hasNonNull("digest")) {
                container.put("image", newName + "@" + spec.get("digest").asText());
            } else if (spec.hasNonNull("newTag")) {
                container.put("image", newName + ":" + spec.get("newTag").asText());
            } else {
                container.put("image", newName + tag + digest);
            }
        }
    }

    private static void patch(Path dir, Path file, JsonNode spec, List<ObjectNode> objects) {
        JsonNode target = spec.path("target");
        if (!target.isObject() || !target.has("kind") || !target.has("name")) {
            throw new IllegalArgumentException(file + ": every patch needs a target with kind and name");
        }
        target.fieldNames().forEachRemaining(f -> {
            if (!Set.of("group", "version", "kind", "name").contains(f)) {
                throw new IllegalArgumentException(file + ": patch target field '" + f + "' is not supported");
            }
        });
        JsonNode ops;
        try {
            ops = spec.has("path") ? YAML.readTree(dir.resolve(spec.get("path").asText()).toFile())
                    : YAML.readTree(spec.path("patch").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
        if (!ops.isArray()) {
            throw new IllegalArgumentException(file + ": only JSON 6902 patches (a list of operations) are supported");
        }
        int matched = 0;
        for (ObjectNode o : objects) {
            if (matches(target, o)) {
                JsonPatch.apply(o, (ArrayNode) ops);
                matched++;
            }
        }
        if (matched == 0) {
            // kustomize tolerates a patch that matches nothing; a typo in a target would then go unnoticed
            throw new IllegalArgumentException(file + ": patch target " + target + " matches no resource");
        }
    }

    private static boolean matches(JsonNode target, ObjectNode o) {
        String apiVersion = o.path("apiVersion").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        return target.get("kind").asText().equals(o.path("kind").asText())
                && target.get("name").asText().equals(o.path("metadata").path("name").asText())
                && (!target.has("group") || target.get("group").asText().equals(group))
                && (!target.has("version") || target.get("version").asText().equals(version));
    }

    private static void checkUnique(Path file, List<ObjectNode> objects) {
        Set<String> seen = new java.util.HashSet<>();
        for (ObjectNode o : objects) {
            if (!seen.add(id(o))) {
                throw new IllegalArgumentException(file + ": resource " + id(o) + " appears twice");
            }
        }
    }

    /** {@code group/Kind/namespace/name}, kustomize's resource identity. */
    static String id(JsonNode o) {
        String apiVersion = o.path("apiVersion").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        return group + "/" + o.path("kind").asText() + "/" + o.path("metadata").path("namespace").asText("")
                + "/" + o.path("metadata").path("name").asText();
    }
}
