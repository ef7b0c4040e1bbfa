// Validates `svinit --export kubernetes` output (stdin) against the
// official Kubernetes OpenAPI schemas (kubernetes-models' validate(),
// offline), then prints each object as one line of JSON for the test's
// round-trip assertions. Exit 1 on the first invalid object.
"use strict";
const path = require("path");
const nm = path.join(__dirname, "node_modules");
const yaml = require(path.join(nm, "js-yaml"));
const { Deployment } = require(path.join(nm, "kubernetes-models/apps/v1/Deployment"));
const { Service } = require(path.join(nm, "kubernetes-models/v1/Service"));
const kinds = { Deployment, Service };

const docs = yaml.loadAll(require("fs").readFileSync(0, "utf8")).filter(Boolean);
if (docs.length === 0) {
  console.error("no object");
  process.exit(1);
}
for (const d of docs) {
  const K = kinds[d.kind];
  if (!K) {
    console.error("unexpected kind " + d.kind);
    process.exit(1);
  }
  try {
    new K(d).validate();
  } catch (e) {
    console.error("invalid " + d.kind + ": " + e.message);
    process.exit(1);
  }
  console.log(JSON.stringify(d));
}
