import { entries } from '../../common/glossary/glossary';

/**
 * The catalogue in CPSV-AP 3 (JSON-LD), built node by node from published rows (pure: no I/O, unit-tested, and validated
 * against the official CPSV-AP 3.2.0 SHACL shapes in test/e2e/public-linked-data.e2e-spec.ts). Every node we mint is
 * under the configured public base URL (APP_PUBLIC_URL); the only other IRIs are the EU Publications Office authority
 * tables (language, country, currency), which CPSV-AP recommends for those values.
 */
export const CPSV_AP_CONTEXT = {
  cpsv: 'http://purl.org/vocab/cpsv#',
  cv: 'http://data.europa.eu/m8g/',
  dct: 'http://purl.org/dc/terms/',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  eli: 'http://data.europa.eu/eli/ontology#',
  adms: 'http://www.w3.org/ns/adms#',
  foaf: 'http://xmlns.com/foaf/0.1/',
  schema: 'https://schema.org/',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
} as const;

/** EU authority tables (op.europa.eu): Spanish, Guatemala, quetzal. */
export const SPANISH = 'http://publications.europa.eu/resource/authority/language/SPA';
export const GUATEMALA = 'http://publications.europa.eu/resource/authority/country/GTM';
export const QUETZAL = 'http://publications.europa.eu/resource/authority/currency/GTQ';

type Node = Record<string, unknown>;
const es = (value: string) => ({ '@value': value, '@language': 'es' });
const ref = (id: string) => ({ '@id': id });

/** The published columns the catalogue reads of a procedure (typed rows: see catalog.sql.ts). */
export interface CatalogProcedure {
  institutionCode: string;
  institutionName: string;
  code: string;
  name: string;
  description: string | null;
  status: string;
  feeGtq: string | null;
  channels: string[];
  days: number | null;
  onlineUrl: string | null;
  legalBasis: string | null;
  requirements: Array<{ id: string; name: string; legalBasisType: string; legalBasisReference: string | null }>;
}

export interface CatalogInstitution {
  code: string;
  name: string;
  website: string | null;
}

/** A legal resource cited as text, identified ELI-style: kind / year / number when the citation carries them. */
export interface LegalCitation {
  /** ELI-style path under the catalogue: eli/gt/<kind>/<year>/<number>, or eli/gt/<kind>/<slug of the citation>. */
  path: string;
  title: string;
}

const KINDS: Array<[RegExp, string]> = [
  [/^decreto[\s-]+ley\b/i, 'decreto-ley'],
  [/^decreto\b/i, 'decreto'],
  [/^acuerdo\s+gubernativo\b/i, 'acuerdo-gubernativo'],
  [/^acuerdo\s+ministerial\b/i, 'acuerdo-ministerial'],
  [/^acuerdo\b/i, 'acuerdo'],
  [/^ley\b/i, 'ley'],
  [/^reglamento\b/i, 'reglamento'],
  [/^constituci[oó]n\b/i, 'constitucion'],
];
/** The kind when the text does not say it, from the requirement's legal basis type. */
const KIND_OF_TYPE: Record<string, string> = { law: 'ley', government_agreement: 'acuerdo-gubernativo', other_rule: 'norma' };

const slug = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');

/**
 * The legal resources a citation names ("Acuerdo Gubernativo 211-2015, Reglamento …; Decreto 5-2021"): one per
 * ";"-separated part, with an ELI-style path. "Decreto 5-2021" and "Decreto 5-2021, art. 13" are the same resource.
 */
export function legalCitations(text: string | null, type: string | null = null): LegalCitation[] {
  if (!text || type === 'none') return [];
  const out: LegalCitation[] = [];
  for (const part of text.split(/[;\n]+/)) {
    const cite = part.trim();
    if (!cite) continue;
    const kindMatch = KINDS.find(([re]) => re.test(cite));
    const kind = kindMatch?.[1] ?? KIND_OF_TYPE[type ?? ''] ?? 'norma';
    const rest = kindMatch ? cite.replace(kindMatch[0], '') : cite;
    const numbered = kindMatch ? /^[\s.:º°no]*(\d+)\s*-\s*(\d{4})\b/i.exec(rest) : null;
    const plain = kindMatch && !numbered ? /^[\s.:º°no]*(\d+)\b/i.exec(rest) : null;
    let path: string;
    let title: string;
    if (numbered) {
      path = `eli/gt/${kind}/${numbered[2]}/${numbered[1]}`;
      title = cite.slice(0, cite.length - rest.length + numbered.index + numbered[0].length).trim();
    } else if (plain) {
      path = `eli/gt/${kind}/${plain[1]}`;
      title = cite.slice(0, cite.length - rest.length + plain.index + plain[0].length).trim();
    } else {
      const s = slug(rest) || slug(cite);
      if (!s) continue;
      path = `eli/gt/${kind}/${s}`;
      title = cite;
    }
    if (!out.some((c) => c.path === path)) out.push({ path, title });
  }
  return out;
}

/** IRIs of one catalogue, all under the public base URL. */
export class CatalogIris {
  /** The public API root, e.g. https://simplifica.gob.gt/api/public/v1. */
  constructor(readonly apiBase: string) {}

