import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Product defaults (not demo data): maturity model v1 (domain reference §3) and the legal deadlines of the
 * transitory articles, counted from 31 Aug 2021. Both are data: analysts publish new model versions, admins edit deadlines.
 * The last deadline is disputed (Aug 2023 or Aug 2024); we ship Aug 2023 and say so in its description.
 */
export const DEFAULT_MATURITY_LEVELS = [
  { level: 0, name: 'Sin información', criteria: [] },
  {
    level: 1,
    name: 'Informativo',
    criteria: [{ key: 'info_published', label: 'Descripción, requisitos, costo, plazo y base legal publicados en línea' }],
  },
  { level: 2, name: 'Descargable', criteria: [{ key: 'forms_online_free', label: 'Formularios disponibles en línea y gratuitos' }] },
  { level: 3, name: 'Transaccional parcial', criteria: [{ key: 'online_filing', label: 'La solicitud se puede presentar en línea' }] },
  {
    level: 4,
    name: 'En línea completo',
    criteria: [
      { key: 'online_payment', label: 'El pago se realiza en línea' },
      { key: 'electronic_notification', label: 'Las notificaciones son electrónicas' },
      { key: 'electronic_result', label: 'El resultado se entrega electrónicamente' },
      { key: 'no_visit', label: 'No se requiere ninguna visita presencial' },
    ],
  },
  {
    level: 5,
    name: 'Integrado',
    criteria: [
      { key: 'interoperability', label: 'No se pide ningún documento que el Estado ya tiene (se obtiene por interoperabilidad)' },
      { key: 'advanced_e_signature', label: 'Se acepta la firma electrónica avanzada' },
      { key: 'online_tracking', label: 'El estado del trámite se puede seguir en línea' },
    ],
  },
];

const DEADLINES = [
  [
    'free_forms_and_plan',
    'Formularios gratuitos publicados en línea y plan de simplificación aprobado (con presupuesto)',
    '2022-02-28',
    'Decreto 5-2021, disposiciones transitorias (6 meses)',
    null,
  ],
  ['electronic_means', 'Medios electrónicos funcionando', '2022-08-31', 'Decreto 5-2021, disposiciones transitorias (1 año)', null],
  [
    'electronic_procedures',
    'Trámites completados por medios electrónicos',
    '2023-08-31',
    'Decreto 5-2021, disposiciones transitorias (2 años)',
    'Las fuentes públicas difieren entre agosto de 2023 y agosto de 2024; ajústelo si la Comisión adopta otra fecha.',
  ],
];

export class SeedMaturityModelAndLegalDeadlines1795469700000 implements MigrationInterface {
  name = 'SeedMaturityModelAndLegalDeadlines1795469700000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`INSERT INTO maturity_models (version, name, levels, active) VALUES (1, $1, $2, true)`, [
      'Escala de madurez digital v1 (0–5)',
      JSON.stringify(DEFAULT_MATURITY_LEVELS),
    ]);
    for (const [code, name, due, ref, description] of DEADLINES) {
      await q.query(
        `INSERT INTO legal_deadlines (code, name, coverage, due_date, legal_reference, description) VALUES ($1, $2, 'bound', $3, $4, $5)`,
        [code, name, due, ref, description],
      );
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM legal_deadlines WHERE code = ANY($1)`, [DEADLINES.map((d) => d[0])]);
    await q.query(`DELETE FROM maturity_models WHERE version = 1`);
  }
}
