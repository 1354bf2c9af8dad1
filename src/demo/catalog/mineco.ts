import { LEX } from './legal';
import { doc, form, ISSUERS, notarisedSignature, ownDocument, payment, REQ, sworn } from './requirements';
import { agreement, CatalogProcedure, law, NO_BASIS, rule } from './types';

const RM = ISSUERS.registroMercantil;
const DACE = { name: 'Dirección de Administración del Comercio Exterior', code: 'MINECO' };
const RPI = { name: 'Registro de la Propiedad Intelectual', code: 'MINECO' };
const commerce = law(LEX.codigoComercio);
const exporting = law(LEX.exportacion);
const industrial = law(LEX.propiedadIndustrial);

/** Ministerio de Economía: Registro Mercantil, comercio exterior (DACE, VUPE), propiedad intelectual, DIACO and registries. */
export const MINECO: CatalogProcedure[] = [
  {
    code: 'MINECO-001', name: 'Inscripción de empresa mercantil individual', description: 'Registro de una empresa individual en el Registro Mercantil General de la República y emisión de su patente de comercio.',
    output: 'Patente de comercio de empresa', audience: 'business', category: 'Apertura de empresas', lifeEvent: 'Abrir una empresa', prioritized: true,
    legalBasis: `${LEX.codigoComercio}, arts. 334–337`, fee: 100, legalDays: 8, volume: 42000, story: { startLevel: 2, endLevel: 4 },
    requirements: [REQ.dpi, REQ.rtu, form(agreement('Acuerdo Gubernativo 30-2020, Arancel del Registro Mercantil')), payment(agreement('Acuerdo Gubernativo 30-2020')),
      sworn('de no tener otra empresa inscrita con el mismo nombre')],
  },
  {
    code: 'MINECO-002', name: 'Calificación de empresa exportadora (Decreto 29-89)', description: 'Calificación para gozar de los beneficios del régimen de fomento de la actividad exportadora y de maquila.',
    output: 'Resolución de calificación', audience: 'business', category: 'Comercio exterior', foreignTrade: true, prioritized: true,
    legalBasis: LEX.exportacion, fee: 0, legalDays: 30, volume: 650, story: { startLevel: 1, endLevel: 2, pending: true },
    requirements: [REQ.dpiRepresentative, REQ.patenteSociedad, REQ.rtu, REQ.nombramientoNotarised, doc('Estudio técnico-económico del proyecto', law(`${LEX.exportacion}, art. 8`)),
      ownDocument('Constancia de calificación anterior emitida por el Ministerio de Economía', DACE)],
  },
  {
    code: 'MINECO-003', name: 'Emisión de certificado de origen para exportación', description: 'Certificación del origen de mercancías para acogerse a las preferencias arancelarias de los tratados comerciales.',
    output: 'Certificado de origen', audience: 'business', category: 'Comercio exterior', foreignTrade: true, prioritized: true,
    legalBasis: 'Tratados de libre comercio vigentes; Acuerdo Ministerial 456-2019', fee: 0, legalDays: 3, volume: 38000, story: { startLevel: 3, endLevel: 4 },
    requirements: [doc('Factura comercial de la exportación', law('Tratados de libre comercio vigentes')), form(law('Reglamentos de origen de los tratados'), 'Declaración del productor sobre el origen de la mercancía'),
      REQ.rtu, { name: 'Fotocopia autenticada de la factura comercial', evidence: 'document', basis: NO_BASIS, practice: 'notarised_signature', simplifiesTo: 'Factura comercial en formato electrónico' }],
  },
  {
    code: 'MINECO-004', name: 'Licencia de importación bajo contingente arancelario', description: 'Asignación y emisión de licencias para importar dentro de los contingentes arancelarios de los tratados.',
    output: 'Licencia de importación', audience: 'business', category: 'Comercio exterior', foreignTrade: true,
    legalBasis: 'Acuerdo Gubernativo 32-2013', fee: 0, legalDays: 10, volume: 1900, story: { startLevel: 1, endLevel: 1 },
    requirements: [REQ.dpiRepresentative, REQ.patenteSociedad, REQ.nombramientoNotarised, notarisedSignature('Solicitud'),
      ownDocument('Constancia de la licencia asignada el año anterior', DACE)],
  },
  {
    code: 'MINECO-005', name: 'Registro de marca', description: 'Solicitud de registro de una marca de productos o servicios ante el Registro de la Propiedad Intelectual.',
    output: 'Título de registro de marca', audience: 'both', category: 'Propiedad intelectual',
    legalBasis: LEX.propiedadIndustrial, fee: 110, legalDays: 120, volume: 14000, story: { startLevel: 2, endLevel: 3 },
    requirements: [REQ.dpi, { name: 'Reproducción de la marca (diseño)', evidence: 'photo', basis: law(`${LEX.propiedadIndustrial}, art. 22`) }, payment(industrial, 'Comprobante de pago de la tasa')],
  },
  {
    code: 'MINECO-006', name: 'Inscripción de sociedad anónima', description: 'Inscripción provisional y definitiva de una sociedad anónima en el Registro Mercantil.',
    output: 'Patente de comercio de sociedad', audience: 'business', category: 'Apertura de empresas', lifeEvent: 'Abrir una empresa', prioritized: true,
    legalBasis: `${LEX.codigoComercio}, arts. 86–108 y 334–337`, fee: 275, legalDays: 10, volume: 9500, story: { startLevel: 2, endLevel: 4 },
    requirements: [REQ.escritura, REQ.dpiRepresentative, form(commerce), payment(agreement('Acuerdo Gubernativo 30-2020')),
      { name: 'Edicto publicado en el Diario de Centro América', evidence: 'document', basis: law(`${LEX.codigoComercio}, art. 340`) }],
  },
  {
    code: 'MINECO-007', name: 'Inscripción de sociedad de responsabilidad limitada', description: 'Inscripción de una sociedad de responsabilidad limitada en el Registro Mercantil.',
    output: 'Patente de comercio de sociedad', audience: 'business', category: 'Apertura de empresas', lifeEvent: 'Abrir una empresa',
    legalBasis: `${LEX.codigoComercio}, arts. 78–85`, fee: 275, legalDays: 10, volume: 1800,
    requirements: [REQ.escritura, REQ.dpiRepresentative, form(commerce), payment(agreement('Acuerdo Gubernativo 30-2020'))],
  },
  {
    code: 'MINECO-008', name: 'Inscripción de nombramiento de representante legal', description: 'Inscripción del acta notarial de nombramiento del administrador o representante legal de una sociedad.',
    output: 'Razón de inscripción del nombramiento', audience: 'business', category: 'Registro Mercantil',
    legalBasis: LEX.codigoComercio, fee: 75, legalDays: 5, volume: 30000,
    requirements: [doc('Acta notarial de nombramiento', commerce), REQ.dpiRepresentative, ownDocument('Fotocopia de la patente de comercio de la sociedad', RM),
      notarisedSignature('Certificación del punto de acta de la asamblea')],
  },
  {
    code: 'MINECO-009', name: 'Modificación de escritura social (aumento de capital)', description: 'Inscripción de modificaciones a la escritura constitutiva, como aumentos de capital o cambios de denominación.',
    output: 'Razón de inscripción de la modificación', audience: 'business', category: 'Registro Mercantil',
    legalBasis: LEX.codigoComercio, fee: 150, legalDays: 10, volume: 4200,
    requirements: [doc('Testimonio de la escritura de modificación', commerce), REQ.dpiRepresentative, REQ.nombramiento, ownDocument('Certificación de inscripción de la sociedad', RM)],
  },
  {
    code: 'MINECO-010', name: 'Inscripción de sucursal de sociedad extranjera', description: 'Autorización e inscripción de sociedades constituidas en el extranjero que operarán en Guatemala.',
    output: 'Patente de comercio de sociedad extranjera', audience: 'business', category: 'Inversión extranjera', foreignTrade: true,
    legalBasis: `${LEX.codigoComercio}, arts. 213–226`, fee: 750, legalDays: 30, volume: 240,
    requirements: [doc('Documentos constitutivos de la sociedad, apostillados', commerce), REQ.apostilleTranslation, doc('Mandato del representante en Guatemala', commerce),
      { name: 'Constancia de fianza a favor de terceros', evidence: 'document', basis: law(`${LEX.codigoComercio}, art. 215`) }],
  },
  {
    code: 'MINECO-011', name: 'Cancelación de inscripción de empresa mercantil', description: 'Cancelación de la inscripción de una empresa individual que cesa sus operaciones.',
    output: 'Razón de cancelación', audience: 'business', category: 'Registro Mercantil', lifeEvent: 'Cerrar una empresa',
    legalBasis: LEX.codigoComercio, fee: 50, legalDays: 8, volume: 6100,
    requirements: [REQ.dpi, ownDocument('Patente de comercio de empresa original', RM), REQ.solvenciaFiscal, sworn('de no tener obligaciones pendientes con trabajadores')],
  },
  {
    code: 'MINECO-012', name: 'Certificación de inscripción en el Registro Mercantil', description: 'Certificación de los datos inscritos de una empresa o sociedad.',
    output: 'Certificación registral', audience: 'both', category: 'Registro Mercantil',
    legalBasis: LEX.codigoComercio, fee: 25, legalDays: 2, volume: 60000, story: { startLevel: 3, endLevel: 5 },
    requirements: [form(commerce), payment(agreement('Acuerdo Gubernativo 30-2020'))],
  },
  {
    code: 'MINECO-013', name: 'Reposición de patente de comercio por extravío', description: 'Emisión de un duplicado de la patente de comercio extraviada o deteriorada.',
    output: 'Duplicado de patente de comercio', audience: 'business', category: 'Registro Mercantil',
    legalBasis: LEX.codigoComercio, fee: 50, legalDays: 5, volume: 3500,
    requirements: [REQ.dpi, REQ.lossReport, { name: 'Publicación del aviso de extravío en un diario de mayor circulación', evidence: 'document', basis: NO_BASIS }],
  },
  {
    code: 'MINECO-014', name: 'Inscripción como exportador en la Ventanilla Única para las Exportaciones (VUPE)', description: 'Obtención del código de exportador, requisito para emitir declaraciones de exportación; la VUPE la opera AGEXPORT por delegación.',
    output: 'Código de exportador', audience: 'business', category: 'Comercio exterior', foreignTrade: true, prioritized: true, lifeEvent: 'Exportar',
    legalBasis: `${LEX.exportacion}; convenio de administración de la VUPE (MINECO–AGEXPORT)`, fee: 0, legalDays: 1, volume: 2500, story: { startLevel: 3, endLevel: 4 },
    requirements: [REQ.dpiRepresentative, REQ.rtu, REQ.patenteSociedad, form(rule('Convenio de administración de la VUPE'), 'Formulario de registro de exportador')],
  },
  {
    code: 'MINECO-015', name: 'Declaración de exportación (DEX / DUCA-F) en la VUPE', description: 'Autorización electrónica de cada embarque de exportación de mercancías no tradicionales.',
    output: 'Declaración de exportación autorizada', audience: 'business', category: 'Comercio exterior', foreignTrade: true, prioritized: true, lifeEvent: 'Exportar',
    legalBasis: `${LEX.cauca}; ${LEX.exportacion}`, fee: 15, legalDays: 1, volume: 160000, story: { startLevel: 4, endLevel: 4 },
    requirements: [doc('Factura comercial', law(LEX.cauca)), { name: 'Código de exportador vigente', evidence: 'other', from: { name: 'Ventanilla Única para las Exportaciones', code: 'MINECO' }, basis: law(LEX.exportacion) }],
  },
  {
    code: 'MINECO-016', name: 'Calificación como usuario de zona franca', description: 'Autorización para operar como usuario industrial, comercial o de servicios dentro de una zona franca.',
    output: 'Resolución de calificación', audience: 'business', category: 'Comercio exterior', foreignTrade: true,
    legalBasis: LEX.zonasFrancas, fee: 0, legalDays: 45, volume: 120,
    requirements: [REQ.dpiRepresentative, REQ.escritura, REQ.rtu, doc('Contrato con la entidad administradora de la zona franca', law(LEX.zonasFrancas)), sworn('sobre el origen lícito de los fondos')],
  },
  {
    code: 'MINECO-017', name: 'Autorización de importación temporal con reexportación (perfeccionamiento activo)', description: 'Autorización de mercancías que ingresan con suspensión de derechos para ser transformadas y reexportadas.',
    output: 'Resolución de autorización', audience: 'business', category: 'Comercio exterior', foreignTrade: true,
    legalBasis: `${LEX.exportacion}, art. 12`, fee: 0, legalDays: 15, volume: 900,
    requirements: [REQ.dpiRepresentative, ownDocument('Resolución de calificación como exportadora', DACE, law(LEX.exportacion)), doc('Listado de insumos y coeficientes de transformación', exporting)],
  },
  {
    code: 'MINECO-018', name: 'Registro de patente de invención', description: 'Solicitud de protección de una invención ante el Registro de la Propiedad Intelectual.',
    output: 'Título de patente', audience: 'both', category: 'Propiedad intelectual',
    legalBasis: LEX.propiedadIndustrial, fee: 500, legalDays: null, volume: 450, story: { unknownTimes: true },
    requirements: [REQ.dpi, doc('Memoria descriptiva, reivindicaciones y dibujos', industrial), payment(industrial), REQ.apostilleTranslation],
  },
  {
    code: 'MINECO-019', name: 'Renovación de registro de marca', description: 'Renovación por diez años del registro de una marca.',
    output: 'Certificado de renovación', audience: 'both', category: 'Propiedad intelectual',
    legalBasis: LEX.propiedadIndustrial, fee: 110, legalDays: 30, volume: 5200,
    requirements: [form(industrial), payment(industrial), ownDocument('Fotocopia del título de registro de la marca', RPI)],
  },
  {
    code: 'MINECO-020', name: 'Registro de nombre comercial', description: 'Inscripción del nombre con que se identifica una empresa o establecimiento.',
    output: 'Certificado de registro de nombre comercial', audience: 'business', category: 'Propiedad intelectual',
    legalBasis: LEX.propiedadIndustrial, fee: 110, legalDays: 60, volume: 3100,
    requirements: [REQ.dpi, REQ.patenteEmpresa, payment(industrial)],
  },
  {
    code: 'MINECO-021', name: 'Inscripción de derecho de autor', description: 'Inscripción de obras literarias, artísticas, musicales o de programas de computación.',
    output: 'Certificado de inscripción', audience: 'person', category: 'Propiedad intelectual',
    legalBasis: LEX.derechoAutor, fee: 50, legalDays: 30, volume: 1400,
    requirements: [REQ.dpi, doc('Ejemplar de la obra', law(LEX.derechoAutor)), form(law(LEX.derechoAutor))],
  },
  {
    code: 'MINECO-022', name: 'Inscripción de garantía mobiliaria', description: 'Inscripción electrónica del formulario de garantía mobiliaria en el Registro de Garantías Mobiliarias.',
    output: 'Constancia de inscripción', audience: 'both', category: 'Registros', prioritized: true,
    legalBasis: LEX.garantiasMobiliarias, fee: 50, legalDays: 1, volume: 48000, story: { startLevel: 4, endLevel: 5 },
    requirements: [form(law(LEX.garantiasMobiliarias), 'Formulario electrónico de inscripción'), payment(law(LEX.garantiasMobiliarias))],
  },
  {
    code: 'MINECO-023', name: 'Certificación de garantías mobiliarias', description: 'Certificación de las garantías inscritas sobre un deudor o un bien.',
    output: 'Certificación', audience: 'both', category: 'Registros',
    legalBasis: LEX.garantiasMobiliarias, fee: 25, legalDays: 1, volume: 12000, story: { startLevel: 4, endLevel: 4 },
    requirements: [form(law(LEX.garantiasMobiliarias)), payment(law(LEX.garantiasMobiliarias))],
  },
  {
    code: 'MINECO-024', name: 'Queja de consumidor ante la DIACO', description: 'Presentación de una queja contra un proveedor de bienes o servicios y conciliación.',
    output: 'Acta de conciliación o resolución', audience: 'person', category: 'Protección al consumidor',
    legalBasis: LEX.consumidor, fee: 0, legalDays: 30, volume: 25000, story: { startLevel: 2, endLevel: 3 },
    requirements: [REQ.dpi, doc('Factura o comprobante de la compra', law(LEX.consumidor))],
  },
  {
    code: 'MINECO-025', name: 'Registro de contrato de adhesión', description: 'Aprobación y registro de los contratos de adhesión que los proveedores usan con los consumidores.',
    output: 'Resolución de registro', audience: 'business', category: 'Protección al consumidor',
    legalBasis: `${LEX.consumidor}, art. 47`, fee: 0, legalDays: 30, volume: 900,
    requirements: [REQ.dpiRepresentative, REQ.nombramientoNotarised, doc('Modelo del contrato', law(LEX.consumidor)), REQ.patenteSociedad],
  },
  {
    code: 'MINECO-026', name: 'Inscripción de agente de valores', description: 'Inscripción de casas de bolsa y agentes en el Registro del Mercado de Valores y Mercancías.',
    output: 'Resolución de inscripción', audience: 'business', category: 'Mercado de valores',
    legalBasis: LEX.mercadoValores, fee: 1500, legalDays: 30, volume: 40,
    requirements: [REQ.escritura, REQ.nombramiento, doc('Estados financieros auditados', law(LEX.mercadoValores)), REQ.antecedentesPenales, REQ.antecedentesPoliciacos],
  },
  {
    code: 'MINECO-027', name: 'Inscripción de prestador de servicios de certificación de firma electrónica', description: 'Autorización de entidades que emiten certificados de firma electrónica avanzada.',
    output: 'Resolución de inscripción', audience: 'business', category: 'Gobierno digital',
    legalBasis: LEX.firmaElectronica, fee: 5000, legalDays: 60, volume: 6,
    requirements: [REQ.escritura, doc('Informe de auditoría técnica de la infraestructura', law(LEX.firmaElectronica)), { name: 'Póliza de seguro de responsabilidad', evidence: 'document', basis: law(LEX.firmaElectronica) }],
  },
  {
    code: 'MINECO-028', name: 'Solicitud de investigación por prácticas desleales de comercio', description: 'Investigación de importaciones en condiciones de dumping o subvencionadas.',
    output: 'Resolución final', audience: 'business', category: 'Comercio exterior', foreignTrade: true,
    legalBasis: 'Reglamento Centroamericano sobre Prácticas Desleales de Comercio', fee: 0, legalDays: 120, volume: 8,
    requirements: [REQ.dpiRepresentative, doc('Información sobre el producto, el daño y la relación causal', rule('Reglamento Centroamericano sobre Prácticas Desleales de Comercio'))],
  },
  {
    code: 'MINECO-029', name: 'Verificación de instrumentos de medición', description: 'Verificación y sellado de balanzas, surtidores y otros instrumentos de medición comercial.',
    output: 'Certificado de verificación', audience: 'business', category: 'Metrología',
    legalBasis: LEX.calidad, fee: 150, legalDays: 15, volume: 7400,
    requirements: [form(law(LEX.calidad)), REQ.patenteEmpresa, payment(law(LEX.calidad))],
  },
  {
    code: 'MINECO-030', name: 'Acreditación de organismos de evaluación de la conformidad', description: 'Acreditación de laboratorios y organismos de inspección y certificación por la Oficina Guatemalteca de Acreditación.',
    output: 'Certificado de acreditación', audience: 'business', category: 'Calidad',
    legalBasis: LEX.calidad, fee: 8000, legalDays: 120, volume: 35,
    requirements: [form(law(LEX.calidad)), doc('Manual del sistema de gestión', law(LEX.calidad)), REQ.nombramiento],
  },
  {
    code: 'MINECO-031', name: 'Solicitud de crédito del programa de apoyo a la MIPYME', description: 'Financiamiento a micro, pequeñas y medianas empresas por medio de entidades de intermediación.',
    output: 'Resolución de crédito', audience: 'business', category: 'Desarrollo empresarial',
    legalBasis: 'Acuerdo Gubernativo 211-2015, Reglamento del Programa Nacional para el Desarrollo de la MIPYME', fee: 0, legalDays: 30, volume: 2100,
    requirements: [REQ.dpi, REQ.patenteEmpresa, REQ.rtu, doc('Plan de negocios', NO_BASIS), sworn('de ingresos')],
  },
  {
    code: 'MINECO-032', name: 'Asignación de contingente arancelario de exportación', description: 'Distribución entre exportadores de los contingentes de exportación negociados en los tratados.',
    output: 'Resolución de asignación', audience: 'business', category: 'Comercio exterior', foreignTrade: true,
    legalBasis: 'Acuerdo Gubernativo 32-2013', fee: 0, legalDays: 15, volume: 300,
    requirements: [REQ.dpiRepresentative, ownDocument('Código de exportador', { name: 'Ventanilla Única para las Exportaciones', code: 'MINECO' }), doc('Historial de exportaciones de los últimos tres años', NO_BASIS)],
  },
  {
    code: 'MINECO-033', name: 'Modificación de datos de empresa mercantil individual', description: 'Cambio de dirección, objeto o propietario de una empresa individual inscrita.',
    output: 'Razón de modificación', audience: 'business', category: 'Registro Mercantil',
    legalBasis: LEX.codigoComercio, fee: 75, legalDays: 5, volume: 9800, story: { addedLater: true },
    requirements: [REQ.dpi, ownDocument('Patente de comercio de empresa original', RM), form(commerce)],
  },
  {
    code: 'MINECO-034', name: 'Constancia de empresa no inscrita', description: 'Constancia de que una persona no tiene empresas inscritas en el Registro Mercantil.',
    output: 'Constancia', audience: 'person', category: 'Registro Mercantil',
    legalBasis: LEX.codigoComercio, fee: 25, legalDays: 2, volume: 5200, story: { eliminatedDaysAgo: 75 },
    requirements: [REQ.dpi, payment(agreement('Acuerdo Gubernativo 30-2020'))],
  },
];
