import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15, data: the article of every existing institution, derived from the first word of its name as
 * `defaultArticle` does (src/common/text/institution-name.ts): "Ministerio …" → el, "Secretaría …" → la. A name whose
 * first word says nothing (an acronym, a proper noun) is left without one (null: the name is used bare) for an
 * administrator to set.
 */
export class FillInstitutionArticle1796100100000 implements MigrationInterface {
  name = 'FillInstitutionArticle1796100100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT set_config('app.scope', 'admin', true)`);
    await queryRunner.query(
      `WITH heads AS (
         SELECT i.id, lower(unaccent_immutable(split_part(btrim(i.name), ' ', 1))) AS head FROM institutions i WHERE i.article IS NULL)
       UPDATE institutions i SET article = CASE
           WHEN h.head IN (${FEMININE}) THEN 'la'
           WHEN h.head IN (${MASCULINE}) THEN 'el'
           WHEN regexp_replace(h.head, 's$', '') IN (${FEMININE}) THEN 'las'
           WHEN regexp_replace(h.head, 's$', '') IN (${MASCULINE}) THEN 'los'
         END
         FROM heads h WHERE h.id = i.id`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT set_config('app.scope', 'admin', true)`);
    await queryRunner.query(`UPDATE institutions SET article = NULL`);
  }
}

const list = (words: string[]) => words.map((w) => `'${w}'`).join(', ');
const FEMININE = list([
  'secretaria',
  'municipalidad',
  'superintendencia',
  'comision',
  'procuraduria',
  'contraloria',
  'direccion',
  'oficina',
  'autoridad',
  'universidad',
  'corte',
  'empresa',
  'escuela',
  'junta',
  'coordinadora',
  'defensoria',
  'intendencia',
  'vicepresidencia',
  'presidencia',
  'agencia',
  'unidad',
  'fiscalia',
  'camara',
]);
const MASCULINE = list([
  'ministerio',
  'registro',
  'instituto',
  'consejo',
  'organismo',
  'congreso',
  'tribunal',
  'fondo',
  'comite',
  'centro',
  'banco',
  'servicio',
  'programa',
  'departamento',
  'despacho',
  'gabinete',
  'archivo',
  'credito',
]);
