/* global process, console */
// Validates a JSON-LD catalogue (GET /api/public/v1/export/catalog.jsonld) against the CPSV-AP 3.2.0 SHACL shapes
// vendored in docs/linked-data/. Usage: node scripts/validate-cpsv-ap.mjs <catalog.jsonld> [shapes.ttl]
// Prints {"conforms": bool, "triples": n, "results": [...]} and exits 0 when the catalogue conforms, 1 otherwise.
// A plain ES module run by Node (rdf-validate-shacl and its RDF/JS stack are ES-module only, which Jest cannot load).
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jsonld from 'jsonld';
import { Parser, Store } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';

const here = dirname(fileURLToPath(import.meta.url));
const [dataPath, shapesPath = join(here, '..', 'docs', 'linked-data', 'cpsv-ap-3.2.0-shacl.ttl')] = process.argv.slice(2);
if (!dataPath) {
  console.error('uso: node scripts/validate-cpsv-ap.mjs <catalog.jsonld> [shapes.ttl]');
  process.exit(2);
}

const shapes = new Parser().parse(await readFile(shapesPath, 'utf8'));
const doc = JSON.parse(await readFile(dataPath, 'utf8'));
// safe: a node or value JSON-LD would drop (a relative IRI, an unknown term) is an error, not a silent loss.
const nquads = await jsonld.toRDF(doc, { format: 'application/n-quads', safe: true });
const data = new Store(new Parser({ format: 'application/n-quads' }).parse(nquads));

const report = await new SHACLValidator(shapes).validate(data);
const term = (t) => (t ? t.value : null);
const results = report.results.map((r) => ({
  focusNode: term(r.focusNode),
  path: term(r.path),
  message: r.message.map((m) => m.value),
  severity: term(r.severity),
  sourceShape: term(r.sourceShape),
  sourceConstraintComponent: term(r.sourceConstraintComponent),
}));
console.log(JSON.stringify({ conforms: report.conforms, triples: data.size, results }));
process.exit(report.conforms ? 0 : 1);
