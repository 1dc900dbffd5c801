import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import draft7MetaSchema from 'ajv/dist/refs/json-schema-draft-07.json' with { type: 'json' };
import addFormats from 'ajv-formats';

/*
 * Validators of the official open-data schemas vendored in test/fixtures (see its README for
 * the source and licence). Formats are checked ("date-time", "date", "time"); "iri" has no
 * standard validator, so it is checked as an absolute IRI with a scheme. The norms' patterns
 * escape characters such as ':' that a Unicode-mode regular expression refuses, so patterns run
 * in non-Unicode mode, as the norms' own tooling does.
 */

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const iri = { validate: (value: string) => /^[a-z][a-z0-9+.-]*:\S+$/i.test(value) };

/**
 * The norms' identifiers are IRIs with Czech letters; Ajv resolves references as URIs, so both
 * sides are percent-encoded the same way before they meet.
 */
function encodeIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(encodeIds);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      (key === '$id' || key === '$ref') && typeof value === 'string'
        ? encodeURI(value)
        : encodeIds(value),
    ]),
  );
}

function loadDir(dir: string): { $id: string }[] {
  return readdirSync(join(fixtures, dir))
    .filter((file) => file.endsWith('.json'))
    .map(
      (file) =>
        encodeIds(JSON.parse(readFileSync(join(fixtures, dir, file), 'utf8'))) as { $id: string },
    );
}

const ofnSchemas = loadDir('ofn');
const geoJsonId =
  'https://raw.githubusercontent.com/ropensci/geojsonlint/master/inst/schema/geojson.json';

function ofnAjv() {
  const ajv = new Ajv2019({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  ajv.addFormat('iri', iri);
  ajv.addMetaSchema(draft7MetaSchema);
  ajv.addSchema({ $id: geoJsonId });
  for (const schema of ofnSchemas) ajv.addSchema(schema);
  return ajv;
}

const ofn = ofnAjv();

/** OFN Události 2020-07-01: the list (události.json) and one event (událost.json). */
export const validateOfnEvents = ofn.getSchema(
  encodeURI('https://ofn.gov.cz/události/2020-07-01/schémata/události.json'),
);
export const validateOfnEvent = ofn.getSchema(
  encodeURI('https://ofn.gov.cz/události/2020-07-01/schémata/událost.json'),
);

function dcatAjv() {
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  ajv.addFormat('iri', iri);
  for (const schema of ofnSchemas.filter((s) =>
    decodeURI(s.$id).includes('základní-datové-typy'),
  )) {
    // The 2019-09 text schemas are referenced from 2020-12 ones; their keywords are the same.
    ajv.addSchema({ ...schema, $schema: 'https://json-schema.org/draft/2020-12/schema' });
  }
  for (const schema of loadDir('dcat-ap-cz')) ajv.addSchema(schema);
  return ajv;
}

const dcat = dcatAjv();

/** DCAT-AP-CZ 2024-05-28: a dataset record and a catalogue. */
export const validateDataset = dcat.getSchema(
  encodeURI(
    'https://ofn.gov.cz/dcat-ap-cz-rozhraní-katalogů-otevřených-dat/2024-05-28/schémata/datová-sada.json',
  ),
);
export const validateCatalogue = dcat.getSchema(
  encodeURI(
    'https://ofn.gov.cz/dcat-ap-cz-rozhraní-katalogů-otevřených-dat/2024-05-28/schémata/katalog.json',
  ),
);

/** Any schema of this project (draft 2020-12), e.g. the indicators' JSON. */
export function compile2020(schema: object) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

export function errorsOf(validate: { errors?: unknown } | undefined): string {
  return JSON.stringify(validate?.errors ?? null, null, 2);
}
