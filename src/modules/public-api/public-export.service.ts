import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { Access } from '../../common/auth/access';
import { Actor } from '../../common/auth/actor';
import { entries, GlossaryGroup } from '../../common/glossary/glossary';
import { AppConfig } from '../../config/app-config';
import { Database } from '../../database/database.service';
import { PublicDataDictionary } from './dto/public-response.dto';
import { CURRENT_TRIPLES_SQL, CurrentTriplesRow, PUBLIC_READ_SETTINGS } from './public-api.sql';
import { toPublicProcedure } from './public-procedure.sql';
import { CatalogIris, organisationNodes, serviceNode, vocabularyNodes, CPSV_AP_CONTEXT } from './cpsv-ap';
import {
  HISTORY_ACTIONS_SQL,
  HISTORY_CHANGES_SQL,
  HISTORY_MILESTONES_SQL,
  HISTORY_PROCEDURES_SQL,
  HISTORY_SCORES_SQL,
  HistoryActionRow,
  HistoryChangeRow,
  HistoryMilestoneRow,
  HistoryProcedureRow,
  HistoryScoreRow,
  TRIPLE_FIELDS,
} from './indicator-history.sql';
import { InstitutionTripleHistory, lastDayOf, monthsBetween } from './indicator-history';
import {
  CATALOG_PROCEDURES_SQL,
  CatalogProcedureRow,
  CsvRow,
  OPEN_DATA_CSV_SQL,
  OPEN_DATA_INSTITUTIONS_CSV_SQL,
  OPEN_DATA_INSTITUTIONS_SQL,
  OPEN_DATA_PROCEDURES_SQL,
  OpenDataInstitutionRow,
  OpenDataProcedureRow,
} from './open-data.sql';
import { todayInGuatemala } from '../../common/time/guatemala-time';
import { csvLine } from '../../common/csv/csv-field';
import { MeasureKey, PROCEDURE_INDICATORS, PROCEDURE_SETS, ProcedureSet, triplesOf } from './procedure-indicators';

export const BOM = '\uFEFF';

/** One row of the indicators dataset (JSON field names; CSV columns in INDICATOR_COLUMNS; the triples' fields from PROCEDURE_INDICATORS). */
export type IndicatorRow = Record<string, string | number | null> & { institutionCode: string; month: string };

/** At most this many months per institution (ten years). */
const MAX_INDICATOR_MONTHS = 120;

