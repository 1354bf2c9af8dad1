import { LEX } from './legal';
import { doc, form, ISSUERS, notarisedSignature, ownDocument, REQ, sworn } from './requirements';
import { agreement, CatalogProcedure, law, NO_BASIS, rule } from './types';

const DRCA = { name: 'Departamento de Regulación y Control de Alimentos', code: 'MSPAS' };
const DRCPFA = { name: 'Departamento de Regulación y Control de Productos Farmacéuticos y Afines', code: 'MSPAS' };
const health = law(LEX.codigoSalud);
const food = agreement(LEX.inocuidad);
const drugs = agreement(LEX.medicamentos);
const healthCard = ownDocument('Tarjeta de salud del personal que manipula alimentos', { name: 'Centro de salud', code: 'MSPAS' }, food);

/** Ministerio de Salud Pública y Asistencia Social: licencias sanitarias, registro de alimentos y medicamentos. */
export const MSPAS: CatalogProcedure[] = [
  {
    code: 'MSPAS-001', name: 'Licencia sanitaria para establecimiento de alimentos', description: 'Autorización sanitaria para el funcionamiento de establecimientos que procesan o expenden alimentos.',
    output: 'Licencia sanitaria', audience: 'business', category: 'Salud', lifeEvent: 'Abrir una empresa', prioritized: true,
    legalBasis: `${LEX.codigoSalud}, art. 130; ${LEX.inocuidad}`, fee: 300, legalDays: 30, volume: 18000, story: { startLevel: 1, endLevel: 3 },
    requirements: [REQ.dpi, REQ.patenteEmpresa, healthCard, REQ.antecedentesPoliciacos, sworn('de cumplimiento de buenas prácticas de manufactura')],
  },
  {
    code: 'MSPAS-002', name: 'Registro sanitario de alimentos procesados', description: 'Inscripción sanitaria de alimentos procesados nacionales e importados.',
    output: 'Registro sanitario', audience: 'business', category: 'Comercio exterior', foreignTrade: true, prioritized: true,
    legalBasis: 'Reglamento Técnico Centroamericano RTCA 67.01.31:07', fee: 1500, legalDays: 30, volume: 7000, story: { startLevel: 2, endLevel: 3, pending: true },
    requirements: [{ name: 'Etiqueta del producto', evidence: 'photo', basis: rule('RTCA 67.01.07:10, Etiquetado general de alimentos') },
      { name: 'Certificado de libre venta del país de origen', evidence: 'certificate', from: ISSUERS.foreign, basis: rule('RTCA 67.01.31:07') },
      ownDocument('Licencia sanitaria de la fábrica o bodega', DRCA, food), sworn('del representante legal sobre la composición del producto')],
  },
  {
    code: 'MSPAS-003', name: 'Renovación de registro sanitario de alimentos procesados', description: 'Renovación quinquenal del registro sanitario de alimentos.',
    output: 'Registro sanitario renovado', audience: 'business', category: 'Comercio exterior', foreignTrade: true,
    legalBasis: 'Reglamento Técnico Centroamericano RTCA 67.01.31:07', fee: 1000, legalDays: 15, volume: 3400,
    requirements: [form(rule('RTCA 67.01.31:07')), ownDocument('Fotocopia del registro sanitario anterior', DRCA)],
  },
  {
    code: 'MSPAS-004', name: 'Certificado de libre venta de alimentos para exportación', description: 'Constancia de que un alimento registrado se vende libremente en Guatemala.',
    output: 'Certificado de libre venta', audience: 'business', category: 'Comercio exterior', foreignTrade: true, lifeEvent: 'Exportar',
    legalBasis: LEX.inocuidad, fee: 100, legalDays: 5, volume: 2600, story: { startLevel: 2, endLevel: 4 },
    requirements: [form(food), ownDocument('Registro sanitario vigente del producto', DRCA, food)],
  },
  {
    code: 'MSPAS-005', name: 'Autorización de importación de alimentos', description: 'Autorización sanitaria de cada embarque de alimentos importados.',
    output: 'Autorización de importación', audience: 'business', category: 'Comercio exterior', foreignTrade: true, prioritized: true, lifeEvent: 'Importar',
    legalBasis: LEX.inocuidad, fee: 50, legalDays: 2, volume: 41000, story: { startLevel: 3, endLevel: 4 },
    requirements: [form(food), doc('Factura comercial', law(LEX.cauca)), ownDocument('Registro sanitario del producto', DRCA, food)],
  },
  {
    code: 'MSPAS-006', name: 'Registro sanitario de medicamentos', description: 'Registro sanitario de referencia de medicamentos de uso humano.',
    output: 'Certificado de registro sanitario', audience: 'business', category: 'Medicamentos', foreignTrade: true, prioritized: true,
    legalBasis: LEX.medicamentos, fee: 3000, legalDays: 90, volume: 2500,
    requirements: [form(drugs), doc('Expediente técnico del medicamento', drugs), { name: 'Certificado de producto farmacéutico (OMS) del país de origen', evidence: 'certificate', from: ISSUERS.foreign, basis: drugs },
      REQ.apostilleTranslation, notarisedSignature('Carta poder del titular del registro')],
  },
  {
    code: 'MSPAS-007', name: 'Renovación de registro sanitario de medicamentos', description: 'Renovación quinquenal del registro sanitario de medicamentos.',
    output: 'Registro sanitario renovado', audience: 'business', category: 'Medicamentos', foreignTrade: true,
    legalBasis: LEX.medicamentos, fee: 2000, legalDays: 60, volume: 1900,
    requirements: [form(drugs), ownDocument('Certificado de registro sanitario anterior', DRCPFA, drugs)],
  },
  {
    code: 'MSPAS-008', name: 'Licencia sanitaria de farmacia', description: 'Autorización de apertura y funcionamiento de farmacias.',
    output: 'Licencia sanitaria', audience: 'business', category: 'Medicamentos', lifeEvent: 'Abrir una empresa',
    legalBasis: LEX.medicamentos, fee: 400, legalDays: 30, volume: 2800, story: { startLevel: 1, endLevel: 3, quirk: 'no_online_url_at_level_3' },
    requirements: [form(drugs), REQ.patenteEmpresa, doc('Contrato del químico farmacéutico regente', drugs), { name: 'Constancia de colegiado activo del regente', evidence: 'certificate', from: ISSUERS.colegio, basis: law('Decreto 72-2001, Ley de Colegiación Profesional Obligatoria'), interop: true }],
  },
  {
    code: 'MSPAS-009', name: 'Licencia sanitaria de droguería', description: 'Autorización de establecimientos que importan y distribuyen medicamentos al por mayor.',
    output: 'Licencia sanitaria', audience: 'business', category: 'Medicamentos', foreignTrade: true,
    legalBasis: LEX.medicamentos, fee: 800, legalDays: 30, volume: 350,
    requirements: [form(drugs), REQ.patenteSociedad, doc('Contrato del químico farmacéutico regente', drugs), REQ.nombramientoNotarised],
  },
  {
    code: 'MSPAS-010', name: 'Registro sanitario de productos cosméticos', description: 'Inscripción sanitaria de cosméticos según el reglamento técnico centroamericano.',
    output: 'Registro sanitario', audience: 'business', category: 'Cosméticos', foreignTrade: true,
    legalBasis: 'Reglamento Técnico Centroamericano RTCA 71.01.35:06', fee: 900, legalDays: 30, volume: 3800,
    requirements: [form(rule('RTCA 71.01.35:06')), doc('Fórmula cuali-cuantitativa', rule('RTCA 71.01.35:06')), { name: 'Etiqueta del producto', evidence: 'photo', basis: rule('RTCA 71.01.35:06') }],
  },
  {
    code: 'MSPAS-011', name: 'Registro sanitario de productos higiénicos', description: 'Inscripción sanitaria de desinfectantes, detergentes y productos de higiene.',
    output: 'Registro sanitario', audience: 'business', category: 'Productos higiénicos',
    legalBasis: LEX.codigoSalud, fee: 700, legalDays: 30, volume: 1200,
    requirements: [form(health), doc('Hoja de datos de seguridad', health), sworn('sobre la composición del producto')],
  },
  {
    code: 'MSPAS-012', name: 'Permiso de importación de estupefacientes y psicotrópicos', description: 'Autorización de importación de sustancias controladas para uso médico.',
    output: 'Permiso de importación', audience: 'business', category: 'Medicamentos', foreignTrade: true,
    legalBasis: LEX.narcoactividad, fee: 250, legalDays: 15, volume: 420,
    requirements: [form(law(LEX.narcoactividad)), ownDocument('Licencia sanitaria de la droguería', DRCPFA, drugs), doc('Cálculo de necesidades anuales', law(LEX.narcoactividad))],
  },
  {
    code: 'MSPAS-013', name: 'Licencia sanitaria de establecimiento de salud privado', description: 'Autorización de clínicas, hospitales y laboratorios clínicos privados.',
    output: 'Licencia sanitaria', audience: 'business', category: 'Salud',
    legalBasis: `${LEX.codigoSalud}, arts. 94–96`, fee: 600, legalDays: 45, volume: 1600,
    requirements: [form(health), doc('Planos de las instalaciones', health), { name: 'Constancia de colegiado activo del director médico', evidence: 'certificate', from: ISSUERS.colegio, basis: law('Decreto 72-2001'), interop: true },
      REQ.antecedentesPenales, REQ.patenteSociedad],
  },
  {
    code: 'MSPAS-014', name: 'Tarjeta de salud', description: 'Certificación de salud de personas que manipulan alimentos o atienden al público.',
    output: 'Tarjeta de salud', audience: 'person', category: 'Salud', lifeEvent: 'Buscar empleo', prioritized: true,
    legalBasis: LEX.inocuidad, fee: 25, legalDays: 3, volume: 250000, story: { startLevel: 1, endLevel: 1 },
    requirements: [REQ.dpi, REQ.photo, { name: 'Resultados de examen de heces y orina', evidence: 'certificate', basis: food }, REQ.ornato],
  },
  {
    code: 'MSPAS-015', name: 'Constancia de examen de tórax (tarjeta de pulmones)', description: 'Constancia de radiografía de tórax exigida para algunas ocupaciones.',
    output: 'Constancia', audience: 'person', category: 'Salud',
    legalBasis: 'Acuerdo Ministerial 1035-2009', fee: 40, legalDays: 3, volume: 120000, story: { eliminatedDaysAgo: 140 },
    requirements: [REQ.dpi, REQ.photo, ownDocument('Tarjeta de salud vigente', { name: 'Centro de salud', code: 'MSPAS' })],
  },
  {
    code: 'MSPAS-016', name: 'Licencia sanitaria para transporte de alimentos', description: 'Autorización de vehículos que transportan alimentos perecederos.',
    output: 'Licencia sanitaria', audience: 'business', category: 'Inocuidad',
    legalBasis: LEX.inocuidad, fee: 150, legalDays: 10, volume: 5200,
    requirements: [form(food), doc('Tarjeta de circulación del vehículo', law(LEX.circulacion)), healthCard],
  },
  {
    code: 'MSPAS-017', name: 'Licencia sanitaria de planta purificadora de agua', description: 'Autorización de plantas que purifican y envasan agua para consumo humano.',
    output: 'Licencia sanitaria', audience: 'business', category: 'Agua y saneamiento',
    legalBasis: `${LEX.codigoSalud}; Acuerdo Gubernativo 113-2009, Reglamento de Certificación de la Calidad del Agua`, fee: 500, legalDays: 30, volume: 650,
    requirements: [form(agreement('Acuerdo Gubernativo 113-2009')), doc('Análisis fisicoquímico y bacteriológico del agua', agreement('Acuerdo Gubernativo 113-2009')), REQ.patenteEmpresa],
  },
  {
    code: 'MSPAS-018', name: 'Permiso de exhumación y traslado de restos', description: 'Autorización para exhumar y trasladar restos humanos dentro o fuera del país.',
    output: 'Permiso de exhumación', audience: 'person', category: 'Salud',
    legalBasis: LEX.codigoSalud, fee: 100, legalDays: 5, volume: 3100,
    requirements: [REQ.dpi, { name: 'Certificado de defunción', evidence: 'certificate', from: ISSUERS.renap, basis: law(LEX.renap), interop: true }, notarisedSignature('Autorización de los familiares')],
  },
  {
    code: 'MSPAS-019', name: 'Certificado de buenas prácticas de manufactura', description: 'Certificación de laboratorios farmacéuticos que cumplen buenas prácticas de manufactura.',
    output: 'Certificado de BPM', audience: 'business', category: 'Medicamentos', foreignTrade: true,
    legalBasis: 'Reglamento Técnico Centroamericano RTCA 11.03.42:07', fee: 2500, legalDays: 60, volume: 60,
    requirements: [form(rule('RTCA 11.03.42:07')), doc('Manual de calidad', rule('RTCA 11.03.42:07')), ownDocument('Licencia sanitaria del laboratorio', DRCPFA, drugs)],
  },
  {
    code: 'MSPAS-020', name: 'Autorización de publicidad de medicamentos', description: 'Aprobación previa de anuncios de medicamentos de venta libre.',
    output: 'Resolución de aprobación', audience: 'business', category: 'Medicamentos',
    legalBasis: LEX.medicamentos, fee: 300, legalDays: 15, volume: 900,
    requirements: [form(drugs), doc('Arte final del anuncio', drugs), ownDocument('Registro sanitario del medicamento', DRCPFA, drugs)],
  },
  {
    code: 'MSPAS-021', name: 'Certificado internacional de vacunación', description: 'Certificado de vacunación contra la fiebre amarilla para viajeros.',
    output: 'Certificado internacional', audience: 'person', category: 'Salud',
    legalBasis: 'Reglamento Sanitario Internacional (2005)', fee: 0, legalDays: 1, volume: 9000,
    requirements: [REQ.dpi, { name: 'Pasaporte vigente', evidence: 'identification', from: { name: 'Instituto Guatemalteco de Migración', code: 'MINGOB' }, basis: law(LEX.migracion) }],
  },
  {
    code: 'MSPAS-022', name: 'Licencia sanitaria de piscinas y balnearios', description: 'Autorización sanitaria de piscinas y balnearios de uso público.',
    output: 'Licencia sanitaria', audience: 'business', category: 'Agua y saneamiento',
    legalBasis: LEX.codigoSalud, fee: 300, legalDays: 30, volume: null, story: { addedLater: true },
    requirements: [form(health), doc('Análisis bacteriológico del agua', health), REQ.patenteEmpresa, { name: 'Constancia de capacitación en primeros auxilios del salvavidas', evidence: 'certificate', basis: NO_BASIS }],
  },
];
