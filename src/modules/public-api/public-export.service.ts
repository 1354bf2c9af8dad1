import { citizenReportCountsSql } from '../inventory/rules/citizen-report-counts';
import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { Access } from '../../common/auth/access';
import { Actor } from '../../common/auth/actor';
import { entries, GlossaryGroup } from '../../common/glossary/glossary';
import { AppConfig } from '../../config/app-config';
import { Database } from '../../database/database.service';
import { PublicDataDictionary } from './dto/public-response.dto';
import { PROCEDURE_LIST_EXTRAS, PUBLIC_READ_SETTINGS, toPublicProcedure } from './public-api.service';
import { requirementInForceSql } from '../inventory/rules/requirement-in-force';
import { todayInGuatemala } from '../../common/time/guatemala-time';
import { csvLine } from '../../common/csv/csv-field';
import {
  MeasureKey,
  PROCEDURE_INDICATORS,
  PROCEDURE_INDICATORS_SELECT,
  PROCEDURE_SETS,
  ProcedureSet,
  triplesOf,
} from './procedure-indicators';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const BATCH = 5000;

/** The published procedure columns (see PROCEDURE_COLUMNS), with the institution id instead of its code. */
const PROCEDURE_EXPORT_COLUMNS = `
  p.id, p.institution_id, p.code, p.name, p.audience, p.category, p.foreign_trade, p.prioritized, p.status, p.channels,
  p.fee_gtq::text AS fee_gtq, p.legal_max_days, p.actual_median_days, p.in_person_visits, p.current_level, p.declared_level, p.target_level, p.online_url, p.updated_at,
  ${PROCEDURE_LIST_EXTRAS}`;
export const BOM = '\uFEFF';

/** One row of the indicators dataset (JSON field names; CSV columns in INDICATOR_COLUMNS). */
export type IndicatorRow = Record<string, string | number | null> & { institutionCode: string; month: string };

/** Columns of the indicators dataset: CSV name, JSON name, type, description; the triple's from procedure-indicators.ts. */
export const INDICATOR_COLUMNS: ReadonlyArray<readonly [string, string, string, string]> = [
  ['institution_code', 'institutionCode', 'string', 'Código de la institución'],
  ['month', 'month', 'string', 'Mes (AAAA-MM, hora de Guatemala)'],
  ['score_date', 'scoreDate', 'date', 'Día de la última puntuación publicada del mes (AAAA-MM-DD); vacío: sin puntuación ese mes'],
  ['score', 'score', 'decimal', 'Última puntuación publicada del mes (0 a 100); vacío: sin dato'],
  ['procedures', 'procedures', 'integer', 'Trámites registrados según esa puntuación'],
  ['online', 'online', 'integer', 'Trámites en línea según esa puntuación'],
  ...PROCEDURE_INDICATORS.map(
    (d) => [d.column, d.field, 'integer', `${d.description}. Solo el mes en curso; vacío en meses anteriores (sin dato)`] as const,
  ),
];

/** The set and measure of a triple field (prioritizedInProgress → prioritized, inProgress). */
const indicatorParts = (field: string): [ProcedureSet, MeasureKey] => {
  for (const set of Object.keys(PROCEDURE_SETS) as ProcedureSet[]) {
    if (field.startsWith(set)) {
      const rest = field.slice(set.length);
      return [set, (rest[0].toLowerCase() + rest.slice(1)) as MeasureKey];
    }
  }
  throw new Error(`unknown indicator ${field}`);
};