/** Columns of the indicators dataset: CSV name, JSON name, type, description; the triple's from procedure-indicators.ts. */
export const INDICATOR_COLUMNS: ReadonlyArray<readonly [string, string, string, string]> = [
  ['institution_code', 'institutionCode', 'string', 'Código de la institución'],
  [
    'month',
    'month',
    'string',
    'Mes (AAAA-MM, hora de Guatemala), desde el primer trámite o puntuación de la institución hasta el mes en curso',
  ],
  ['score_date', 'scoreDate', 'date', 'Día de la última puntuación publicada del mes (AAAA-MM-DD); vacío: sin puntuación ese mes'],
  ['score', 'score', 'decimal', 'Última puntuación publicada del mes (0 a 100); vacío: sin dato'],
  ['procedures', 'procedures', 'integer', 'Trámites registrados según esa puntuación'],
  ['online', 'online', 'integer', 'Trámites en línea según esa puntuación'],
  ...PROCEDURE_INDICATORS.map(
    (d) =>
      [
        d.column,
        d.field,
        'integer',
        `${d.description}. Mes en curso: hoy, como la API; meses anteriores: reconstruido al último día del mes desde el registro de cambios, los hitos de planes aprobados y las acciones (puede subcontar "en proceso": no se conservan hitos de planes reemplazados ni fechas de cancelación)`,
      ] as const,
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
    ['institution_code', 'i.code', 'string', 'Código de la institución'],
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
    ['institution_code', 'i.code', 'string', 'Código de la institución'],
    ['procedure_code', 'p.code', 'string', 'Código del trámite'],
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
 * Open-data exports, streamed: rows are read in keyset batches (each its own short read transaction) and written
 * to the response as they come, waiting for the socket to drain, so memory stays flat whatever the size.
 */
@Injectable()
export class PublicExportService {
  /** Rows per keyset batch (one short read transaction each); tests lower it to cross batch boundaries. */
  batchSize = 5000;

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
              description:
                'CPSV-AP 3 (conforme a sus formas SHACL 3.2.0): cv:PublicOrganisation con su punto de contacto, y cpsv:PublicService con ' +
                'cv:holdsRequirement, cv:hasLegalResource (normas al estilo ELI), dct:language, adms:status, cv:hasCost (solo si el costo se conoce), ' +
                'cv:hasChannel, cv:processingTime (ISO 8601), cv:contactPoint y cv:hasCompetentAuthority; ordenado por código',
              values: null,
            },
          ],
        },
      ],
      csvFormat:
        'UTF-8 con BOM; separador coma; fin de línea CRLF; comillas según RFC 4180; canales separados por ";"; filas ordenadas por código ' +
        '(institución, trámite y, en requisitos, su identificador; en indicadores, institución y mes), para que dos entregas sucesivas se comparen línea por línea',
      license: 'CC-BY-4.0',
    };
  }

  /**
   * The indicators dataset, one institution at a time (in code order), one row per month from its first procedure or
   * score to the current month (Guatemala): the month's last published score and the procedure counts it used (score
   * snapshots; empty when no score was published that month), and the triples — the current month's as the API
   * computes them, past months' rebuilt at the month's last day (indicator-history.ts says what that can and cannot
   * rebuild). Memory is bounded by one institution's history.
   */
  async *indicatorRows(actor: Actor): AsyncGenerator<IndicatorRow[]> {
    const thisMonth = todayInGuatemala().slice(0, 7);
    const institutions = await this.institutions(actor);
    const current = new Map(
      (
        await this.db.run(Access.acrossInstitutions(actor, 'public-api.export.indicators'), async ({ em }) => {
          await em.query(PUBLIC_READ_SETTINGS);
          return em.query(CURRENT_TRIPLES_SQL) as Promise<CurrentTriplesRow[]>;
        })
      ).map((r) => [r.id, triplesOf(r)]),
    );
    for (const i of institutions) {
      const [procedures, changes, milestones, actions, scores] = await this.db.run(
        Access.acrossInstitutions(actor, 'public-api.export.indicators.history'),
        async ({
          em,
        }): Promise<[HistoryProcedureRow[], HistoryChangeRow[], HistoryMilestoneRow[], HistoryActionRow[], HistoryScoreRow[]]> => {
          await em.query(PUBLIC_READ_SETTINGS);
          return [
            await em.query(HISTORY_PROCEDURES_SQL, [i.id]),
            await em.query(HISTORY_CHANGES_SQL, [i.id, TRIPLE_FIELDS]),
            await em.query(HISTORY_MILESTONES_SQL, [i.id]),
            await em.query(HISTORY_ACTIONS_SQL, [i.id]),
            await em.query(HISTORY_SCORES_SQL, [i.id]),
          ];
        },
      );
      const history = new InstitutionTripleHistory(procedures, changes, milestones, actions);
      const first = [history.firstMonth(), scores[0]?.month ?? null, thisMonth].filter((m): m is string => m !== null).sort()[0];
      const scoreOf = new Map(scores.map((s) => [s.month, s]));
      yield monthsBetween(first, thisMonth)
        .slice(-MAX_INDICATOR_MONTHS)
        .map((month) => {
          const s = scoreOf.get(month);
          const triples = month === thisMonth ? (current.get(i.id) ?? triplesOf(undefined)) : history.triplesOn(lastDayOf(month));
          const row: IndicatorRow = {
            institutionCode: i.code,
            month,
            scoreDate: s?.scoreDate ?? null,
            score: s?.score ?? null,
            procedures: s?.procedures ?? null,
            online: s?.online ?? null,
          };
          for (const d of PROCEDURE_INDICATORS) {
            const [set, measure] = indicatorParts(d.field);
            row[d.field] = triples[set][measure];
          }
          return row;
        });
    }
  }

  async indicatorsCsv(actor: Actor, res: Response): Promise<void> {
    const columns = INDICATOR_COLUMNS.map(([column]) => column);
    res.status(200).type('text/csv; charset=utf-8').setHeader('Content-Disposition', 'attachment; filename="indicators.csv"');
    if (!(await this.write(res, BOM + csvLine(columns)))) return;
    for await (const rows of this.indicatorRows(actor)) {
      if (!(await this.write(res, rows.map((r) => csvLine(INDICATOR_COLUMNS.map(([, field]) => r[field]))).join('')))) return;
    }
    res.end();
  }

  async indicatorsJson(actor: Actor, res: Response): Promise<void> {
    res.status(200).type('application/json; charset=utf-8').setHeader('Content-Disposition', 'attachment; filename="indicators.json"');
    if (!(await this.write(res, '['))) return;
    let first = true;
    for await (const rows of this.indicatorRows(actor)) {
      let chunk = '';
      for (const r of rows) {
        chunk += (first ? '\n' : ',\n') + JSON.stringify(r);
        first = false;
      }
      if (!(await this.write(res, chunk))) return;
    }
    await this.write(res, '\n]\n');
    res.end();
  }

  /** Active institutions in code order (the spine of every file). */
  private institutions(actor: Actor): Promise<OpenDataInstitutionRow[]> {
    return this.db.run(Access.acrossInstitutions(actor, 'public-api.export.institutions'), ({ em }) =>
      em.query(OPEN_DATA_INSTITUTIONS_SQL),
    );
  }

  /**
   * Walks one institution's rows of `sql` in keyset batches over (code, id) — $1 batch size, $2 institution, $3 last
   * code, $4 last id, then `extra` — each batch its own short read transaction; `emit` returns false once the client left.
   */
  private async walk<R extends { __code: string; __id?: string | null }>(
    actor: Actor,
    purpose: string,
    institutionId: string,
    sql: string,
    emit: (rows: R[]) => Promise<boolean>,
    { byId = false, extra = [] }: { byId?: boolean; extra?: unknown[] } = {},
  ): Promise<boolean> {
    let after: R | null = null;
    for (;;) {
      const last: R | null = after;
      const rows: R[] = await this.db.run(Access.acrossInstitutions(actor, `public-api.export.${purpose}`), async ({ em }) => {
        await em.query(PUBLIC_READ_SETTINGS);
        return em.query(sql, [this.batchSize, institutionId, last?.__code ?? null, ...(byId ? [last?.__id ?? null] : []), ...extra]);
      });
      if (rows.length && !(await emit(rows))) return false;
      if (rows.length < this.batchSize) return true;
      after = rows[rows.length - 1];
    }
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

  /** A CSV dataset, sorted by code (open-data.sql.ts). */
  async csv(actor: Actor, dataset: CsvDataset, res: Response): Promise<void> {
    const cols = CSV_DATASETS[dataset];
    const select = cols.map((c, n) => `${c[1]} AS c${n}`).join(', ');
    const line = (r: CsvRow) => csvLine(cols.map((_, n) => r[`c${n}`]));
    res.status(200).type('text/csv; charset=utf-8').setHeader('Content-Disposition', `attachment; filename="${dataset}"`);
    if (!(await this.write(res, BOM + csvLine(cols.map((c) => c[0]))))) return;
    if (dataset === 'institutions.csv') {
      const rows: CsvRow[] = await this.db.run(Access.acrossInstitutions(actor, 'public-api.export.institutions.csv'), async ({ em }) => {
        await em.query(PUBLIC_READ_SETTINGS);
        return em.query(OPEN_DATA_INSTITUTIONS_CSV_SQL(select));
      });
      await this.write(res, rows.map(line).join(''));
    } else {
      const sql = OPEN_DATA_CSV_SQL[dataset](select);
      for (const i of await this.institutions(actor)) {
        if (
          !(await this.walk<CsvRow>(actor, dataset, i.id, sql, (rows) => this.write(res, rows.map(line).join('')), {
            byId: dataset === 'requirements.csv',
          }))
        )
          return;
      }
    }
    res.end();
  }

  /** procedures.json: the API's PublicProcedure for every procedure, sorted by institution code and procedure code. */
  async proceduresJson(actor: Actor, res: Response): Promise<void> {
    res.status(200).type('application/json; charset=utf-8').setHeader('Content-Disposition', 'attachment; filename="procedures.json"');
    if (!(await this.write(res, '['))) return;
    let first = true;
    for (const i of await this.institutions(actor)) {
      const more = await this.walk<OpenDataProcedureRow>(actor, 'procedures.json', i.id, OPEN_DATA_PROCEDURES_SQL, (rows) => {
        let chunk = '';
        for (const r of rows) {
          chunk += (first ? '\n' : ',\n') + JSON.stringify(toPublicProcedure(r));
          first = false;
        }
        return this.write(res, chunk);
      });
      if (!more) return;
    }
    await this.write(res, '\n]\n');
    res.end();
  }

  /**
   * The catalogue in CPSV-AP 3 (JSON-LD; cpsv-ap.ts builds the nodes): the code lists and authority values it refers
   * to, every active institution as cv:PublicOrganisation (with its contact point), then every procedure as
   * cpsv:PublicService, sorted by code. Every @id is under APP_PUBLIC_URL.
   */
  async catalogJsonLd(actor: Actor, res: Response): Promise<void> {
    const iris = new CatalogIris(`${this.config.http.publicUrl}/api/public/v1`);
    res.status(200).type('application/ld+json; charset=utf-8').setHeader('Content-Disposition', 'attachment; filename="catalog.jsonld"');
    const institutions = await this.institutions(actor);
    let first = true;
    const nodes = (list: object[]): string => {
      let chunk = '';
      for (const n of list) {
        chunk += (first ? '\n' : ',\n') + JSON.stringify(n);
        first = false;
      }
      return chunk;
    };
    const head = `{"@context":${JSON.stringify(CPSV_AP_CONTEXT)},"@id":${JSON.stringify(iris.catalog)},"@graph":[`;
    if (!(await this.write(res, head + nodes([...vocabularyNodes(iris), ...institutions.flatMap((i) => organisationNodes(iris, i))]))))
      return;
    const today = todayInGuatemala();
    for (const i of institutions) {
      const hasContact = organisationNodes(iris, i).length > 1;
      const more = await this.walk<CatalogProcedureRow>(
        actor,
        'catalog.procedures',
        i.id,
        CATALOG_PROCEDURES_SQL,
        (rows) =>
          this.write(
            res,
            nodes(
              rows.map((p) =>
                serviceNode(
                  iris,
                  {
                    institutionCode: i.code,
                    institutionName: i.name,
                    code: p.code,
                    name: p.name,
                    description: p.description,
                    status: p.status,
                    feeGtq: p.fee_gtq,
                    channels: p.channels ?? [],
                    days: p.days,
                    onlineUrl: p.online_url,
                    legalBasis: p.legal_basis,
                    requirements: p.requirements,
                  },
                  hasContact,
                ),
              ),
            ),
          ),
        { extra: [today] },
      );
      if (!more) return;
    }
    await this.write(res, '\n]}\n');
    res.end();
  }
}
