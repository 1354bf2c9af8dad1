import { DataSource } from 'typeorm';
import type { Audience, Channel, EvidenceType, Issuer, LegalBasisType, ProhibitedKind } from '../../modules/inventory/inventory.enums';

interface DemoRequirement {
  name: string;
  evidence?: EvidenceType;
  issuer?: Issuer;
  issuerInstitution?: string;
  basis: LegalBasisType;
  reference?: string;
  interop?: boolean;
  prohibited?: ProhibitedKind;
  /** Eliminated on this date (history kept). */
  endedOn?: string;
}

interface DemoProcedure {
  code: string;
  name: string;
  description: string;
  output: string;
  audience: Audience;
  category: string;
  foreignTrade?: boolean;
  prioritized?: boolean;
  channels: Channel[];
  onlineUrl?: string;
  formsUrl?: string;
  formsFree?: boolean;
  fee: string;
  legalBasis: string;
  legalDays: number;
  actualDays: number;
  volume: number;
  visits: number;
  declaredLevel: number;
  baseline: { days: number; visits: number; fee: string };
  reviewed: string;
  requirements: DemoRequirement[];
}

const DPI: DemoRequirement = { name: 'Documento Personal de Identificación (DPI) del solicitante o representante legal', evidence: 'identification', issuer: 'other_institution', issuerInstitution: 'RENAP', basis: 'law', reference: 'Decreto 90-2005, Ley del RENAP', interop: true };
const PATENTE: DemoRequirement = { name: 'Patente de comercio de empresa y de sociedad', evidence: 'certificate', issuer: 'other_institution', issuerInstitution: 'Registro Mercantil', basis: 'law', reference: 'Decreto 2-70, Código de Comercio', interop: true };
const RTU: DemoRequirement = { name: 'Constancia de inscripción en el RTU', evidence: 'certificate', issuer: 'other_institution', issuerInstitution: 'SAT', basis: 'law', reference: 'Decreto 6-91, Código Tributario', interop: true };
const NOTARISED_COPY: DemoRequirement = { name: 'Fotocopia autenticada por notario del nombramiento del representante legal', evidence: 'document', basis: 'none', prohibited: 'notarised_signature' };

/**
 * A living demo inventory: real institutions, plausible procedures (figures are illustrative, not official). Several were
 * last reviewed long ago (MINECO-004, MAGA-002, MSPAS-001, MARN-001…), so the monthly stale-inventory reminder fires in the demo.
 */
