import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12, data (product defaults frozen here, editable afterwards):
 * - methodology version 2 = the active version's weights and parameters plus "no credit for absence", when a plan is
 *   owed, and the rule sets that raise findings (prohibited practices the data reveals, what each maturity level needs
 *   in the record). It becomes the active version; snapshots computed with version 1 keep explaining themselves with it;
 * - what meeting each transitory deadline takes (plan approved; a validated level for every procedure);
 * - the reminder rule for a legal deadline missed (monthly, escalating to the Commission's analysts after 30 days).
 */
const NAME = 'Metodología v2: sin crédito por ausencia y prácticas prohibidas detectadas en los datos';

const PROHIBITED = 'Decreto 5-2021, arts. 12 y 13';
const V2_ADDITIONS = {
  noCreditForAbsence: true,
  planRequiredSince: '2022-02-28',
  planGraceMonths: 6,
  noLegalBasisArticle: 'Decreto 5-2021, art. 5',
  prohibitedPractices: [
    {
      kind: 'same_institution_document',
      article: 'Decreto 5-2021, art. 13',
      issuer: 'same_institution',
      patterns: ['(emitid|extendid|expedid|otorgad)[oa]s? por (esta|la misma) (institucion|entidad|dependencia)'],
    },
    { kind: 'sworn_declaration', article: PROHIBITED, patterns: ['declaracion(es)? juradas?', 'bajo juramento'] },
    {
      kind: 'notarised_signature',
      article: PROHIBITED,
      patterns: [
        'firma(s)? (legalizada|autenticada)',
        'legalizacion de (la )?firma',
        'autenticad[oa]s? por (un |una )?notari[oa]',
        'legalizad[oa]s? por (un |una )?notari[oa]',
        'autentica notarial',
      ],
    },
    {
      kind: 'police_report_for_loss',
      article: PROHIBITED,
      patterns: [
        'denuncia\\b.*\\b(perdida|extravio|robo|hurto)',
        '(constancia|certificacion|informe) (policial|de la pnc)\\b.*\\b(perdida|extravio)',
      ],
    },
    { kind: 'apostille_translation', article: PROHIBITED, patterns: ['traduccion\\b.*\\bapostill', 'apostill\\w*\\b.*\\btraducid'] },
  ],
  levelConsistency: [
    {
      code: 'level1_fee_and_times',
      minLevel: 1,
      check: 'fee_and_times_published',
      message: 'el nivel 1 o más requiere el costo y el plazo legal de resolución publicados',
    },
    {
      code: 'level2_free_forms',
      minLevel: 2,
      check: 'free_forms_online',
      message: 'el nivel 2 o más requiere formularios gratuitos en línea (dirección de formularios y «gratuitos: sí»)',
    },
    {
      code: 'level3_online_channel',
      minLevel: 3,
      check: 'online_channel_and_url',
      message: 'el nivel 3 o más requiere el canal en línea y la dirección del trámite en línea',
    },
    {
      code: 'level4_no_visit',
      minLevel: 4,
      check: 'no_in_person_visit',
      message: 'el nivel 4 o más requiere que no haya visitas presenciales (visitas = 0)',
    },
  ],
};

const DEADLINE_CONDITIONS: Array<[code: string, plan: boolean, level: number | null]> = [
  ['free_forms_and_plan', true, 2],
  ['electronic_means', false, 3],
  ['electronic_procedures', false, 4],
];

export class MethodologyV2AndFindingRules1796001100000 implements MigrationInterface {
  name = 'MethodologyV2AndFindingRules1796001100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const [active] = await queryRunner.query(`SELECT parameters FROM methodologies WHERE active LIMIT 1`);
    const base = active?.parameters ?? {};
    await queryRunner.query(`UPDATE methodologies SET active = false WHERE active`);
    await queryRunner.query(
      `INSERT INTO methodologies (version, name, parameters, active) SELECT coalesce(max(version), 0) + 1, $1, $2, true FROM methodologies`,
      [NAME, JSON.stringify({ ...base, ...V2_ADDITIONS })],
    );
    for (const [code, plan, level] of DEADLINE_CONDITIONS) {
      await queryRunner.query(`UPDATE legal_deadlines SET requires_approved_plan = $2, required_level = $3 WHERE code = $1`, [
        code,
        plan,
        level,
      ]);
    }
    await queryRunner.query(
      `INSERT INTO reminder_rules (code, kind, name, offsets, repeat_every_days, escalate_after_days, recipients, escalation_recipients, template, mandatory)
             VALUES ('legal-deadline-missed', 'legal_deadline_missed', 'Plazo legal incumplido', '{1}', 30, 30, '{institution_admin,liaison}', '{analyst}',
                     'reminder-legal-deadline-missed', true)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT set_config('app.scope', 'admin', true)`);
    await queryRunner.query(
      `DELETE FROM notifications WHERE rule_id IN (SELECT id FROM reminder_rules WHERE code = 'legal-deadline-missed')`,
    );
    await queryRunner.query(`DELETE FROM reminder_rules WHERE code = 'legal-deadline-missed'`);
    await queryRunner.query(`UPDATE legal_deadlines SET requires_approved_plan = false, required_level = NULL`);
    const [v2] = await queryRunner.query(`SELECT version, active FROM methodologies WHERE name = $1 ORDER BY version DESC LIMIT 1`, [NAME]);
    if (!v2) return;
    await queryRunner.query(`DELETE FROM methodologies WHERE version = $1`, [v2.version]);
    if (v2.active) {
      await queryRunner.query(`UPDATE methodologies SET active = true WHERE version = (SELECT max(version) FROM methodologies)`);
    }
  }
}
