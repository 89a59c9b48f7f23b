// Writes one JSON Schema per Kubernetes kind used under k8s/, from the TypeScript declarations
// of the kubernetes-models packages (which are generated from the Kubernetes OpenAPI spec and
// from the operators' Go API types). Run through generate.sh, which installs the pinned packages.
// Post-processing: short definition names, no descriptions (size), no `status` at the top level
// (a manifest never carries one). `additionalProperties: false` everywhere a type has no index
// signature, so an unknown field is an error, as with `kubectl apply --validate=strict`.
import fs from "node:fs";
import path from "node:path";
import * as TJS from "typescript-json-schema";

const [, , workDir, outDir] = process.argv;

// apiVersion, kind, module (relative to node_modules), exported interface
const KINDS = [
  ["v1", "ConfigMap", "kubernetes-models/v1/ConfigMap", "IConfigMap"],
  ["v1", "Secret", "kubernetes-models/v1/Secret", "ISecret"],
  ["v1", "Service", "kubernetes-models/v1/Service", "IService"],
  ["v1", "ServiceAccount", "kubernetes-models/v1/ServiceAccount", "IServiceAccount"],
  ["apps/v1", "Deployment", "kubernetes-models/apps/v1/Deployment", "IDeployment"],
  ["autoscaling/v2", "HorizontalPodAutoscaler", "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler", "IHorizontalPodAutoscaler"],
  ["policy/v1", "PodDisruptionBudget", "kubernetes-models/policy/v1/PodDisruptionBudget", "IPodDisruptionBudget"],
  ["networking.k8s.io/v1", "NetworkPolicy", "kubernetes-models/networking.k8s.io/v1/NetworkPolicy", "INetworkPolicy"],
  ["keda.sh/v1alpha1", "ScaledObject", "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject", "IScaledObject"],
  ["keda.sh/v1alpha1", "TriggerAuthentication", "@kubernetes-models/keda/keda.sh/v1alpha1/TriggerAuthentication", "ITriggerAuthentication"],
  ["postgresql.cnpg.io/v1", "Cluster", "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Cluster", "ICluster"],
  ["networking.k8s.io/v1", "Ingress", "kubernetes-models/networking.k8s.io/v1/Ingress", "IIngress"],
  ["batch/v1", "Job", "kubernetes-models/batch/v1/Job", "IJob"],
  ["gateway.networking.k8s.io/v1", "Gateway", "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway", "IGateway"],
  ["gateway.networking.k8s.io/v1", "HTTPRoute", "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute", "IHTTPRoute"],
  ["monitoring.coreos.com/v1", "ServiceMonitor", "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor", "IServiceMonitor"],
  ["monitoring.coreos.com/v1", "PrometheusRule", "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule", "IPrometheusRule"],
];

const entry = path.join(workDir, "roots.ts");
fs.writeFileSync(entry, KINDS.map(([, kind, mod, iface]) =>
  `import type { ${iface} as I${kind} } from "${mod}";\nexport interface Root${kind} extends I${kind} {}`).join("\n") + "\n");
const program = TJS.getProgramFromFiles([entry], {
  strict: true, skipLibCheck: true, module: "nodenext", moduleResolution: "nodenext", target: "es2020",
}, workDir);
const settings = { required: true, noExtraProps: true, strictNullChecks: true, ref: true, ignoreErrors: false };
const generator = TJS.buildGenerator(program, settings);
if (!generator) throw new Error("TypeScript program has errors");

const versions = {};
for (const pkg of ["kubernetes-models", "@kubernetes-models/keda", "@kubernetes-models/cloudnative-pg",
  "@kubernetes-models/gateway-api", "@kubernetes-models/prometheus-operator",
  "@kubernetes-models/apimachinery", "typescript-json-schema", "typescript"]) {
  versions[pkg] = JSON.parse(fs.readFileSync(path.join(workDir, "node_modules", pkg, "package.json"))).version;
}

// import("/abs/node_modules/kubernetes-models/apps/v1/DeploymentSpec",{...}).IDeploymentSpec
//   -> kubernetes-models.apps.v1.DeploymentSpec (no "/" or "~", so a $ref is a plain JSON pointer)
function shortName(name) {
  const m = name.match(/node_modules\/(.+?)["'].*\.I(\w+)$/);
  const s = m ? m[1].replace(/\/[^/]+$/, "") + "/" + m[2] : name;
  return s.replace(/^@/, "").replace(/\//g, ".").replace(/[^A-Za-z0-9_.-]/g, "_");
}
const SCHEMA_MAPS = ["properties", "definitions", "patternProperties"];
const SCHEMA_ONE = ["items", "additionalProperties", "not", "if", "then", "else", "contains"];
const SCHEMA_LIST = ["anyOf", "allOf", "oneOf"];
function clean(schema, rename) {
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) return schema;
  if (typeof schema.description === "string") delete schema.description;
  if (typeof schema.$ref === "string") schema.$ref = "#/definitions/" + rename(decodeURIComponent(schema.$ref.replace("#/definitions/", "")));
  for (const k of SCHEMA_MAPS) if (schema[k]) for (const v of Object.values(schema[k])) clean(v, rename);
  for (const k of SCHEMA_ONE) if (schema[k]) (Array.isArray(schema[k]) ? schema[k] : [schema[k]]).forEach(s => clean(s, rename));
  for (const k of SCHEMA_LIST) if (schema[k]) schema[k].forEach(s => clean(s, rename));
  return schema;
}

fs.mkdirSync(outDir, { recursive: true });
for (const [apiVersion, kind] of KINDS) {
  const schema = generator.getSchemaForSymbol("Root" + kind);
  const names = {};
  for (const n of Object.keys(schema.definitions || {})) {
    const s = shortName(n);
    if (Object.values(names).includes(s)) throw new Error("definition name clash: " + s);
    names[n] = s;
  }
  const rename = n => names[n] || shortName(n);
  const defs = {};
  for (const [n, d] of Object.entries(schema.definitions || {})) defs[rename(n)] = d;
  schema.definitions = defs;
  clean(schema, rename);
  if (schema.properties) delete schema.properties.status;
  // keep only the definitions still reachable from the root
  const reachable = new Set();
  const visit = node => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== "object") return;
    for (const [k, v] of Object.entries(node)) {
      if (k === "definitions") continue;
      if (k === "$ref" && typeof v === "string") {
        const d = v.replace("#/definitions/", "");
        if (!reachable.has(d)) { reachable.add(d); visit(schema.definitions[d]); }
      } else visit(v);
    }
  };
  visit(schema);
  for (const d of Object.keys(schema.definitions)) if (!reachable.has(d)) delete schema.definitions[d];
  const out = {
    $schema: schema.$schema,
    $comment: `${apiVersion} ${kind}: generated by k8s/schemas/generate.sh from the TypeScript declarations of `
      + Object.entries(versions).map(([p, v]) => `${p}@${v}`).join(", "),
    ...schema,
  };
  const file = path.join(outDir, `${apiVersion.replace(/[/.]/g, "_")}_${kind}.json`);
  fs.writeFileSync(file, JSON.stringify(out, null, 1) + "\n");
  console.log(`${file}: ${fs.statSync(file).size} bytes`);
}
