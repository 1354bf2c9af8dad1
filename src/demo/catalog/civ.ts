import { LEX } from './legal';
import { doc, form, ownDocument, payment, REQ, sworn } from './requirements';
import { agreement, CatalogProcedure, law, NO_BASIS, rule } from './types';

const DGAC = { name: 'Dirección General de Aeronáutica Civil', code: 'CIV' };
const aviation = law(LEX.aviacion);
const transport = agreement(LEX.transporteExtraurbano);
const roads = rule('Especificaciones generales para construcción de carreteras y puentes (Dirección General de Caminos)');

/** Ministerio de Comunicaciones, Infraestructura y Vivienda: transporte, aeronáutica civil, caminos, vivienda, correos. */
export const CIV: CatalogProcedure[] = [
  {
    code: 'CIV-001', name: 'Licencia de transporte extraurbano de pasajeros', description: 'Licencia para prestar servicio de transporte de pasajeros por carretera en una ruta.',
    output: 'Licencia de transporte', audience: 'business', category: 'Transporte', prioritized: true,
    legalBasis: `${LEX.transportes}; ${LEX.transporteExtraurbano}`, fee: 1500, legalDays: 30, volume: 1400, story: { startLevel: 1, endLevel: 2 },
    requirements: [form(transport), REQ.patenteEmpresa, doc('Tarjeta de circulación de cada unidad', law(LEX.circulacion)), doc('Póliza de seguro de pasajeros', transport), REQ.antecedentesPenales, REQ.antecedentesPoliciacos],
  },
  {
    code: 'CIV-002', name: 'Renovación de licencia de transporte extraurbano', description: 'Renovación anual de la licencia de transporte de pasajeros.',
    output: 'Licencia renovada', audience: 'business', category: 'Transporte',
    legalBasis: LEX.transporteExtraurbano, fee: 750, legalDays: 15, volume: 1200,
    requirements: [form(transport), ownDocument('Licencia anterior', { name: 'Dirección General de Transportes', code: 'CIV' }, transport), doc('Póliza de seguro vigente', transport), REQ.igssSolvencia],
  },
  {
    code: 'CIV-003', name: 'Permiso especial de pesos y dimensiones', description: 'Permiso para circular con carga que excede los pesos o dimensiones permitidos.',
    output: 'Permiso especial', audience: 'business', category: 'Transporte', foreignTrade: true,
    legalBasis: LEX.pesosDimensiones, fee: 500, legalDays: 5, volume: 6500, story: { startLevel: 2, endLevel: 3 },
    requirements: [form(agreement(LEX.pesosDimensiones)), doc('Tarjeta de circulación', law(LEX.circulacion)), doc('Ruta propuesta', agreement(LEX.pesosDimensiones))],
  },
  {
    code: 'CIV-004', name: 'Licencia de piloto privado', description: 'Licencia para pilotar aeronaves privadas.',
    output: 'Licencia de piloto', audience: 'person', category: 'Aeronáutica civil',
    legalBasis: LEX.aviacion, fee: 600, legalDays: 30, volume: 180,
    requirements: [REQ.dpi, { name: 'Certificado médico aeronáutico', evidence: 'certificate', basis: aviation }, doc('Bitácora de horas de vuelo', aviation), REQ.antecedentesPenales],
  },
  {
    code: 'CIV-005', name: 'Certificado de aeronavegabilidad', description: 'Certificación de que una aeronave cumple las condiciones técnicas para volar.',
    output: 'Certificado de aeronavegabilidad', audience: 'business', category: 'Aeronáutica civil',
    legalBasis: LEX.aviacion, fee: 1500, legalDays: 30, volume: 350,
    requirements: [form(aviation), ownDocument('Certificado de matrícula de la aeronave', DGAC, aviation), doc('Registros de mantenimiento', aviation)],
  },
  {
    code: 'CIV-006', name: 'Matrícula de aeronave en el Registro Aeronáutico Nacional', description: 'Inscripción de aeronaves y de sus propietarios.',
    output: 'Certificado de matrícula', audience: 'business', category: 'Aeronáutica civil', foreignTrade: true,
    legalBasis: LEX.aviacion, fee: 2000, legalDays: 30, volume: 90,
    requirements: [doc('Título de propiedad de la aeronave', aviation), doc('Certificado de baja de la matrícula extranjera', aviation), REQ.apostilleTranslation, doc('Póliza de importación', law(LEX.cauca))],
  },
  {
    code: 'CIV-007', name: 'Permiso de operación de vuelos no regulares', description: 'Permiso de sobrevuelo y aterrizaje para vuelos chárter y privados extranjeros.',
    output: 'Permiso de operación', audience: 'business', category: 'Aeronáutica civil', foreignTrade: true,
    legalBasis: LEX.aviacion, fee: 300, legalDays: 3, volume: 4200, story: { startLevel: 3, endLevel: 4 },
    requirements: [form(aviation), doc('Certificado de aeronavegabilidad', aviation), doc('Póliza de seguro', aviation)],
  },
  {
    code: 'CIV-008', name: 'Licencia de operador de cable', description: 'Registro de empresas que distribuyen señales de televisión por cable.',
    output: 'Licencia de operación', audience: 'business', category: 'Telecomunicaciones',
    legalBasis: LEX.cable, fee: 1000, legalDays: 30, volume: 160,
    requirements: [form(law(LEX.cable)), REQ.patenteEmpresa, doc('Contratos de programación', law(LEX.cable)), sworn('de cobertura del servicio')],
  },
  {
    code: 'CIV-009', name: 'Subsidio para vivienda popular', description: 'Subsidio directo para construir, mejorar o comprar vivienda de interés social.',
    output: 'Resolución de subsidio', audience: 'person', category: 'Vivienda', lifeEvent: 'Construir una vivienda', prioritized: true,
    legalBasis: LEX.vivienda, fee: 0, legalDays: 90, volume: 8000, story: { startLevel: 1, endLevel: 2 },
    requirements: [REQ.dpi, REQ.registroPropiedad, { name: 'Estudio socioeconómico', evidence: 'inspection', from: { name: 'Viceministerio de Vivienda', code: 'CIV' }, basis: law(LEX.vivienda) },
      sworn('de no poseer otra vivienda'), REQ.ornato],
  },
  {
    code: 'CIV-010', name: 'Arrendamiento de apartado postal', description: 'Contratación anual de un apartado postal.',
    output: 'Contrato de apartado', audience: 'both', category: 'Correos',
    legalBasis: 'Acuerdo Gubernativo 520-2016, Reglamento del Servicio Postal', fee: 150, legalDays: 1, volume: 2300,
    requirements: [REQ.dpi, payment(agreement('Acuerdo Gubernativo 520-2016'))],
  },
  {
    code: 'CIV-011', name: 'Autorización de acceso a carretera', description: 'Autorización para construir accesos a carreteras de la red vial.',
    output: 'Autorización', audience: 'both', category: 'Caminos',
    legalBasis: 'Reglamento de Derecho de Vía de los Caminos Públicos', fee: 500, legalDays: 30, volume: 700,
    requirements: [form(roads), doc('Planos del acceso', roads), REQ.registroPropiedad, REQ.dpiNotarised],
  },
  {
    code: 'CIV-012', name: 'Autorización de uso del derecho de vía', description: 'Autorización para instalar servicios (redes, tuberías) en el derecho de vía.',
    output: 'Autorización', audience: 'business', category: 'Caminos',
    legalBasis: 'Reglamento de Derecho de Vía de los Caminos Públicos', fee: 1000, legalDays: 30, volume: 400,
    requirements: [form(roads), doc('Planos de la obra', roads), doc('Fianza de cumplimiento', NO_BASIS)],
  },
  {
    code: 'CIV-013', name: 'Licencia de mecánico de aviación', description: 'Licencia técnica para el mantenimiento de aeronaves.',
    output: 'Licencia técnica', audience: 'person', category: 'Aeronáutica civil',
    legalBasis: LEX.aviacion, fee: 400, legalDays: 30, volume: 120,
    requirements: [REQ.dpi, doc('Certificado de estudios técnicos', aviation), doc('Constancia de experiencia', aviation)],
  },
  {
    code: 'CIV-014', name: 'Certificación de datos meteorológicos', description: 'Certificación de registros de lluvia, temperatura y otros datos del INSIVUMEH.',
    output: 'Certificación', audience: 'both', category: 'Meteorología',
    legalBasis: 'Acuerdo Gubernativo 520-99, Reglamento Orgánico Interno del CIV', fee: 50, legalDays: 5, volume: 1600, story: { startLevel: 2, endLevel: 4 },
    requirements: [form(rule('Acuerdo Gubernativo 520-99'))],
  },
  {
    code: 'CIV-015', name: 'Registro de empresa de transporte de carga', description: 'Inscripción de empresas que prestan transporte de carga por carretera.',
    output: 'Constancia de registro', audience: 'business', category: 'Transporte', foreignTrade: true,
    legalBasis: LEX.transportes, fee: 300, legalDays: 15, volume: 2600, story: { addedLater: true },
    requirements: [form(law(LEX.transportes)), REQ.patenteEmpresa, REQ.rtu, doc('Tarjeta de circulación de las unidades', law(LEX.circulacion))],
  },
  {
    code: 'CIV-016', name: 'Envío de encomienda internacional', description: 'Envío postal internacional de paquetes.',
    output: 'Guía de envío', audience: 'person', category: 'Correos',
    legalBasis: 'Convenio Postal Universal; Acuerdo Gubernativo 520-2016', fee: null, legalDays: null, volume: null, story: { unknownTimes: true },
    requirements: [REQ.dpi, doc('Declaración de aduanas (CN22/CN23)', rule('Convenio Postal Universal'))],
  },
];