/** Columns of each CSV dataset: header name, SQL expression, description (for the data dictionary). */
export const CSV_DATASETS = {
  'procedures.csv': [
    ['institution_code', 'p.institution_id', 'string', 'Código de la institución'],
    ['code', 'p.code', 'string', 'Código del trámite, único en su institución'],
    ['name', 'p.name', 'string', 'Nombre del trámite'],
    ['audience', 'p.audience', 'string', 'A quién se dirige (código; ver sus valores)'],
    ['category', 'p.category', 'string', 'Categoría'],
    ['life_event', 'p.life_event', 'string', 'Hecho de vida'],
    ['foreign_trade', 'p.foreign_trade', 'boolean', 'Trámite de comercio exterior'],
    ['prioritized', 'p.prioritized', 'boolean', 'Trámite priorizado'],
    ['status', 'p.status', 'string', 'Estado del trámite (código; ver sus valores)'],
    ['channels', `array_to_string(p.channels, ';')`, 'string', 'Canales de atención, separados por ";" (códigos; ver sus valores)'],
    ['fee_gtq', 'p.fee_gtq::text', 'decimal', 'Costo en quetzales (GTQ), punto decimal; 0.00 es gratuito; vacío: sin dato'],
    ['legal_max_days', 'p.legal_max_days', 'integer', 'Plazo legal máximo, días'],
    ['actual_median_days', 'p.actual_median_days', 'integer', 'Mediana real de resolución, días'],
    ['annual_volume', 'p.annual_volume', 'integer', 'Solicitudes por año'],
    ['in_person_visits', 'p.in_person_visits', 'integer', 'Visitas presenciales necesarias; vacío: sin dato'],
    ['current_level', 'p.current_level', 'integer', 'Nivel de madurez validado por la Comisión (0 a 5); el que puntúa'],
    ['declared_level', 'p.declared_level', 'integer', 'Nivel de madurez que declara la institución (0 a 5)'],
    ['target_level', 'p.target_level', 'integer', 'Nivel meta (0 a 5)'],
    ['target_date', 'p.target_date::text', 'date', 'Fecha meta (AAAA-MM-DD)'],
    ['online_url', 'p.online_url', 'string', 'Dirección del trámite en línea'],
    ['forms_url', 'p.forms_url', 'string', 'Dirección de los formularios'],
    ['legal_basis', 'p.legal_basis', 'string', 'Fundamento legal'],
    [
      'updated_at',
      `to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
      'datetime',
      'Última modificación (UTC, ISO 8601)',
    ],
  ],
  'requirements.csv': [
    ['institution_code', 'r.institution_id', 'string', 'Código de la institución'],
    ['procedure_code', 'r.procedure_id', 'string', 'Código del trámite'],
    ['requirement_id', 'r.id', 'uuid', 'Identificador estable del requisito'],
    ['name', 'r.name', 'string', 'Nombre del requisito'],
    ['evidence_type', 'r.evidence_type', 'string', 'Tipo de evidencia (código; ver sus valores)'],
    ['issuer', 'r.issuer', 'string', 'Quién emite el documento (código; ver sus valores)'],
    ['issuer_institution', 'r.issuer_institution', 'string', 'Institución emisora, si es otra'],
    ['legal_basis_type', 'r.legal_basis_type', 'string', 'Tipo de norma que lo fundamenta (código; ver sus valores)'],
    ['legal_basis_reference', 'r.legal_basis_reference', 'string', 'Norma que lo fundamenta'],
    ['obtainable_by_interoperability', 'r.obtainable_by_interoperability', 'boolean', 'Se obtiene por interoperabilidad'],
    [
      'prohibited',
      '(r.prohibited OR pr.code IS NOT NULL)',
      'boolean',
      'Práctica prohibida por la ley: declarada, o revelada por los datos y no descartada por la Comisión',
    ],
    ['prohibited_practice', 'pr.code', 'string', 'Cuál práctica prohibida (código; ver sus valores)'],
    [
      'prohibited_source',
      'pr.source',
      'string',
      'De dónde sale: la declaró la institución, o la revelan el emisor o el nombre (código; ver sus valores)',
    ],
    ['status', 'r.status', 'string', 'Estado del requisito (código; ver sus valores)'],
    ['effective_from', 'r.effective_from::text', 'date', 'Vigente desde (AAAA-MM-DD)'],
    ['effective_to', 'r.effective_to::text', 'date', 'Deja de exigirse desde (exclusivo)'],
  ],
  'institutions.csv': [
    ['code', 'i.code', 'string', 'Código de la institución'],
    ['name', 'i.name', 'string', 'Nombre'],
    ['type', 'i.type', 'string', 'Tipo de institución (código; ver sus valores)'],
    ['coverage', 'i.coverage', 'string', 'Cobertura de la ley (código; ver sus valores)'],
    ['sector', 'i.sector', 'string', 'Sector'],
    ['website', 'i.website', 'string', 'Sitio web'],
    ['score', 's.score::text', 'decimal', 'Última puntuación (0 a 100)'],
    ['score_date', 's.snapshot_date::text', 'date', 'Día de la puntuación'],
    ['methodology_version', 's.methodology_version', 'integer', 'Versión de la metodología usada'],
    ['citizen_reports_received', 'cr.received', 'integer', 'Denuncias ciudadanas recibidas sobre sus trámites'],
    ['citizen_reports_answered_on_time', 'cr.answered_on_time', 'integer', 'Denuncias respondidas por la institución dentro del plazo'],
    ['citizen_reports_founded', 'cr.founded', 'integer', 'Denuncias declaradas fundadas por la Comisión'],
  ],
} as const;
export type CsvDataset = keyof typeof CSV_DATASETS;

/** Coded columns of each dataset and the glossary group that gives each code's Spanish meaning (data dictionary). */
export const CODED_COLUMNS: Record<CsvDataset, Record<string, GlossaryGroup>> = {
  'procedures.csv': { audience: 'audience', status: 'procedureStatus', channels: 'channel' },
  'requirements.csv': {
    evidence_type: 'evidenceType',
    issuer: 'issuer',
    legal_basis_type: 'legalBasisType',
    prohibited_practice: 'prohibitedKind',
    prohibited_source: 'findingSource',
    status: 'requirementStatus',
  },
  'institutions.csv': { type: 'institutionType', coverage: 'coverage' },
};

/**
 * Batches walk the primary key alone (institution codes are mapped in memory, inactive institutions skipped), so
 * each batch is an index range scan whatever the statistics say.
 */
const FROM: Record<CsvDataset, { from: string; key: string; institutionColumn: boolean; where?: string }> = {
  'procedures.csv': { from: 'procedures p', key: 'p.id', institutionColumn: true },
  'requirements.csv': {
    from: `requirements r LEFT JOIN LATERAL (SELECT f.code, f.source FROM findings f
             WHERE f.subject_id = r.id AND f.institution_id = r.institution_id AND f.kind = 'prohibited_practice' AND f.status = 'open'
             ORDER BY (f.source <> 'declared'), f.code LIMIT 1) pr ON true`,
    key: 'r.id',
    institutionColumn: true,
  },
  'institutions.csv': {
    from: `institutions i LEFT JOIN LATERAL (SELECT score, snapshot_date, methodology_version FROM score_snapshots
             WHERE institution_id = i.id AND scope = 'institution' ORDER BY snapshot_date DESC LIMIT 1) s ON true
           LEFT JOIN LATERAL (${citizenReportCountsSql('i.id', "(now() AT TIME ZONE 'America/Guatemala')::date")}) cr ON true`,
    key: 'i.id',
    institutionColumn: false,
    // A deactivated institution is no longer published, here as everywhere else.
    where: 'i.active',
  },
};

const ISO_DAYS = (days: number | null): string | null => (days === null || days === undefined ? null : `P${days}D`);

/**
 * Open-data exports, streamed: rows are read in keyset batches (each its own short read transaction) and written
 * to the response as they come, waiting for the socket to drain, so memory stays flat whatever the size.
 */
@Injectable()
export class PublicExportService {
  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
  ) {}

  /**
   * Every open dataset with its fields, formats and licence. Coded fields list each code with its Spanish meaning,
   * from the same glossary the pages and e-mails use.
   */
  dataDictionary(): PublicDataDictionary {
    const csv = (Object.keys(CSV_DATASETS) as CsvDataset[]).map((name) => ({
      name,
      url: `/api/public/v1/export/${name}`,
      mediaType: 'text/csv',
      fields: CSV_DATASETS[name].map(([field, , type, description]) => {
        const group = CODED_COLUMNS[name][field];
        return { name: field, type, description, values: group ? entries(group).map((e) => ({ code: e.code, label: e.label })) : null };
      }),
    }));
    return {
      datasets: [
        ...csv,
        {
          name: 'indicators.csv',
          url: '/api/public/v1/export/indicators.csv',
          mediaType: 'text/csv',
          fields: INDICATOR_COLUMNS.map(([name, , type, description]) => ({ name, type, description, values: null })),
        },
        {
          name: 'indicators.json',
          url: '/api/public/v1/export/indicators.json',
          mediaType: 'application/json',
          fields: INDICATOR_COLUMNS.map(([, name, type, description]) => ({ name, type, description, values: null })),
        },
        {
          name: 'procedures.json',
          url: '/api/public/v1/export/procedures.json',
          mediaType: 'application/json',
          fields: [
            {
              name: '(objeto)',
              type: 'PublicProcedure',
              description: 'Los mismos campos que GET /procedures (ver el documento OpenAPI)',
              values: null,
            },
          ],
        },
        {
          name: 'catalog.jsonld',
          url: '/api/public/v1/export/catalog.jsonld',
          mediaType: 'application/ld+json',
          fields: [
            {
              name: '@graph',
              type: 'CPSV-AP',
              description: 'PublicOrganisation y PublicService con Requirement, Cost (GTQ), Channel y processingTime (ISO 8601)',
              values: null,
            },
          ],
        },
      ],
      csvFormat: 'UTF-8 con BOM; separador coma; fin de línea CRLF; comillas según RFC 4180; canales separados por ";"',
      license: 'CC-BY-4.0',
    };
  }

  /**
   * The indicators dataset: one row per active institution and month (Guatemala), sorted by code and month: the month's
   * last published score and procedure counts (from the score snapshots), and the procedure triples, known for the
   * current month only (earlier months: empty, unknown; not zero).
   */
  async indicatorRows(actor: Actor): Promise<IndicatorRow[]> {
    const [months, current] = await this.db.run(
      Access.acrossInstitutions(actor, 'public-api.export.indicators'),
      async ({ em }): Promise<[Row[], Row[]]> => {
        await em.query(PUBLIC_READ_SETTINGS);
        return [
          await em.query(
            `SELECT i.code, to_char(s.snapshot_date, 'YYYY-MM') AS month, s.snapshot_date::text AS score_date, s.score::text AS score,
                  (s.indicators->'procedures'->>'registered')::int AS procedures, (s.indicators->'procedures'->>'online')::int AS online
             FROM institutions i
             JOIN LATERAL (
               SELECT DISTINCT ON (date_trunc('month', snapshot_date)) snapshot_date, score, indicators FROM score_snapshots
                WHERE institution_id = i.id AND scope = 'institution' ORDER BY date_trunc('month', snapshot_date), snapshot_date DESC) s ON true
            WHERE i.active ORDER BY i.code, month`,
          ),
          await em.query(
            `SELECT i.code, ${PROCEDURE_INDICATORS_SELECT} FROM institutions i LEFT JOIN procedures p ON p.institution_id = i.id WHERE i.active GROUP BY i.code ORDER BY i.code`,
          ),
        ];
      },
    );
    const thisMonth = todayInGuatemala().slice(0, 7);
    const rows = new Map<string, IndicatorRow>();
    const empty = (code: string, month: string): IndicatorRow => ({
      institutionCode: code,
      month,
      scoreDate: null,
      score: null,
      procedures: null,
      online: null,
      ...Object.fromEntries(PROCEDURE_INDICATORS.map((d) => [d.field, null])),
    });
    for (const m of months) {
      rows.set(`${m.code}|${m.month}`, {
        ...empty(m.code, m.month),
        scoreDate: m.score_date,
        score: m.score,
        procedures: m.procedures,
        online: m.online,
      });
    }
    for (const c of current) {
      const key = `${c.code}|${thisMonth}`;
      const row = rows.get(key) ?? empty(c.code, thisMonth);
      const triples = triplesOf(c);
      for (const d of PROCEDURE_INDICATORS) {
        const [set, measure] = indicatorParts(d.field);
        row[d.field] = triples[set][measure];
      }
      rows.set(key, row);
    }
    return [...rows.values()].sort((a, b) =>
      a.institutionCode < b.institutionCode
        ? -1
        : a.institutionCode > b.institutionCode
          ? 1
          : a.month < b.month
            ? -1
            : a.month > b.month
              ? 1
              : 0,
    );
  }

  async indicatorsCsv(actor: Actor, res: Response): Promise<void> {
    const rows = await this.indicatorRows(actor);
    const columns = INDICATOR_COLUMNS.map(([column]) => column);
    res.status(200).type('text/csv; charset=utf-8').setHeader('Content-Disposition', 'attachment; filename="indicators.csv"');
    res.end(BOM + csvLine(columns) + rows.map((r) => csvLine(INDICATOR_COLUMNS.map(([, field]) => r[field]))).join(''));
  }

  async indicatorsJson(actor: Actor, res: Response): Promise<void> {
    const rows = await this.indicatorRows(actor);
    res.status(200).type('application/json; charset=utf-8').setHeader('Content-Disposition', 'attachment; filename="indicators.json"');
    res.end(JSON.stringify(rows));
  }

  /** Calls `emit` for each batch of rows of `select … from … ORDER BY key`, following the key. */
  private async batches(
    actor: Actor,
    purpose: string,
    sql: (afterParam: string) => string,
    key: string,
    emit: (rows: Row[]) => Promise<boolean>,
  ): Promise<void> {
    let after: string | null = null;
    for (;;) {
      const rows: Row[] = await this.db.run(Access.acrossInstitutions(actor, `public-api.export.${purpose}`), async ({ em }) => {
        // Keyset batches are primary-key range scans; never let stale statistics turn one into a scan and sort of the table.
        await em.query(`${PUBLIC_READ_SETTINGS}; SET LOCAL enable_seqscan = off`);
        return em.query(sql(after === null ? '' : `AND ${key} > $2::uuid`), after === null ? [BATCH] : [BATCH, after]);
      });
      if (!rows.length) return;
      if (!(await emit(rows))) return;
      if (rows.length < BATCH) return;
      after = rows[rows.length - 1].__key as string;
    }
  }

  /** Active institutions' codes by id (a few hundred rows). */
  private async institutionCodes(actor: Actor): Promise<Map<string, string>> {
    const rows: Row[] = await this.db.run(Access.acrossInstitutions(actor, 'public-api.export.institutions'), ({ em }) =>
      em.query(`SELECT id, code FROM institutions WHERE active`),
    );
    return new Map(rows.map((r) => [r.id as string, r.code as string]));
  }

  /** Active institutions' names by id. */
  private async institutionNames(actor: Actor): Promise<Map<string, string>> {
    const rows: Row[] = await this.db.run(Access.acrossInstitutions(actor, 'public-api.export.institutions'), ({ em }) =>
      em.query(`SELECT id, name FROM institutions WHERE active`),
    );
    return new Map(rows.map((r) => [r.id as string, r.name as string]));
  }

  /** Writes, waiting for the socket when its buffer is full; false once the client went away. */
  private async write(res: Response, chunk: string): Promise<boolean> {
    if (res.destroyed) return false;
    if (!res.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
    return !res.destroyed;
  }

  async csv(actor: Actor, dataset: CsvDataset, res: Response): Promise<void> {
    const cols = CSV_DATASETS[dataset];
    const { from, key, institutionColumn, where = 'true' } = FROM[dataset];
    const codes = institutionColumn ? await this.institutionCodes(actor) : null;
    res.status(200).type('text/csv; charset=utf-8').setHeader('Content-Disposition', `attachment; filename="${dataset}"`);
    await this.write(res, BOM + csvLine(cols.map((c) => c[0])));
    const select = cols.map((c, n) => `${c[1]} AS c${n}`).join(', ');
    await this.batches(
      actor,
      dataset,
      (afterSql) => `SELECT ${select}, ${key} AS __key FROM ${from} WHERE ${where} ${afterSql} ORDER BY ${key} LIMIT $1`,
      key,
      async (rows) => {
        if (dataset === 'requirements.csv') {
          // Procedure codes for the batch by primary key (a join lets stale statistics pick a plan that reads every procedure).
          const ids = [...new Set(rows.map((r) => r.c1 as string))];
          const procs: Row[] = await this.db.run(Access.acrossInstitutions(actor, 'public-api.export.requirements.procedures'), ({ em }) =>
            em.query(`SELECT id, code FROM procedures WHERE id = ANY($1::uuid[])`, [ids]),
          );
          const byId = new Map(procs.map((p) => [p.id as string, p.code as string]));
          for (const r of rows) r.c1 = byId.get(r.c1) ?? null;
        }
        let chunk = '';
        for (const r of rows) {
          if (codes) {
            const code = codes.get(r.c0);
            if (code === undefined) continue;
            r.c0 = code;
          }
          chunk += csvLine(cols.map((_, n) => r[`c${n}`]));
        }
        return this.write(res, chunk);
      },
    );
    res.end();
  }

  async proceduresJson(actor: Actor, res: Response): Promise<void> {
    res.status(200).type('application/json; charset=utf-8').setHeader('Content-Disposition', 'attachment; filename="procedures.json"');
    const codes = await this.institutionCodes(actor);
    const names = await this.institutionNames(actor);
    await this.write(res, '[');
    let first = true;
    await this.batches(
      actor,
      'procedures.json',
      (afterSql) => `SELECT ${PROCEDURE_EXPORT_COLUMNS}, p.id AS __key FROM procedures p WHERE true ${afterSql} ORDER BY p.id LIMIT $1`,
      'p.id',
      async (rows) => {
        let chunk = '';
        for (const r of rows) {
          r.institution_code = codes.get(r.institution_id);
          if (r.institution_code === undefined) continue;
          r.institution_name = names.get(r.institution_id);
          chunk += (first ? '\n' : ',\n') + JSON.stringify(toPublicProcedure(r));
          first = false;
        }
        return this.write(res, chunk);
      },
    );
    await this.write(res, '\n]\n');
    res.end();
  }

  /** The catalogue in CPSV-AP 3 (JSON-LD): PublicOrganisation, PublicService with Requirement, Cost (GTQ), Channel. */
  async catalogJsonLd(actor: Actor, res: Response): Promise<void> {
    const base = `${this.config.http.publicUrl}/api/public/v1`;
    res.status(200).type('application/ld+json; charset=utf-8').setHeader('Content-Disposition', 'attachment; filename="catalog.jsonld"');
    const context = {
      cpsv: 'http://purl.org/vocab/cpsv#',
      cv: 'http://data.europa.eu/m8g/',
      dct: 'http://purl.org/dc/terms/',
      skos: 'http://www.w3.org/2004/02/skos/core#',
      schema: 'https://schema.org/',
      PublicService: 'cpsv:PublicService',
      PublicOrganisation: 'cv:PublicOrganisation',
      Requirement: 'cv:Requirement',
      Cost: 'cv:Cost',
      Channel: 'cv:Channel',
      identifier: 'dct:identifier',
      name: 'dct:title',
      prefLabel: 'skos:prefLabel',
      description: 'dct:description',
      hasCompetentAuthority: { '@id': 'cv:hasCompetentAuthority', '@type': '@id' },
      hasInput: 'cpsv:hasInput',
      hasCost: 'cv:hasCost',
      hasChannel: 'cv:hasChannel',
      processingTime: { '@id': 'cv:processingTime', '@type': 'http://www.w3.org/2001/XMLSchema#duration' },
      value: 'cv:value',
      currency: 'cv:currency',
      channelType: 'dct:type',
      homepage: 'schema:url',
      status: 'cv:status',
    };
    // Today in Guatemala (a YYYY-MM-DD we produce, not input), as a literal: the batch query's parameters are its keyset.
    const inForceToday = requirementInForceSql('r', `'${todayInGuatemala()}'::date`);
    const codes = await this.institutionCodes(actor);
    await this.write(res, `{"@context":${JSON.stringify(context)},"@graph":[`);
    let first = true;
    const emit = async (nodes: object[]): Promise<boolean> => {
      let chunk = '';
      for (const n of nodes) {
        chunk += (first ? '\n' : ',\n') + JSON.stringify(n);
        first = false;
      }
      return this.write(res, chunk);
    };
    await this.batches(
      actor,
      'catalog.institutions',
      (afterSql) => `SELECT i.id AS __key, i.code, i.name, i.website FROM institutions i WHERE i.active ${afterSql} ORDER BY i.id LIMIT $1`,
      'i.id',
      (rows) =>
        emit(
          rows.map((i) => ({
            '@id': `${base}/institutions/${encodeURIComponent(i.code)}`,
            '@type': 'PublicOrganisation',
            identifier: i.code,
            prefLabel: i.name,
            ...(i.website ? { homepage: i.website } : {}),
          })),
        ),
    );
    await this.batches(
      actor,
      'catalog.procedures',
      (
        afterSql,
      ) => `SELECT p.id AS __key, p.institution_id, p.code, p.name, p.description, p.status, p.fee_gtq::text AS fee_gtq, p.channels,
                            coalesce(p.legal_max_days, p.actual_median_days) AS days, p.online_url,
                            coalesce((SELECT json_agg(json_build_object('id', r.id, 'name', r.name) ORDER BY r.effective_from, r.name)
                                        FROM requirements r WHERE r.procedure_id = p.id AND ${inForceToday}), '[]') AS reqs
                       FROM procedures p
                      WHERE p.status = 'active' ${afterSql} ORDER BY p.id LIMIT $1`,
      'p.id',
      (rows) =>
        emit(
          rows
            .filter((p) => codes.has(p.institution_id))
            .map((p) => {
              p.institution_code = codes.get(p.institution_id);
              const id = `${base}/procedures/${encodeURIComponent(p.institution_code)}/${encodeURIComponent(p.code)}`;
              return {
                '@id': id,
                '@type': 'PublicService',
                identifier: `${p.institution_code}/${p.code}`,
                name: p.name,
                ...(p.description ? { description: p.description } : {}),
                hasCompetentAuthority: `${base}/institutions/${encodeURIComponent(p.institution_code)}`,
                hasInput: (p.reqs as Array<{ id: string; name: string }>).map((r) => ({
                  '@id': `urn:uuid:${r.id}`,
                  '@type': 'Requirement',
                  identifier: r.id,
                  name: r.name,
                })),
                // An unknown fee is left out (never published as 0, which would read as free).
                ...(p.fee_gtq !== null ? { hasCost: [{ '@id': `${id}#cost`, '@type': 'Cost', value: p.fee_gtq, currency: 'GTQ' }] } : {}),
                hasChannel: (p.channels as string[]).map((c) => ({
                  '@id': `${id}#channel-${c}`,
                  '@type': 'Channel',
                  channelType: c,
                  ...(c === 'online' && p.online_url ? { homepage: p.online_url } : {}),
                })),
                ...(p.days !== null ? { processingTime: ISO_DAYS(p.days) } : {}),
              };
            }),
        ),
    );
    await this.write(res, '\n]}\n');
    res.end();
  }
}