export const DEMO_PROCEDURES: Record<string, DemoProcedure[]> = {
  MINECO: [
    {
      code: 'MINECO-001', name: 'Inscripción de empresa mercantil individual', description: 'Registro de una empresa individual en el Registro Mercantil General de la República.',
      output: 'Patente de comercio de empresa', audience: 'business', category: 'Apertura de empresas', prioritized: true, channels: ['online', 'in_person'],
      onlineUrl: 'https://minegocio.gt', formsUrl: 'https://minegocio.gt/formularios', formsFree: true, fee: '100.00', legalBasis: 'Decreto 2-70, Código de Comercio, arts. 334–337',
      legalDays: 8, actualDays: 5, volume: 42000, visits: 0, declaredLevel: 4, baseline: { days: 15, visits: 2, fee: '100.00' }, reviewed: '2026-09-15',
      requirements: [DPI, { name: 'Formulario de solicitud de inscripción', evidence: 'form', basis: 'government_agreement', reference: 'Acuerdo Gubernativo 30-2020' },
        { name: 'Declaración jurada de no tener otra empresa inscrita', evidence: 'document', basis: 'none', prohibited: 'sworn_declaration', endedOn: '2023-03-01' }],
    },
    {
      code: 'MINECO-002', name: 'Calificación de empresa exportadora (Decreto 29-89)', description: 'Calificación para gozar de los beneficios del régimen de fomento de la actividad exportadora y de maquila.',
      output: 'Resolución de calificación', audience: 'business', category: 'Comercio exterior', foreignTrade: true, prioritized: true, channels: ['in_person', 'online'],
      onlineUrl: 'https://servicios.mineco.gob.gt', formsFree: true, fee: '0.00', legalBasis: 'Decreto 29-89, Ley de Fomento y Desarrollo de la Actividad Exportadora y de Maquila',
      legalDays: 30, actualDays: 52, volume: 650, visits: 2, declaredLevel: 2, baseline: { days: 75, visits: 3, fee: '0.00' }, reviewed: '2026-06-10',
      requirements: [DPI, PATENTE, RTU, NOTARISED_COPY, { name: 'Estudio técnico-económico del proyecto', evidence: 'document', basis: 'law', reference: 'Decreto 29-89, art. 8' },
        { name: 'Constancia de calificación anterior emitida por el Ministerio de Economía', evidence: 'certificate', issuer: 'same_institution', basis: 'none', prohibited: 'same_institution_document' }],
    },
    {
      code: 'MINECO-003', name: 'Emisión de certificado de origen para exportación', description: 'Certificación del origen de mercancías para acogerse a preferencias arancelarias de los tratados comerciales.',
      output: 'Certificado de origen', audience: 'business', category: 'Comercio exterior', foreignTrade: true, prioritized: true, channels: ['online'],
      onlineUrl: 'https://origen.mineco.gob.gt', formsUrl: 'https://origen.mineco.gob.gt/formularios', formsFree: true, fee: '0.00', legalBasis: 'Tratados de libre comercio vigentes; Acuerdo Ministerial 456-2019',
      legalDays: 3, actualDays: 2, volume: 38000, visits: 0, declaredLevel: 4, baseline: { days: 5, visits: 1, fee: '25.00' }, reviewed: '2026-10-02',
      requirements: [{ name: 'Factura comercial de la exportación', evidence: 'document', basis: 'law', reference: 'Tratados de libre comercio' },
        { name: 'Declaración del productor sobre el origen de la mercancía', evidence: 'form', basis: 'law', reference: 'Reglamentos de origen de los tratados' }, RTU],
    },
    {
      code: 'MINECO-004', name: 'Licencia de importación bajo contingente arancelario', description: 'Asignación y emisión de licencias para importar dentro de los contingentes arancelarios.',
      output: 'Licencia de importación', audience: 'business', category: 'Comercio exterior', foreignTrade: true, channels: ['in_person'], fee: '0.00',
      legalBasis: 'Acuerdo Gubernativo 32-2013', legalDays: 10, actualDays: 18, volume: 1900, visits: 2, declaredLevel: 1, baseline: { days: 20, visits: 3, fee: '0.00' }, reviewed: '2025-10-20',
      requirements: [DPI, PATENTE, NOTARISED_COPY, { name: 'Solicitud firmada con firma legalizada', evidence: 'form', basis: 'none', prohibited: 'notarised_signature' },
        { name: 'Constancia de la licencia del año anterior', evidence: 'certificate', issuer: 'same_institution', basis: 'none', prohibited: 'same_institution_document' }],
    },
    {
      code: 'MINECO-005', name: 'Registro de marca', description: 'Solicitud de registro de una marca ante el Registro de la Propiedad Intelectual.',
      output: 'Título de registro de marca', audience: 'both', category: 'Propiedad intelectual', channels: ['online', 'in_person'], onlineUrl: 'https://www.rpi.gob.gt',
      formsFree: true, fee: '110.00', legalBasis: 'Decreto 57-2000, Ley de Propiedad Industrial', legalDays: 120, actualDays: 210, volume: 14000, visits: 1, declaredLevel: 3,
      baseline: { days: 240, visits: 2, fee: '110.00' }, reviewed: '2026-02-11',
      requirements: [DPI, { name: 'Reproducción de la marca (diseño)', evidence: 'photo', basis: 'law', reference: 'Decreto 57-2000, art. 22' },
        { name: 'Comprobante de pago de la tasa', evidence: 'payment_receipt', basis: 'law', reference: 'Decreto 57-2000' }],
    },
  ],
  MAGA: [
    {
      code: 'MAGA-001', name: 'Certificado fitosanitario de exportación', description: 'Certificación de que los productos vegetales a exportar cumplen los requisitos fitosanitarios del país de destino.',
      output: 'Certificado fitosanitario', audience: 'business', category: 'Comercio exterior', foreignTrade: true, prioritized: true, channels: ['online', 'in_person'],
      onlineUrl: 'https://vupe.export.com.gt', fee: '100.00', legalBasis: 'Decreto 36-98, Ley de Sanidad Vegetal y Animal', legalDays: 2, actualDays: 2, volume: 61000, visits: 1,
      declaredLevel: 3, baseline: { days: 4, visits: 2, fee: '150.00' }, reviewed: '2026-08-30',
      requirements: [{ name: 'Solicitud en la ventanilla única de exportaciones', evidence: 'form', basis: 'law', reference: 'Decreto 36-98' },
        { name: 'Informe de inspección fitosanitaria', evidence: 'inspection', issuer: 'same_institution', basis: 'law', reference: 'Decreto 36-98, art. 28' }, PATENTE],
    },
    {
      code: 'MAGA-002', name: 'Permiso fitosanitario de importación', description: 'Autorización previa para importar plantas, productos y subproductos de origen vegetal.',
      output: 'Permiso de importación', audience: 'business', category: 'Comercio exterior', foreignTrade: true, prioritized: true, channels: ['in_person'], fee: '150.00',
      legalBasis: 'Acuerdo Gubernativo 745-99, Reglamento de la Ley de Sanidad Vegetal y Animal', legalDays: 5, actualDays: 9, volume: 22000, visits: 2, declaredLevel: 1,
      baseline: { days: 12, visits: 3, fee: '150.00' }, reviewed: '2025-05-14',
      requirements: [DPI, PATENTE, { name: 'Certificado fitosanitario del país de origen', evidence: 'certificate', issuer: 'other_institution', issuerInstitution: 'Autoridad fitosanitaria del país de origen', basis: 'law', reference: 'Convención Internacional de Protección Fitosanitaria' },
        { name: 'Traducción jurada del sello de apostilla del certificado de origen', evidence: 'document', basis: 'none', prohibited: 'apostille_translation' }],
    },
    {
      code: 'MAGA-003', name: 'Certificado zoosanitario de exportación', description: 'Certificación sanitaria de animales y productos de origen animal para exportación.',
      output: 'Certificado zoosanitario', audience: 'business', category: 'Comercio exterior', foreignTrade: true, channels: ['in_person', 'online'], fee: '100.00',
      legalBasis: 'Decreto 36-98', legalDays: 3, actualDays: 4, volume: 9000, visits: 1, declaredLevel: 2, baseline: { days: 6, visits: 2, fee: '100.00' }, reviewed: '2026-01-20',
      requirements: [{ name: 'Solicitud de certificación', evidence: 'form', basis: 'law', reference: 'Decreto 36-98' }, { name: 'Informe de laboratorio', evidence: 'certificate', basis: 'government_agreement', reference: 'Acuerdo Gubernativo 745-99' }],
    },
  ],
  MSPAS: [
    {
      code: 'MSPAS-001', name: 'Licencia sanitaria para establecimiento de alimentos', description: 'Autorización sanitaria para el funcionamiento de establecimientos que procesan o expenden alimentos.',
      output: 'Licencia sanitaria', audience: 'business', category: 'Salud', prioritized: true, channels: ['in_person'], fee: '300.00',
      legalBasis: 'Decreto 90-97, Código de Salud, art. 130', legalDays: 30, actualDays: 60, volume: 18000, visits: 3, declaredLevel: 1, baseline: { days: 90, visits: 4, fee: '300.00' }, reviewed: '2025-03-01',
      requirements: [DPI, PATENTE, { name: 'Tarjeta de salud del personal', evidence: 'certificate', issuer: 'same_institution', basis: 'government_agreement', reference: 'Acuerdo Gubernativo 969-99' },
        { name: 'Constancia de antecedentes policiacos del propietario', evidence: 'certificate', issuer: 'other_institution', issuerInstitution: 'PNC', basis: 'none', endedOn: '2024-07-01' },
        { name: 'Declaración jurada de cumplimiento de buenas prácticas', evidence: 'document', basis: 'none', prohibited: 'sworn_declaration' }],
    },
    {
      code: 'MSPAS-002', name: 'Registro sanitario de alimentos procesados', description: 'Inscripción sanitaria de alimentos procesados nacionales e importados.',
      output: 'Registro sanitario', audience: 'business', category: 'Comercio exterior', foreignTrade: true, prioritized: true, channels: ['online'], onlineUrl: 'https://regulacion.mspas.gob.gt',
      formsFree: true, fee: '1500.00', legalBasis: 'Reglamento Técnico Centroamericano RTCA 67.01.31:07', legalDays: 30, actualDays: 35, volume: 7000, visits: 0, declaredLevel: 3,
      baseline: { days: 60, visits: 2, fee: '1500.00' }, reviewed: '2026-07-07',
      requirements: [{ name: 'Etiqueta del producto', evidence: 'photo', basis: 'law', reference: 'RTCA 67.01.07:10' }, { name: 'Certificado de libre venta del país de origen', evidence: 'certificate', issuer: 'other_institution', issuerInstitution: 'Autoridad sanitaria del país de origen', basis: 'law', reference: 'RTCA 67.01.31:07' }],
    },
  ],
  MARN: [
    {
      code: 'MARN-001', name: 'Licencia ambiental para proyectos de categoría C', description: 'Aprobación del instrumento ambiental de proyectos de bajo impacto.',
      output: 'Licencia ambiental', audience: 'both', category: 'Ambiente', channels: ['in_person'], fee: '500.00', legalBasis: 'Acuerdo Gubernativo 137-2016, Reglamento de Evaluación, Control y Seguimiento Ambiental',
      legalDays: 20, actualDays: 45, volume: 5200, visits: 2, declaredLevel: 1, baseline: { days: 60, visits: 3, fee: '500.00' }, reviewed: '2025-11-30',
      requirements: [DPI, { name: 'Formulario de evaluación ambiental inicial', evidence: 'form', basis: 'government_agreement', reference: 'Acuerdo Gubernativo 137-2016' }, NOTARISED_COPY],
    },
  ],
  MINFIN: [
    {
      code: 'MINFIN-001', name: 'Inscripción en el Registro General de Adquisiciones del Estado', description: 'Inscripción de personas individuales o jurídicas como proveedoras del Estado.',
      output: 'Constancia de inscripción RGAE', audience: 'both', category: 'Compras públicas', prioritized: true, channels: ['online'], onlineUrl: 'https://rgae.gob.gt', formsFree: true,
      fee: '0.00', legalBasis: 'Decreto 57-92, Ley de Contrataciones del Estado, art. 71', legalDays: 10, actualDays: 6, volume: 25000, visits: 0, declaredLevel: 4,
      baseline: { days: 15, visits: 1, fee: '0.00' }, reviewed: '2026-10-15',
      requirements: [DPI, RTU, { name: 'Estados financieros del último ejercicio', evidence: 'document', basis: 'law', reference: 'Decreto 57-92' }],
    },
  ],
  MUNIGUATE: [
    {
      code: 'MUNIGUATE-001', name: 'Licencia de construcción', description: 'Autorización municipal para obras de construcción, ampliación o remodelación.',
      output: 'Licencia de construcción', audience: 'both', category: 'Construcción', prioritized: true, channels: ['online', 'in_person'], onlineUrl: 'https://www.muniguate.com/licencias',
      fee: '850.00', legalBasis: 'Reglamento de Construcción de la Ciudad de Guatemala', legalDays: 30, actualDays: 40, volume: 6000, visits: 1, declaredLevel: 3,
      baseline: { days: 75, visits: 3, fee: '850.00' }, reviewed: '2026-05-05',
      requirements: [DPI, { name: 'Planos firmados por profesional colegiado', evidence: 'document', basis: 'other_rule', reference: 'Reglamento de Construcción' },
        { name: 'Certificación del Registro de la Propiedad', evidence: 'certificate', issuer: 'other_institution', issuerInstitution: 'Registro General de la Propiedad', basis: 'other_rule', reference: 'Reglamento de Construcción', interop: true }],
    },
    {
      code: 'MUNIGUATE-002', name: 'Boleto de ornato', description: 'Pago anual del arbitrio de ornato municipal.', output: 'Boleto de ornato', audience: 'person', category: 'Tributos municipales',
      channels: ['online', 'in_person', 'kiosk'], onlineUrl: 'https://www.muniguate.com/ornato', fee: '15.00', legalBasis: 'Decreto 121-96, Ley del Impuesto de Ornato Municipal',
      legalDays: 0, actualDays: 0, volume: 900000, visits: 0, declaredLevel: 4, baseline: { days: 0, visits: 1, fee: '15.00' }, reviewed: '2026-01-10',
      requirements: [DPI],
    },
  ],
};

