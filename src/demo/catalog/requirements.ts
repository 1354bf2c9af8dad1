import { LEX } from './legal';
import { Basis, CatalogRequirement, Issuer, law, NO_BASIS, rule } from './types';

/** Issuers that appear in many inventories. A code marks one of the demo institutions (same institution → Art. 13). */
export const ISSUERS = {
  renap: { name: 'Registro Nacional de las Personas (RENAP)' },
  sat: { name: 'Superintendencia de Administración Tributaria (SAT)', code: 'SAT' },
  registroMercantil: { name: 'Registro Mercantil General de la República', code: 'MINECO' },
  pnc: { name: 'Policía Nacional Civil', code: 'MINGOB' },
  organismoJudicial: { name: 'Organismo Judicial, Unidad de Antecedentes Penales' },
  municipalidad: { name: 'Municipalidad de Guatemala', code: 'MUNIGUATE' },
  registroPropiedad: { name: 'Registro General de la Propiedad' },
  igss: { name: 'Instituto Guatemalteco de Seguridad Social (IGSS)' },
  mspas: { name: 'Ministerio de Salud Pública y Asistencia Social', code: 'MSPAS' },
  marn: { name: 'Ministerio de Ambiente y Recursos Naturales', code: 'MARN' },
  maga: { name: 'Ministerio de Agricultura, Ganadería y Alimentación', code: 'MAGA' },
  mineduc: { name: 'Ministerio de Educación', code: 'MINEDUC' },
  minex: { name: 'Ministerio de Relaciones Exteriores', code: 'MINEX' },
  personasJuridicas: { name: 'Registro de las Personas Jurídicas (REPEJU)', code: 'MINGOB' },
  colegio: { name: 'Colegio profesional respectivo' },
  foreign: { name: 'Autoridad competente del país de origen' },
} satisfies Record<string, Issuer>;

const doc = (name: string, basis: Basis, extra: Partial<CatalogRequirement> = {}): CatalogRequirement => ({
  name,
  evidence: 'document',
  basis,
  ...extra,
});

/** Requirements most procedures share, written once. */
export const REQ = {
  dpi: {
    name: 'Documento Personal de Identificación (DPI) del solicitante',
    evidence: 'identification',
    from: ISSUERS.renap,
    basis: law(LEX.renap),
    interop: true,
  },
  dpiRepresentative: {
    name: 'DPI del representante legal',
    evidence: 'identification',
    from: ISSUERS.renap,
    basis: law(LEX.renap),
    interop: true,
  },
  dpiNotarised: {
    name: 'Fotocopia del DPI autenticada por notario',
    evidence: 'document',
    basis: NO_BASIS,
    practice: 'notarised_signature',
    simplifiesTo: 'Fotocopia simple del DPI',
  },
  rtu: {
    name: 'Constancia de inscripción y actualización en el RTU',
    evidence: 'certificate',
    from: ISSUERS.sat,
    basis: law(`${LEX.codigoTributario}, art. 120`),
    interop: true,
  },
  solvenciaFiscal: {
    name: 'Solvencia fiscal vigente',
    evidence: 'certificate',
    from: ISSUERS.sat,
    basis: law(LEX.codigoTributario),
    interop: true,
  },
  patenteEmpresa: {
    name: 'Patente de comercio de empresa',
    evidence: 'certificate',
    from: ISSUERS.registroMercantil,
    basis: law(`${LEX.codigoComercio}, art. 334`),
    interop: true,
  },
  patenteSociedad: {
    name: 'Patente de comercio de sociedad',
    evidence: 'certificate',
    from: ISSUERS.registroMercantil,
    basis: law(`${LEX.codigoComercio}, art. 334`),
    interop: true,
  },
  nombramiento: {
    name: 'Nombramiento del representante legal inscrito en el Registro Mercantil',
    evidence: 'certificate',
    from: ISSUERS.registroMercantil,
    basis: law(LEX.codigoComercio),
    interop: true,
  },
  nombramientoNotarised: {
    name: 'Fotocopia autenticada por notario del nombramiento del representante legal',
    evidence: 'document',
    basis: NO_BASIS,
    practice: 'notarised_signature',
    simplifiesTo: 'Número de registro del nombramiento del representante legal',
  },
  escritura: doc('Testimonio de la escritura constitutiva', law(`${LEX.codigoComercio}, art. 16`)),
  antecedentesPenales: {
    name: 'Constancia de carencia de antecedentes penales',
    evidence: 'certificate',
    from: ISSUERS.organismoJudicial,
    basis: rule('Acuerdo de la Corte Suprema de Justicia'),
    interop: true,
  },
  antecedentesPoliciacos: {
    name: 'Constancia de carencia de antecedentes policiacos',
    evidence: 'certificate',
    from: ISSUERS.pnc,
    basis: law(LEX.pnc),
    interop: true,
  },
  ornato: {
    name: 'Boleto de ornato del año en curso',
    evidence: 'payment_receipt',
    from: ISSUERS.municipalidad,
    basis: law(LEX.ornato),
    interop: true,
  },
  registroPropiedad: {
    name: 'Certificación del Registro General de la Propiedad',
    evidence: 'certificate',
    from: ISSUERS.registroPropiedad,
    basis: law('Decreto-Ley 106, Código Civil, arts. 1124–1250'),
    interop: true,
  },
  photo: { name: 'Fotografía reciente tamaño cédula', evidence: 'photo', basis: NO_BASIS },
  igssSolvencia: {
    name: 'Constancia de solvencia patronal del IGSS',
    evidence: 'certificate',
    from: ISSUERS.igss,
    basis: rule('Acuerdo 1118 de la Junta Directiva del IGSS'),
    interop: true,
  },
  apostilleTranslation: {
    name: 'Traducción jurada del sello de apostilla de los documentos extranjeros',
    evidence: 'document',
    basis: NO_BASIS,
    practice: 'apostille_translation',
  },
  lossReport: {
    name: 'Copia de la denuncia por extravío presentada ante la Policía Nacional Civil',
    evidence: 'document',
    from: ISSUERS.pnc,
    basis: NO_BASIS,
    practice: 'police_report_for_loss',
  },
} satisfies Record<string, CatalogRequirement>;

/** The application form of a procedure, on the procedure's own legal basis. */
export const form = (basis: Basis, name = 'Formulario de solicitud'): CatalogRequirement => ({ name, evidence: 'form', basis });
/** Proof of payment of the procedure's fee. */
export const payment = (basis: Basis, name = 'Comprobante de pago del arancel'): CatalogRequirement => ({
  name,
  evidence: 'payment_receipt',
  basis,
});
/** A sworn declaration (Art. 12 forbids asking for one). */
export const sworn = (what: string): CatalogRequirement => ({
  name: `Declaración jurada en acta notarial ${what}`,
  evidence: 'document',
  basis: NO_BASIS,
  practice: 'sworn_declaration',
});
/** A signature legalised by a notary (forbidden: the law presumes good faith). */
export const notarisedSignature = (what: string): CatalogRequirement => ({
  name: `${what} con firma legalizada por notario`,
  evidence: 'document',
  basis: NO_BASIS,
  practice: 'notarised_signature',
});
/** A document the asking institution issued itself (Art. 13). */
export const ownDocument = (name: string, issuer: Issuer, basis: Basis = NO_BASIS): CatalogRequirement => ({
  name,
  evidence: 'certificate',
  from: issuer,
  basis,
});
export { doc };
