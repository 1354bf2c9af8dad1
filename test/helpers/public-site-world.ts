import { DataSource } from 'typeorm';
import { ScoringService } from '../../src/modules/scoring/scoring.service';
import { asScope, createInstitution, createProcedure, createRequirement, TestInstitution, TestProcedure } from './factories';
import { TestApp } from './test-app';

export interface PublicSiteWorld {
  /** A ministry with three procedures at levels 4, 2 and 1 (one prohibited and one eliminated requirement). */
  ministry: TestInstitution;
  /** An opted-in secretariat with one procedure at level 0 and enough others to page a search. */
  secretariat: TestInstitution;
  /** A municipality with no inventory: listed apart, never ranked. */
  empty: TestInstitution;
  licence: TestProcedure;
  exporters: TestProcedure;
  identity: TestProcedure;
  /** A word every procedure of the secretariat's series carries (22 of them: more than one page of search results). */
  seriesWord: string;
}

/** Sets procedure fields the basic factory does not take. */
async function describe(ds: DataSource, p: TestProcedure, fields: Record<string, unknown>): Promise<void> {
  const sets = Object.keys(fields).map((k, i) => `${k} = $${i + 2}`);
  await asScope(ds, 'tenant', p.institutionId, (em) =>
    em.query(`UPDATE procedures SET ${sets.join(', ')} WHERE id = $1`, [p.id, ...Object.values(fields)]),
  );
}

/**
 * The public site's test data, written through the application's role, then scored by the product's own scoring
 * (no painted numbers). Names carry a random code, so suites sharing the database find their own rows.
 */
export async function createPublicSiteWorld(t: TestApp): Promise<PublicSiteWorld> {
  const ds = t.dataSource;
  const ministry = await createInstitution(ds, 'Ministerio de Pruebas Web');
  const secretariat = await createInstitution(ds, 'Secretaría de Pruebas Web');
  const empty = await createInstitution(ds, 'Municipalidad Sin Inventario');
  await asScope(ds, 'admin', null, async (em) => {
    await em.query(`UPDATE institutions SET type = 'ministry', sector = 'Economía', website = 'https://www.ejemplo.gob.gt' WHERE id = $1`, [
      ministry.id,
    ]);
    await em.query(
      `UPDATE institutions SET type = 'secretariat', coverage = 'opted_in', opted_in_at = '2022-01-15', adhesion_act = 'Acuerdo 1-2022', sector = 'Gobernación' WHERE id = $1`,
      [secretariat.id],
    );
    await em.query(`UPDATE institutions SET type = 'municipality', sector = 'Municipal' WHERE id = $1`, [empty.id]);
  });

  const licence = await createProcedure(ds, ministry.id, {
    name: 'Licencia sanitaria de funcionamiento',
    feeGtq: '250.00',
    legalMaxDays: 30,
    actualMedianDays: 20,
    inPersonVisits: 0,
    currentLevel: 4,
    annualVolume: 1200,
  });
  await describe(ds, licence, {
    audience: 'business',
    category: 'Salud',
    channels: '{online,in_person}',
    online_url: 'https://ejemplo.gob.gt/licencia',
    description: 'Autoriza el funcionamiento de establecimientos que manipulan alimentos.',
    output: 'Licencia sanitaria',
    legal_basis: 'Código de Salud, Decreto 90-97',
    baseline_requirements: 5,
    baseline_visits: 3,
    baseline_fee_gtq: '400.00',
    baseline_days: 60,
  });
  await createRequirement(ds, licence, { name: 'Documento personal de identificación', legalBasisType: 'law' });
  await createRequirement(ds, licence, {
    name: 'Declaración jurada de buena conducta',
    legalBasisType: 'none',
    prohibitedKind: 'sworn_declaration',
  });
  await createRequirement(ds, licence, {
    name: 'Constancia de antecedentes policiacos',
    legalBasisType: 'other_rule',
    effectiveTo: '2024-03-01',
    status: 'eliminated',
  });

  const exporters = await createProcedure(ds, ministry.id, {
    name: 'Registro de exportadores',
    feeGtq: '0',
    currentLevel: 2,
    foreignTrade: true,
  });
  await describe(ds, exporters, { audience: 'business', category: 'Comercio exterior', channels: '{in_person}' });
  const identity = await createProcedure(ds, ministry.id, { name: 'Constancia de inscripción Ñandú', feeGtq: '15.00', currentLevel: 1 });
  await describe(ds, identity, { audience: 'person', category: 'Identidad', channels: '{in_person}' });

  const seriesWord = `Serie${secretariat.code}`;
  const first = await createProcedure(ds, secretariat.id, { name: `Permiso ${seriesWord} 00`, currentLevel: 0 });
  await describe(ds, first, { audience: 'both', category: 'Permisos' });
  for (let i = 1; i < 22; i++) {
    const p = await createProcedure(ds, secretariat.id, { name: `Permiso ${seriesWord} ${String(i).padStart(2, '0')}`, currentLevel: 0 });
    await describe(ds, p, { audience: 'both', category: 'Permisos' });
  }

  await t.app.get(ScoringService).recomputeAll();
  return { ministry, secretariat, empty, licence, exporters, identity, seriesWord };
}
