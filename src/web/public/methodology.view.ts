import { entries, labelCap } from '../../common/glossary/glossary';
import type { PublicDataDictionary, PublicMethodology } from '../../modules/public-api/dto/public-response.dto';
import { INSTITUTION_COMPONENTS, PROCEDURE_COMPONENTS } from '../../modules/scoring/methodology';
import { format } from './view-format';

/** The methodology in force: weights and what each component measures, the maturity scale, burden parameters, sources. */
export function methodologyView(m: PublicMethodology | null, lastUpdate: Date) {
  if (!m)
    return {
      known: false,
      lastUpdate: format.date(lastUpdate.toISOString()),
      version: null,
      name: null,
      adopted: null,
      procedure: [],
      institution: [],
      levels: [],
      burden: [],
      prohibited: [],
    };
  const weights = (group: Record<string, number>, codes: readonly string[], glossary: 'procedureComponent' | 'institutionComponent') =>
    codes.map((c) => ({
      name: labelCap(glossary, c),
      weight: format.decimal(group[c]),
      description: entries(glossary).find((e) => e.code === c)?.description ?? '',
    }));
  const p = m.burdenParameters;
  return {
    known: true,
    lastUpdate: format.date(lastUpdate.toISOString()),
    version: m.version,
    name: m.name,
    adopted: format.date(m.adoptedAt),
    procedure: weights(m.procedureWeights, PROCEDURE_COMPONENTS, 'procedureComponent'),
    institution: weights(m.institutionWeights, INSTITUTION_COMPONENTS, 'institutionComponent'),
    levels: (m.maturityModel?.levels ?? []).map((l) => ({ level: l.level, name: l.name, criteria: l.criteria })),
    burden: [
      { key: 'Valor de una hora de las personas', value: format.gtq(p.hourValueGtq) },
      { key: 'Costo de una visita presencial', value: format.gtq(p.visitCostGtq) },
      { key: 'Costo de oportunidad por día de espera', value: format.gtq(p.dailyOpportunityCostGtq) },
      { key: 'Horas para reunir cada requisito', value: format.decimal(p.hoursPerRequirement) },
      { key: 'Horas de cada visita', value: format.decimal(p.hoursPerVisit) },
    ],
    prohibited: entries('prohibitedKind').map((e) => ({ name: labelCap('prohibitedKind', e.code), description: e.description ?? '' })),
  };
}

/** Every open dataset with its fields (coded fields with each code's meaning), formats and licence. */
export function openDataView(d: PublicDataDictionary) {
  return {
    license: d.license,
    csvFormat: d.csvFormat,
    datasets: d.datasets.map((s) => ({
      name: s.name,
      url: s.url,
      format: s.mediaType === 'text/csv' ? 'CSV' : s.mediaType === 'application/ld+json' ? 'JSON-LD (CPSV-AP)' : 'JSON',
      fields: s.fields.map((f) => ({ name: f.name, type: f.type, description: f.description, values: f.values ?? [] })),
    })),
  };
}