  get catalog(): string {
    return `${this.apiBase}/export/catalog.jsonld`;
  }
  institution(code: string): string {
    return `${this.apiBase}/institutions/${encodeURIComponent(code)}`;
  }
  contactPoint(code: string): string {
    return `${this.institution(code)}#contact-point`;
  }
  procedure(institutionCode: string, code: string): string {
    return `${this.apiBase}/procedures/${encodeURIComponent(institutionCode)}/${encodeURIComponent(code)}`;
  }
  /** Code lists are the data dictionary's (its coded fields list each value with its Spanish label). */
  concept(scheme: 'procedure-status' | 'channel', code: string): string {
    return `${this.apiBase}/data-dictionary#${scheme}-${encodeURIComponent(code)}`;
  }
  legalResource(c: LegalCitation): string {
    return `${this.catalog}#${c.path}`;
  }
}

/** Nodes every catalogue carries once: the authority values and the code lists it refers to. */
export function vocabularyNodes(iris: CatalogIris): Node[] {
  const scheme = (name: 'procedure-status' | 'channel', group: 'procedureStatus' | 'channel', title: string): Node[] => [
    { '@id': `${iris.apiBase}/data-dictionary#${name}`, '@type': 'skos:ConceptScheme', 'dct:title': es(title) },
    ...entries(group).map((e) => ({
      '@id': iris.concept(name, e.code),
      '@type': 'skos:Concept',
      'skos:notation': e.code,
      'skos:prefLabel': es(e.label),
      'skos:inScheme': ref(`${iris.apiBase}/data-dictionary#${name}`),
    })),
  ];
  return [
    { '@id': SPANISH, '@type': 'dct:LinguisticSystem', 'skos:prefLabel': es('español') },
    { '@id': GUATEMALA, '@type': 'dct:Location', 'skos:prefLabel': es('Guatemala') },
    { '@id': QUETZAL, '@type': 'skos:Concept', 'skos:notation': 'GTQ', 'skos:prefLabel': es('quetzal') },
    ...scheme('procedure-status', 'procedureStatus', 'Estados de un trámite'),
    ...scheme('channel', 'channel', 'Canales de atención'),
  ];
}

/** An institution as cv:PublicOrganisation, with its contact point when it publishes a website. */
export function organisationNodes(iris: CatalogIris, i: CatalogInstitution): Node[] {
  const org: Node = {
    '@id': iris.institution(i.code),
    '@type': 'cv:PublicOrganisation',
    'dct:identifier': i.code,
    'skos:prefLabel': es(i.name),
    'dct:spatial': ref(GUATEMALA),
    ...(i.website ? { 'foaf:homepage': ref(i.website) } : {}),
  };
  if (!i.website) return [org];
  return [
    org,
    {
      '@id': iris.contactPoint(i.code),
      '@type': 'cv:ContactPoint',
      'cv:contactPage': { '@id': i.website, '@type': 'foaf:Document' },
    },
  ];
}

const ISO_DAYS = (days: number): string => `P${days}D`;

/** A procedure as cpsv:PublicService. */
export function serviceNode(iris: CatalogIris, p: CatalogProcedure, institutionHasContact: boolean): Node {
  const id = iris.procedure(p.institutionCode, p.code);
  const citations = new Map<string, LegalCitation>();
  for (const c of legalCitations(p.legalBasis)) citations.set(c.path, c);
  for (const r of p.requirements) for (const c of legalCitations(r.legalBasisReference, r.legalBasisType)) citations.set(c.path, c);
  return {
    '@id': id,
    '@type': 'cpsv:PublicService',
    'dct:identifier': `${p.institutionCode}/${p.code}`,
    'dct:title': es(p.name),
    // dct:description is mandatory in CPSV-AP; without one of its own, the service is described by what is known of it.
    'dct:description': es(p.description ?? `${p.name} (trámite de ${p.institutionName})`),
    'dct:language': ref(SPANISH),
    'adms:status': ref(iris.concept('procedure-status', p.status)),
    'cv:hasCompetentAuthority': ref(iris.institution(p.institutionCode)),
    ...(institutionHasContact ? { 'cv:contactPoint': ref(iris.contactPoint(p.institutionCode)) } : {}),
    'cv:holdsRequirement': p.requirements.map((r) => ({
      '@id': `${id}#requirement-${r.id}`,
      '@type': 'cv:Requirement',
      'dct:identifier': r.id,
      'dct:title': es(r.name),
    })),
    'cv:hasLegalResource': [...citations.values()].map((c) => ({
      '@id': iris.legalResource(c),
      '@type': 'eli:LegalResource',
      'dct:title': es(c.title),
    })),
    // An unknown fee is left out (never published as 0, which would read as free).
    ...(p.feeGtq !== null
      ? {
          'cv:hasCost': [
            {
              '@id': `${id}#cost`,
              '@type': 'cv:Cost',
              'dct:identifier': `${p.institutionCode}/${p.code}/costo`,
              'cv:hasValue': { '@value': p.feeGtq, '@type': 'xsd:double' },
              'cv:currency': ref(QUETZAL),
            },
          ],
        }
      : {}),
    'cv:hasChannel': p.channels.map((c) => ({
      '@id': `${id}#channel-${c}`,
      '@type': 'cv:Channel',
      'dct:identifier': `${p.institutionCode}/${p.code}/${c}`,
      'dct:type': ref(iris.concept('channel', c)),
      ...(c === 'online' && p.onlineUrl ? { 'schema:url': ref(p.onlineUrl) } : {}),
    })),
    ...(p.days !== null ? { 'cv:processingTime': { '@value': ISO_DAYS(p.days), '@type': 'xsd:duration' } } : {}),
  };
}