/** Inserts the demo inventory once (procedures that already exist are left as they are). */
export async function seedDemoProcedures(ds: DataSource, log: (m: string) => void): Promise<void> {
  let created = 0;
  let requirements = 0;
  for (const [institutionCode, procedures] of Object.entries(DEMO_PROCEDURES)) {
    await ds.transaction(async (em) => {
      const [inst] = await em.query(`SELECT id FROM institutions WHERE code = $1`, [institutionCode]);
      if (!inst) return;
      await em.query(`SELECT set_config('app.scope', 'tenant', true), set_config('app.institution_id', $1, true)`, [inst.id]);
      for (const p of procedures) {
        const rows = await em.query(
          `INSERT INTO procedures (institution_id, code, name, description, output, audience, category, foreign_trade, prioritized, channels, online_url,
             forms_url, forms_free, fee_gtq, legal_basis, legal_max_days, actual_median_days, annual_volume, in_person_visits, declared_level, target_level,
             target_date, last_reviewed_at, baseline_date, baseline_requirements, baseline_days, baseline_visits, baseline_fee_gtq)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,4,'2027-12-31',$21,'2021-11-30',$22,$23,$24,$25)
           ON CONFLICT (institution_id, code) DO NOTHING RETURNING id`,
          [inst.id, p.code, p.name, p.description, p.output, p.audience, p.category, p.foreignTrade ?? false, p.prioritized ?? false, p.channels, p.onlineUrl ?? null,
            p.formsUrl ?? null, p.formsFree ?? null, p.fee, p.legalBasis, p.legalDays, p.actualDays, p.volume, p.visits, p.declaredLevel, p.reviewed,
            p.requirements.length, p.baseline.days, p.baseline.visits, p.baseline.fee],
        );
        if (!rows.length) continue;
        created++;
        for (const r of p.requirements) {
          await em.query(
            `INSERT INTO requirements (institution_id, procedure_id, name, evidence_type, issuer, issuer_institution, legal_basis_type, legal_basis_reference,
               obtainable_by_interoperability, prohibited, prohibited_kind, effective_from, effective_to, status)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,'2021-09-01',$12,$13)`,
            [inst.id, rows[0].id, r.name, r.evidence ?? 'document', r.issuer ?? 'applicant', r.issuerInstitution ?? null, r.basis, r.reference ?? null,
              r.interop ?? false, Boolean(r.prohibited), r.prohibited ?? null, r.endedOn ?? null, r.endedOn ? 'eliminated' : 'active'],
          );
          requirements++;
        }
        await em.query(
          `INSERT INTO procedure_changes (institution_id, procedure_id, subject, subject_id, action) VALUES ($1, $2, 'procedure', $2, 'create')`,
          [inst.id, rows[0].id],
        );
      }
    });
  }
  log(`${created} trámites de demostración con ${requirements} requisitos`);
}
