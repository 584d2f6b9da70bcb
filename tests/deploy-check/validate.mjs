// Usage: node validate.mjs <deploy folder>
// Every document of every kubernetes/*.yaml is validated against the JSON schema of its apiVersion and kind
// (kubernetes-models, generated from the Kubernetes OpenAPI document); kustomization.yaml must list files that exist;
// the Dockerfile must parse without errors or warnings (dockerfile-utils). Exits 1 on any problem.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { validate as validateDockerfile } from "dockerfile-utils";

const models = {
  "v1/ConfigMap": "kubernetes-models/v1/ConfigMap",
  "v1/Secret": "kubernetes-models/v1/Secret",
  "v1/Service": "kubernetes-models/v1/Service",
  "apps/v1/Deployment": "kubernetes-models/apps/v1/Deployment",
  "batch/v1/Job": "kubernetes-models/batch/v1/Job",
  "policy/v1/PodDisruptionBudget": "kubernetes-models/policy/v1/PodDisruptionBudget",
  "autoscaling/v2/HorizontalPodAutoscaler": "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler",
};

const folder = process.argv[2];
if (!folder) { console.error("usage: node validate.mjs <deploy folder>"); process.exit(2); }
const problems = [];
let checked = 0;

const manifests = join(folder, "kubernetes");
for (const file of readdirSync(manifests).filter(f => f.endsWith(".yaml")).sort()) {
  const path = join(manifests, file);
  for (const document of parseAllDocuments(readFileSync(path, "utf8"))) {
    if (document.errors.length) { problems.push(`${file}: ${document.errors.map(e => e.message).join("; ")}`); continue; }
    const object = document.toJS();
    if (object === null) continue;
    if (object.kind === "Kustomization") {
      for (const resource of object.resources ?? []) {
        if (!existsSync(join(manifests, resource))) problems.push(`${file}: lists ${resource}, which does not exist`);
      }
      console.log(`${file}: Kustomization (${(object.resources ?? []).length} resources)`);
      checked++;
      continue;
    }
    const key = `${object.apiVersion}/${object.kind}`;
    const module = models[key];
    if (!module) { problems.push(`${file}: no schema known for ${key}`); continue; }
    const { [object.kind]: Model } = await import(module);
    try {
      new Model(object).validate();
      console.log(`${file}: ${key} ${object.metadata?.name} valid`);
      checked++;
    } catch (error) {
      problems.push(`${file}: ${key} ${object.metadata?.name}: ${error.message}`);
    }
  }
}

const dockerfile = join(folder, "Dockerfile");
const diagnostics = validateDockerfile(readFileSync(dockerfile, "utf8"));
for (const d of diagnostics) problems.push(`Dockerfile:${d.range.start.line + 1}: ${d.message}`);
if (diagnostics.length === 0) { console.log("Dockerfile: valid"); checked++; }

if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`${checked} checked, no problems`);
